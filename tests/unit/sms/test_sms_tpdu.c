/*
 * 3GPP TS 23.040 PDUs: SMS-SUBMIT encoding and SMS-DELIVER /
 * SMS-STATUS-REPORT / SMS-SUBMIT decoding against published PDUs
 * (tests/data/sms/ vector files), semi-octet addresses, time stamps,
 * validity periods and malformed input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "dcs.h"
#include "hex.h"
#include "sms_err.h"
#include "sms_segment.h"
#include "sms_test_util.h"
#include "sms_text.h"
#include "sms_ud.h"
#include "tpdu.h"
#include "tpdu_addr.h"

static int err_code(const char *name)
{
	static const struct {
		const char *name;
		int code;
	} names[] = {{"ESHORT", SMS_ESHORT}, {"EBADLEN", SMS_EBADLEN}, {"EBADCODE", SMS_EBADCODE},
		     {"EUNSUPPORTED", SMS_EUNSUPPORTED}};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(names[i].name, name) == 0)
			return names[i].code;
	fail_msg("unknown error name %s", name);
	return 0;
}

static void check_time(const struct tpdu_time *t, const char *want)
{
	unsigned y, mo, d, h, mi, s;
	int q;
	assert_int_equal(sscanf(want, "%u-%u-%u %u:%u:%u %d", &y, &mo, &d, &h, &mi, &s, &q), 7);
	assert_int_equal(t->year, y);
	assert_int_equal(t->month, mo);
	assert_int_equal(t->day, d);
	assert_int_equal(t->hour, h);
	assert_int_equal(t->minute, mi);
	assert_int_equal(t->second, s);
	assert_int_equal(t->tz_quarters, q);
}

static void check_text(const struct tpdu *t, const char *want)
{
	uint8_t units[200];
	struct udh udh;
	struct sms_text text;
	struct sms_ud_in in = {.ud = t->ud, .ud_len = t->ud_len, .udl = t->udl, .udhi = t->udhi,
			       .packed = true, .charset = t->dcs_info.charset};
	assert_int_equal(sms_ud_decode(&in, &udh, units, sizeof units, &text), SMS_OK);
	char out[600];
	size_t n;
	assert_int_equal(sms_text_to_utf8(&text, out, sizeof out, &n), SMS_OK);
	if (n != strlen(want) || memcmp(out, want, n) != 0)
		fail_msg("text \"%.*s\" want \"%s\"", (int)n, out, want);
}

static void test_decode_vectors(void **state)
{
	(void)state;
	FILE *f = tu_open("decode_vectors.txt");
	assert_non_null(f);
	struct tu_rec r;
	int line = 0, count = 0;
	while (tu_rec_next(f, &r, &line)) {
		uint8_t pdu[200];
		size_t n = tu_hex(tu_get(&r, "pdu"), pdu, sizeof pdu);
		struct tpdu t;
		int rc = tpdu_decode(pdu, n, &t);
		const char *v;
		print_message("record at line %d (%s)\n", r.line, tu_get(&r, "source"));
		count++;
		if ((v = tu_get(&r, "error"))) {
			assert_int_equal(rc, err_code(v));
			continue;
		}
		assert_int_equal(rc, SMS_OK);
		v = tu_get(&r, "type");
		assert_int_equal(t.type, strcmp(v, "deliver") == 0  ? TPDU_DELIVER
					 : strcmp(v, "submit") == 0 ? TPDU_SUBMIT
								    : TPDU_STATUS_REPORT);
		if ((v = tu_get(&r, "sca")))
			assert_string_equal(t.sca.text, v);
		if ((v = tu_get(&r, "sca_ton")))
			assert_int_equal(t.sca.ton, atoi(v));
		if ((v = tu_get(&r, "addr")))
			assert_string_equal(t.addr.text, v);
		if ((v = tu_get(&r, "ton")))
			assert_int_equal(t.addr.ton, atoi(v));
		if ((v = tu_get(&r, "npi")))
			assert_int_equal(t.addr.npi, atoi(v));
		if ((v = tu_get(&r, "mr")))
			assert_int_equal(t.mr, atoi(v));
		if ((v = tu_get(&r, "dcs")))
			assert_int_equal(t.dcs, atoi(v));
		if ((v = tu_get(&r, "srr")))
			assert_int_equal(t.srr, atoi(v));
		if ((v = tu_get(&r, "scts")))
			check_time(&t.scts, v);
		if ((v = tu_get(&r, "dt")))
			check_time(&t.dt, v);
		if ((v = tu_get(&r, "st")))
			assert_int_equal(t.st, atoi(v));
		if ((v = tu_get(&r, "status")))
			assert_int_equal(t.status, strcmp(v, "delivered") == 0 ? TPDU_ST_DELIVERED
						   : strcmp(v, "pending") == 0 ? TPDU_ST_PENDING
									       : TPDU_ST_FAILED);
		if ((v = tu_get(&r, "vpf")))
			assert_int_equal(t.vpf, strcmp(v, "relative") == 0 ? TPDU_VPF_RELATIVE
						: strcmp(v, "absolute") == 0 ? TPDU_VPF_ABSOLUTE
									     : TPDU_VPF_ENHANCED);
		if ((v = tu_get(&r, "vp")))
			assert_int_equal(t.vp[0], atoi(v));
		if ((v = tu_get(&r, "vp_abs"))) {
			struct wire_reader vr;
			struct tpdu_time vt;
			wire_reader_init(&vr, t.vp, 7);
			assert_int_equal(tpdu_time_read(&vr, &vt), SMS_OK);
			check_time(&vt, v);
		}
		if ((v = tu_get(&r, "udh"))) {
			unsigned ref, total, seq;
			struct udh udh;
			size_t h;
			assert_int_equal(sscanf(v, "%u/%u/%u", &ref, &total, &seq), 3);
			assert_true(t.udhi);
			assert_int_equal(udh_parse(t.ud, t.ud_len, &udh, &h), SMS_OK);
			assert_int_equal(udh.f.concat, 8);
			assert_int_equal(udh.f.ref, ref);
			assert_int_equal(udh.f.total, total);
			assert_int_equal(udh.f.seq, seq);
		}
		if ((v = tu_get(&r, "text")))
			check_text(&t, v);
		if ((v = tu_get(&r, "binary"))) {
			uint8_t want[160];
			size_t wl = tu_hex(v, want, sizeof want);
			assert_int_equal(t.dcs_info.charset, SMS_CS_8BIT);
			assert_int_equal(t.ud_len, wl);
			assert_memory_equal(t.ud, want, wl);
		}
	}
	fclose(f);
	assert_true(count >= 13);
}

static char g_lorem[1024];

static void fill_addr(struct sms_addr *a, const char *s, const char *ton)
{
	if (s[0] == '+') {
		a->ton = TPDU_TON_INTERNATIONAL;
		s++;
	} else {
		a->ton = ton ? (uint8_t)atoi(ton) : TPDU_TON_UNKNOWN;
	}
	a->npi = TPDU_NPI_ISDN;
	snprintf(a->text, sizeof a->text, "%s", s);
}

static void test_submit_vectors(void **state)
{
	(void)state;
	FILE *lf = tu_open("lorem.txt");
	assert_non_null(lf);
	size_t ll = fread(g_lorem, 1, sizeof g_lorem - 1, lf);
	fclose(lf);
	FILE *f = tu_open("submit_vectors.txt");
	assert_non_null(f);
	struct tu_rec r;
	int line = 0, count = 0;
	while (tu_rec_next(f, &r, &line)) {
		print_message("record at line %d (%s)\n", r.line, tu_get(&r, "source"));
		uint8_t want[200], out[TPDU_MAX], units[1024], ud[SMS_UD_MAX];
		size_t wl = tu_hex(tu_get(&r, "pdu"), want, sizeof want);
		const char *v, *text = tu_get(&r, "text");
		size_t tl = text ? strlen(text) : ll;
		if (!text)
			text = g_lorem;
		struct sms_text_opts to = {0};
		if ((v = tu_get(&r, "coding")) && strcmp(v, "ucs2") == 0)
			to.coding = SMS_CODING_UCS2;
		struct sms_text t;
		assert_int_equal(sms_text_encode(text, tl, &to, units, sizeof units, &t, NULL), SMS_OK);
		struct sms_plan plan;
		struct sms_segment_opts so = {.ref = 0};
		unsigned seq = 1;
		if ((v = tu_get(&r, "udh"))) {
			unsigned ref, total;
			assert_int_equal(sscanf(v, "%u/%u/%u", &ref, &total, &seq), 3);
			so.ref = (uint16_t)ref;
		}
		assert_int_equal(sms_segment_plan(&t, &so, &plan), SMS_OK);
		struct sms_ud u;
		assert_int_equal(sms_segment_ud(&t, &plan, seq - 1, true, ud, sizeof ud, &u), SMS_OK);

		struct tpdu_submit s = {0};
		if ((v = tu_get(&r, "sca")))
			fill_addr(&s.sca, v, tu_get(&r, "sca_ton"));
		fill_addr(&s.da, tu_get(&r, "da"), tu_get(&r, "da_ton"));
		s.mr = (uint8_t)atoi(tu_get(&r, "mr"));
		s.reject_duplicates = (v = tu_get(&r, "rd")) && atoi(v);
		s.srr = (v = tu_get(&r, "srr")) && atoi(v);
		if ((v = tu_get(&r, "vp_rel"))) {
			s.vpf = TPDU_VPF_RELATIVE;
			s.vp_relative = (uint8_t)strtoul(v, NULL, 16);
		}
		if ((v = tu_get(&r, "vp_abs"))) {
			unsigned y, mo, d, h, mi, sec;
			int q;
			assert_int_equal(sscanf(v, "%2u%2u%2u%2u%2u%2u%d", &y, &mo, &d, &h, &mi, &sec, &q), 7);
			s.vpf = TPDU_VPF_ABSOLUTE;
			s.vp_absolute = (struct tpdu_time){(uint8_t)y, (uint8_t)mo, (uint8_t)d, (uint8_t)h,
							   (uint8_t)mi, (uint8_t)sec, (int8_t)q};
		}
		assert_int_equal(dcs_encode(t.charset, -1, &s.dcs), SMS_OK);
		s.udhi = u.udhi;
		s.udl = (uint8_t)u.udl;
		s.ud = ud;
		s.ud_len = u.len;
		size_t len, tpdu_len;
		assert_int_equal(tpdu_submit_encode(&s, out, sizeof out, &len, &tpdu_len), SMS_OK);
		if (len != wl || memcmp(out, want, wl) != 0)
			fail_msg("got  %s\nwant %s", tu_tohex(out, len), tu_get(&r, "pdu"));
		if ((v = tu_get(&r, "tpdu_len")))
			assert_int_equal(tpdu_len, atoi(v));
		/* and the hex the modem gets */
		char hex[2 * TPDU_MAX + 1];
		assert_int_equal(hex_encode(out, len, hex, sizeof hex), SMS_OK);
		assert_string_equal(hex, tu_get(&r, "pdu"));
		count++;
	}
	fclose(f);
	assert_true(count >= 7);
}

