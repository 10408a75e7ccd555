/*
 * bench_sms_codec - how many SMS segments per second the codecs handle on
 * one core, for a 160-character GSM text and a 70-character UCS-2 text:
 * encode (UTF-8 -> encoding choice -> segment plan -> packed TP-UD), decode
 * (TP-UD -> units -> UTF-8), and the same with the SMS-SUBMIT / SMS-DELIVER
 * PDU around it. Prints one line per case.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dcs.h"
#include "sms_err.h"
#include "sms_segment.h"
#include "sms_text.h"
#include "sms_ud.h"
#include "tpdu.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static volatile size_t g_sink;

struct bench_case {
	const char *name;
	const char *text;
};

static void check(int rc, const char *what)
{
	if (rc != SMS_OK) {
		fprintf(stderr, "%s: %s\n", what, sms_err_str(rc));
		exit(1);
	}
}

static size_t encode_once(const char *text, size_t len, uint8_t *ud, struct sms_ud *u,
			  struct sms_text *t)
{
	static uint8_t buf[SMS_TEXT_BUF_SIZE(1024)];
	struct sms_plan plan;
	check(sms_text_encode(text, len, NULL, buf, sizeof buf, t, NULL), "encode");
	check(sms_segment_plan(t, NULL, &plan), "plan");
	for (unsigned i = 0; i < plan.count; i++)
		check(sms_segment_ud(t, &plan, i, true, ud, SMS_UD_MAX, u), "ud");
	return plan.count;
}

static size_t decode_once(const uint8_t *ud, const struct sms_ud *u, enum sms_charset cs)
{
	uint8_t units[200];
	char out[700];
	struct udh h;
	struct sms_text t;
	size_t n;
	struct sms_ud_in in = {.ud = ud, .ud_len = u->len, .udl = u->udl, .udhi = u->udhi,
			       .packed = true, .charset = cs};
	check(sms_ud_decode(&in, &h, units, sizeof units, &t), "ud decode");
	check(sms_text_to_utf8(&t, out, sizeof out, &n), "to utf8");
	return n;
}

static void report(const char *name, const char *what, double secs, size_t segments)
{
	printf("%-12s %-22s %10.0f segments/s  (%.0f ns/segment)\n", name, what,
	       (double)segments / secs, secs * 1e9 / (double)segments);
}

int main(int argc, char **argv)
{
	double budget = 1.0;
	if (argc > 1)
		budget = strcmp(argv[1], "--quick") == 0 ? 0.05 : atof(argv[1]);
	if (budget <= 0)
		budget = 1.0;
	static char gsm160[161], ucs70[300];
	const char *base = "The quick brown fox jumps over the lazy dog. Meter 42 reports 17.5 m3, "
			   "energy 12.34 GJ at 2026-01-31 23:59; call +37061234567 now! ";
	for (int i = 0; i < 160; i++)
		gsm160[i] = base[i % (int)strlen(base)];
	const char *cyr = "Съешь же ещё этих мягких французских булок, да выпей чаю. Счётчик: 42 ";
	size_t o = 0;
	for (size_t i = 0; o < 140; i++) { /* 70 two-byte characters */
		size_t k = i % strlen(cyr);
		size_t cl = ((unsigned char)cyr[k] & 0x80) ? 2 : 1;
		if (cl == 1)
			continue;
		memcpy(ucs70 + o, cyr + k, 2);
		o += 2;
		i++;
	}
	ucs70[o] = '\0';
	const struct bench_case cases[] = {{"gsm7-160", gsm160}, {"ucs2-70", ucs70}};

	for (size_t c = 0; c < 2; c++) {
		const char *text = cases[c].text;
		size_t len = strlen(text);
		uint8_t ud[SMS_UD_MAX];
		struct sms_ud u;
		struct sms_text t;
		if (encode_once(text, len, ud, &u, &t) != 1) {
			fprintf(stderr, "%s is not one segment\n", cases[c].name);
			return 1;
		}

		size_t segs = 0;
		double t0 = now(), t1;
		do {
			for (int k = 0; k < 1000; k++)
				segs += encode_once(text, len, ud, &u, &t);
		} while ((t1 = now()) - t0 < budget);
		report(cases[c].name, "encode", t1 - t0, segs);

		segs = 0;
		t0 = now();
		do {
			for (int k = 0; k < 1000; k++) {
				g_sink += decode_once(ud, &u, t.charset);
				segs++;
			}
		} while ((t1 = now()) - t0 < budget);
		report(cases[c].name, "decode", t1 - t0, segs);

		/* with the PDU around it: SMS-SUBMIT for AT+CMGS, and decoding it back */
		struct tpdu_submit s = {.da = {.ton = 1, .npi = 1, .text = "37061234567"},
					.vpf = TPDU_VPF_RELATIVE, .vp_relative = 167};
		uint8_t pdu[TPDU_MAX];
		size_t plen = 0, tl;
		segs = 0;
		t0 = now();
		do {
			for (int k = 0; k < 1000; k++) {
				encode_once(text, len, ud, &u, &t);
				check(dcs_encode(t.charset, -1, &s.dcs), "dcs");
				s.udhi = u.udhi;
				s.udl = (uint8_t)u.udl;
				s.ud = ud;
				s.ud_len = u.len;
				check(tpdu_submit_encode(&s, pdu, sizeof pdu, &plen, &tl), "submit");
				segs++;
			}
		} while ((t1 = now()) - t0 < budget);
		report(cases[c].name, "encode+SMS-SUBMIT", t1 - t0, segs);

		segs = 0;
		t0 = now();
		do {
			for (int k = 0; k < 1000; k++) {
				struct tpdu d;
				check(tpdu_decode(pdu, plen, &d), "tpdu decode");
				struct sms_ud du = {.len = d.ud_len, .udl = d.udl, .udhi = d.udhi};
				g_sink += decode_once(d.ud, &du, d.dcs_info.charset);
				segs++;
			}
		} while ((t1 = now()) - t0 < budget);
		report(cases[c].name, "PDU decode+text", t1 - t0, segs);
	}
	return g_sink == 0;
}