/* python-gsmmodem TestSmsPduAddressFields / TestSmsPduSmscFields, both directions. */
static void test_address_fields(void **state)
{
	(void)state;
	const struct {
		uint8_t ton;
		const char *text, *hex;
	} v[] = {
		{1, "9876543210", "0A918967452301"},
		{1, "987654321", "099189674523F1"},
		{1, "27829135934", "0B917228195339F4"},
		{5, "abc", "06D061F118"},
		{5, "FRANCOIS", "0ED04669D0397C26A7"},
		{5, "a[]{}€", "14D0E10D6FE3DBA036A94D19"},
		{2, "0129998765", "0AA11092997856"},
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		uint8_t want[32], out[32];
		size_t wl = tu_hex(v[i].hex, want, sizeof want);
		struct wire_reader r;
		struct sms_addr a;
		wire_reader_init(&r, want, wl);
		assert_int_equal(tpdu_addr_read(&r, &a), SMS_OK);
		assert_int_equal(r.pos, wl);
		assert_int_equal(a.ton, v[i].ton);
		assert_string_equal(a.text, v[i].text);
		struct wire_writer w;
		wire_writer_init(&w, out, sizeof out);
		assert_int_equal(tpdu_addr_write(&w, &a), SMS_OK);
		assert_int_equal(w.pos, wl);
		assert_memory_equal(out, want, wl);
	}
	const struct {
		const char *text, *hex;
	} sca[] = {{"9876543210", "06918967452301"}, {"987654321", "069189674523F1"},
		   {"2782913593", "06917228195339"}};
	for (size_t i = 0; i < sizeof sca / sizeof sca[0]; i++) {
		uint8_t want[16], out[16];
		size_t wl = tu_hex(sca[i].hex, want, sizeof want);
		struct wire_reader r;
		struct sms_addr a;
		wire_reader_init(&r, want, wl);
		assert_int_equal(tpdu_sca_read(&r, &a), SMS_OK);
		assert_string_equal(a.text, sca[i].text);
		struct wire_writer w;
		wire_writer_init(&w, out, sizeof out);
		assert_int_equal(tpdu_sca_write(&w, &a), SMS_OK);
		assert_memory_equal(out, want, wl);
	}
}

static void test_address_malformed(void **state)
{
	(void)state;
	const struct {
		const char *hex;
		int rc;
	} bad[] = {
		{"", SMS_ESHORT},
		{"0B", SMS_ESHORT},
		{"0B917228195339", SMS_ESHORT},     /* 11 digits need 6 octets */
		{"0A91F967452301", SMS_EBADCODE},    /* filler in the middle */
		{"09918967452331", SMS_EBADCODE},    /* odd length without the F filler */
		{"1591000000000000000000000000", SMS_EBADLEN}, /* 21 digits */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		uint8_t b[32];
		size_t n = tu_hex(bad[i].hex, b, sizeof b);
		struct wire_reader r;
		struct sms_addr a;
		wire_reader_init(&r, b, n);
		assert_int_equal(tpdu_addr_read(&r, &a), bad[i].rc);
		assert_int_equal(r.pos, 0);
	}
	struct sms_addr a = {.ton = 1, .npi = 1, .text = "12x4"};
	uint8_t out[32];
	struct wire_writer w;
	wire_writer_init(&w, out, sizeof out);
	assert_int_equal(tpdu_addr_write(&w, &a), SMS_EBADCODE);
	struct sms_addr al = {.ton = 5, .text = "TwelveChars!"};
	wire_writer_init(&w, out, sizeof out);
	assert_int_equal(tpdu_addr_write(&w, &al), SMS_EBADLEN);
	wire_writer_init(&w, out, 3);
	struct sms_addr ok = {.ton = 1, .npi = 1, .text = "37061234567"};
	assert_int_equal(tpdu_addr_write(&w, &ok), SMS_ENOSPACE);
	/* SCA longer than 24.011 allows */
	const uint8_t sca[] = {0x0C, 0x91, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
	struct wire_reader r;
	wire_reader_init(&r, sca, sizeof sca);
	assert_int_equal(tpdu_sca_read(&r, &a), SMS_EBADLEN);
}

/* python-gsmmodem TestTimestamp and TestRelativeValidityPeriod; 23.040 9.2.3.12.1 table. */
static void test_times_and_validity(void **state)
{
	(void)state;
	const struct {
		const char *hex;
		struct tpdu_time t;
		int64_t unix_time;
	} v[] = {
		{"51117200000000", {15, 11, 27, 0, 0, 0, 0}, 1448582400},
		{"51117200000080", {15, 11, 27, 0, 0, 0, 8}, 1448582400 - 7200},
		{"70402132522423", {7, 4, 12, 23, 25, 42, 32}, 1176420342 - 28800},
		{"7040213252242B", {7, 4, 12, 23, 25, 42, -32}, 1176420342 + 28800},
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		uint8_t b[7], out[7];
		tu_hex(v[i].hex, b, sizeof b);
		struct wire_reader r;
		struct tpdu_time t;
		wire_reader_init(&r, b, 7);
		assert_int_equal(tpdu_time_read(&r, &t), SMS_OK);
		assert_memory_equal(&t, &v[i].t, sizeof t);
		struct wire_writer w;
		wire_writer_init(&w, out, sizeof out);
		assert_int_equal(tpdu_time_write(&w, &v[i].t), SMS_OK);
		assert_memory_equal(out, b, 7);
		int64_t u;
		assert_int_equal(tpdu_time_to_unix(&t, &u), SMS_OK);
		assert_int_equal(u, v[i].unix_time);
	}
	uint8_t bad[7];
	tu_hex("5111720000A000", bad, sizeof bad);
	struct wire_reader r;
	struct tpdu_time t;
	wire_reader_init(&r, bad, 7);
	assert_int_equal(tpdu_time_read(&r, &t), SMS_EBADCODE);
	wire_reader_init(&r, bad, 6);
	assert_int_equal(tpdu_time_read(&r, &t), SMS_ESHORT);
	struct tpdu_time feb30 = {21, 2, 29, 0, 0, 0, 0};
	int64_t u;
	assert_int_equal(tpdu_time_to_unix(&feb30, &u), SMS_EINVAL);
	feb30.year = 24;
	assert_int_equal(tpdu_time_to_unix(&feb30, &u), SMS_OK);

	assert_int_equal(tpdu_vp_relative_from_seconds(30 * 60), 5);
	assert_int_equal(tpdu_vp_relative_from_seconds(16 * 3600), 151);
	assert_int_equal(tpdu_vp_relative_from_seconds(3 * 86400), 169);
	assert_int_equal(tpdu_vp_relative_from_seconds(5 * 7 * 86400), 197);
	assert_int_equal(tpdu_vp_relative_seconds(0), 300);
	assert_int_equal(tpdu_vp_relative_seconds(143), 12 * 3600);
	assert_int_equal(tpdu_vp_relative_seconds(167), 24 * 3600);
	assert_int_equal(tpdu_vp_relative_seconds(196), 30 * 86400);
	assert_int_equal(tpdu_vp_relative_seconds(255), 63 * 7 * 86400);
	assert_int_equal(tpdu_vp_relative_from_seconds(UINT32_MAX), 255);
}

static void test_status_classes(void **state)
{
	(void)state;
	assert_int_equal(tpdu_status_class(0x00), TPDU_ST_DELIVERED);
	assert_int_equal(tpdu_status_class(0x02), TPDU_ST_DELIVERED);
	assert_int_equal(tpdu_status_class(0x20), TPDU_ST_PENDING);
	assert_int_equal(tpdu_status_class(0x3F), TPDU_ST_PENDING);
	assert_int_equal(tpdu_status_class(0x40), TPDU_ST_FAILED);
	assert_int_equal(tpdu_status_class(0x60), TPDU_ST_FAILED);
	assert_int_equal(tpdu_status_class(0xFF), TPDU_ST_FAILED);
}

/*
 * A status report with TP-PI announcing PID, DCS and user data, built by hand
 * from 23.040 9.2.2.3: SCA none, first 06, MR 05, RA +37061234567, SCTS and
 * DT, ST 0x41 (permanent: incompatible destination), PI 07, PID 00, DCS 00,
 * UDL 02, UD "hi" packed (E8 34).
 */
static void test_status_report_with_pi(void **state)
{
	(void)state;
	uint8_t b[64];
	size_t n = tu_hex("00 06 05 0B91 7360214365F7 42 10 12 01 00 00 80 42 10 12 01 00 30 80 41 07 00 00 02 E834",
			  b, sizeof b);
	struct tpdu t;
	assert_int_equal(tpdu_decode(b, n, &t), SMS_OK);
	assert_int_equal(t.type, TPDU_STATUS_REPORT);
	assert_int_equal(t.mr, 5);
	assert_string_equal(t.addr.text, "37061234567");
	assert_int_equal(t.st, 0x41);
	assert_int_equal(t.status, TPDU_ST_FAILED);
	assert_int_equal(t.dt.second, 3);
	check_text(&t, "hi");
	/* every truncation fails cleanly, except right after TP-ST: TP-PI is optional */
	assert_int_equal(n, 32);
	for (size_t cut = 0; cut < n; cut++) {
		int rc = tpdu_decode(b, cut, &t);
		if (cut == 26)
			assert_int_equal(rc, SMS_OK);
		else
			assert_true(rc == SMS_ESHORT || rc == SMS_EBADLEN);
	}
	assert_int_equal(tpdu_decode(b, 26, &t), SMS_OK);
	assert_null(t.ud);
}

static void test_decode_malformed(void **state)
{
	(void)state;
	uint8_t b[200];
	struct tpdu t;
	/* every prefix of a good DELIVER is an error, never a crash */
	size_t n = tu_hex("07915892000000F0040B915892214365F700007040213252242331493A283D0795C3F33C88FE"
			  "06C9CB6132885EC6D341EDF27C1E3E97E7207B3A0C0A5241E377BB1D7693E72E",
			  b, sizeof b);
	for (size_t cut = 0; cut < n; cut++)
		assert_int_not_equal(tpdu_decode(b, cut, &t), SMS_OK);
	assert_int_equal(tpdu_decode(b, n, &t), SMS_OK);
	/* UDL above 160 septets */
	n = tu_hex("00 04 0B917228214365F7 00 00 31308051206180 A1", b, sizeof b);
	assert_int_equal(tpdu_decode(b, n, &t), SMS_EBADLEN);
	/* reserved MTI 11 */
	n = tu_hex("0003", b, sizeof b);
	assert_int_equal(tpdu_decode(b, n, &t), SMS_EUNSUPPORTED);
	/* UDH length past the end of the user data */
	n = tu_hex("00440B917228214365F700003130805120618003FF0000", b, sizeof b);
	assert_int_equal(tpdu_decode(b, n, &t), SMS_OK);
	uint8_t units[200];
	struct udh udh;
	struct sms_text text;
	struct sms_ud_in in = {.ud = t.ud, .ud_len = t.ud_len, .udl = t.udl, .udhi = true,
			       .packed = true, .charset = SMS_CS_GSM7};
	assert_int_equal(sms_ud_decode(&in, &udh, units, sizeof units, &text), SMS_ESHORT);
	/* a UDH longer than the UDL allows for text */
	in.ud = (const uint8_t *)"\x05\x00\x03\x01\x02\x01";
	in.ud_len = 6;
	in.udl = 6;
	assert_int_equal(sms_ud_decode(&in, &udh, units, sizeof units, &text), SMS_EBADLEN);
	/* unpacked GSM with a byte above 0x7F */
	in = (struct sms_ud_in){.ud = (const uint8_t *)"a\x80", .ud_len = 2, .udl = 2,
				.charset = SMS_CS_GSM7};
	assert_int_equal(sms_ud_decode(&in, &udh, units, sizeof units, &text), SMS_EBADCODE);
}

static void test_submit_encode_errors(void **state)
{
	(void)state;
	uint8_t out[TPDU_MAX], ud[141] = {0};
	size_t len, tl;
	struct tpdu_submit s = {.da = {.ton = 1, .npi = 1, .text = "37061234567"}, .dcs = 0x04};
	s.ud = ud;
	s.ud_len = 141;
	s.udl = 141;
	assert_int_equal(tpdu_submit_encode(&s, out, sizeof out, &len, &tl), SMS_EINVAL);
	s.ud_len = 10;
	s.udl = 11; /* disagrees with 8-bit data */
	assert_int_equal(tpdu_submit_encode(&s, out, sizeof out, &len, &tl), SMS_EINVAL);
	s.udl = 10;
	assert_int_equal(tpdu_submit_encode(&s, out, 20, &len, &tl), SMS_ENOSPACE);
	assert_int_equal(tpdu_submit_encode(&s, out, sizeof out, &len, &tl), SMS_OK);
	assert_int_equal(len, tl + 1);
	/* round trip through the decoder, with enhanced validity */
	s.vpf = TPDU_VPF_ENHANCED;
	s.vp_enhanced[0] = 0x41;
	s.srr = s.reply_path = true;
	s.mr = 0x7F;
	assert_int_equal(tpdu_submit_encode(&s, out, sizeof out, &len, &tl), SMS_OK);
	struct tpdu t;
	assert_int_equal(tpdu_decode(out, len, &t), SMS_OK);
	assert_int_equal(t.type, TPDU_SUBMIT);
	assert_int_equal(t.vpf, TPDU_VPF_ENHANCED);
	assert_int_equal(t.vp[0], 0x41);
	assert_true(t.srr);
	assert_true(t.reply_path);
	assert_int_equal(t.mr, 0x7F);
	assert_string_equal(t.addr.text, "37061234567");
	assert_int_equal(t.ud_len, 10);
	s.vpf = TPDU_VPF_ABSOLUTE;
	s.vp_absolute = (struct tpdu_time){24, 13, 1, 0, 0, 0, 0};
	assert_int_equal(tpdu_submit_encode(&s, out, sizeof out, &len, &tl), SMS_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_vectors),
		cmocka_unit_test(test_submit_vectors),
		cmocka_unit_test(test_address_fields),
		cmocka_unit_test(test_address_malformed),
		cmocka_unit_test(test_times_and_validity),
		cmocka_unit_test(test_status_classes),
		cmocka_unit_test(test_status_report_with_pi),
		cmocka_unit_test(test_decode_malformed),
		cmocka_unit_test(test_submit_encode_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
