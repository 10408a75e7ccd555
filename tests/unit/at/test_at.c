/*
 * The AT protocol codecs: line classification against the vectors in
 * tests/data/at/lines.txt, framing of byte streams into lines and prompts
 * (split anywhere, noise, overlong lines), response parameters, +CMS error
 * classes and chat script lines.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "at_args.h"
#include "at_chat.h"
#include "at_cms.h"
#include "at_line.h"
#include "at_rx.h"
#include "test_data.h"

static FILE *open_data(const char *name)
{
	return test_open_data("at", name);
}

static enum at_kind kind_named(const char *name)
{
	for (int k = AT_K_TEXT; k <= AT_K_INFO; k++)
		if (strcmp(at_kind_name((enum at_kind)k), name) == 0)
			return (enum at_kind)k;
	fail_msg("unknown kind %s", name);
	return AT_K_TEXT;
}

static void test_line_vectors(void **state)
{
	(void)state;
	FILE *f = open_data("lines.txt");
	assert_non_null(f);
	char buf[2048];
	int n = 0, lineno = 0;
	while (fgets(buf, sizeof buf, f)) {
		lineno++;
		buf[strcspn(buf, "\r\n")] = '\0';
		if (buf[0] == '#' || buf[0] == '\0')
			continue;
		char *fld[6];
		int nf = 0;
		char *p = buf;
		while (nf < 6) {
			fld[nf++] = p;
			char *t = strchr(p, '\t');
			if (!t)
				break;
			*t = '\0';
			p = t + 1;
		}
		assert_int_equal(nf, 6);
		struct at_line l;
		at_line_parse(fld[5], &l);
		if (l.kind != kind_named(fld[0]))
			fail_msg("lines.txt:%d: '%s' is %s, want %s", lineno, fld[5], at_kind_name(l.kind),
				 fld[0]);
		if (strcmp(fld[1], "-") != 0)
			assert_string_equal(l.name, fld[1]);
		else
			assert_string_equal(l.name, "");
		assert_int_equal(l.code, atoi(fld[2]));
		assert_int_equal(l.unsolicited, strchr(fld[3], 'u') != NULL);
		assert_int_equal(l.pdu_follows, strchr(fld[3], 'p') != NULL);
		assert_string_equal(l.args, fld[4]);
		assert_int_equal(at_kind_is_final(l.kind),
				 l.kind != AT_K_TEXT && l.kind != AT_K_INFO && l.kind != AT_K_RING);
		n++;
	}
	fclose(f);
	assert_true(n >= 45);
}

/* Feeds stream in chunks of chunk bytes; collects "L:line" / "P" / "T:line" events joined by '|'. */
static void frame(const char *stream, size_t len, size_t chunk, char *out, size_t cap)
{
	static struct at_rx rx;
	at_rx_init(&rx);
	out[0] = '\0';
	for (size_t off = 0; off < len;) {
		size_t n = len - off < chunk ? len - off : chunk;
		const uint8_t *p = (const uint8_t *)stream + off;
		size_t used = 0;
		while (used < n) {
			enum at_rx_event ev;
			used += at_rx_feed(&rx, p + used, n - used, &ev);
			char item[AT_RX_LINE_MAX + 8];
			if (ev == AT_RX_LINE)
				snprintf(item, sizeof item, "%s:%s|", rx.truncated ? "T" : "L", rx.line);
			else if (ev == AT_RX_PROMPT)
				snprintf(item, sizeof item, "P|");
			else
				continue;
			assert_true(strlen(out) + strlen(item) < cap);
			strcat(out, item);
		}
		off += n;
	}
}

static void test_framing(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		const char *want;
	} cases[] = {
		{"\r\nOK\r\n", "L:OK|"},
		{"AT\r\r\nOK\r\n", "L:AT|L:OK|"},
		{"\r\n+CMGS: 12\r\n\r\nOK\r\n", "L:+CMGS: 12|L:OK|"},
		{"\r\n> ", "P|"},
		{"AT+CMGS=23\r\r\n> ", "L:AT+CMGS=23|P|"},
		{"OK\n\n\nERROR\r", "L:OK|L:ERROR|"},
		/* Noise: NUL, Ctrl-Z, DEL and other controls vanish; 8-bit bytes stay. */
		{"O\x00K\x1a\r\n\x7f+COPS: 0,0,\"T\xe9l\"\r\n", "L:OK|L:+COPS: 0,0,\"T\xe9l\"|"},
		{"+CMTI: \"SM\",1\r\n+CMT: ,24\r\n0791AB\r\n", "L:+CMTI: \"SM\",1|L:+CMT: ,24|L:0791AB|"},
		/* '>' not followed by a space is text. */
		{">x\r\n", "L:>x|"},
		{"\r\n", ""},
		{"OK", ""}, /* no terminator yet */
	};
	char out[4096];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t len = strlen(cases[i].in);
		if (i == 6)
			len = 25; /* the case with a NUL in it */
		for (size_t chunk = 1; chunk <= len + 1; chunk++) {
			frame(cases[i].in, len, chunk, out, sizeof out);
			if (strcmp(out, cases[i].want) != 0)
				fail_msg("case %zu chunk %zu: got '%s' want '%s'", i, chunk, out, cases[i].want);
		}
	}
}

static void test_overlong(void **state)
{
	(void)state;
	static char in[3 * AT_RX_LINE_MAX];
	memset(in, 'A', 2 * AT_RX_LINE_MAX);
	strcpy(in + 2 * AT_RX_LINE_MAX, "\r\nOK\r\n");
	struct at_rx rx;
	at_rx_init(&rx);
	size_t len = strlen(in), used = 0;
	enum at_rx_event ev;
	used += at_rx_feed(&rx, (const uint8_t *)in, len, &ev);
	assert_int_equal(ev, AT_RX_LINE);
	assert_true(rx.truncated);
	assert_int_equal(rx.len, AT_RX_LINE_MAX);
	used += at_rx_feed(&rx, (const uint8_t *)in + used, len - used, &ev);
	assert_int_equal(ev, AT_RX_LINE);
	assert_false(rx.truncated);
	assert_string_equal(rx.line, "OK");
	used += at_rx_feed(&rx, (const uint8_t *)in + used, len - used, &ev);
	assert_int_equal(ev, AT_RX_NONE);
	assert_int_equal(used, len);
	/* A reset drops a half line. */
	at_rx_feed(&rx, (const uint8_t *)"+CMT", 4, &ev);
	assert_int_equal(ev, AT_RX_NONE);
	at_rx_reset(&rx);
	at_rx_feed(&rx, (const uint8_t *)"OK\r", 3, &ev);
	assert_int_equal(ev, AT_RX_LINE);
	assert_string_equal(rx.line, "OK");
}

static void test_args(void **state)
{
	(void)state;
	struct at_field f[AT_ARGS_MAX];
	unsigned v;
	assert_int_equal(at_args_split("3,1,,24", f, AT_ARGS_MAX), 4);
	assert_int_equal(at_field_uint(&f[0], 255, &v), 0);
	assert_int_equal(v, 3);
	assert_int_equal(f[2].len, 0);
	assert_int_equal(at_field_uint(&f[2], 255, &v), -1);
	assert_int_equal(at_field_uint(&f[3], 255, &v), 0);
	assert_int_equal(v, 24);
	assert_int_equal(at_args_split("\"SM\",5", f, AT_ARGS_MAX), 2);
	assert_true(f[0].quoted);
	assert_true(at_field_is(&f[0], "SM"));
	assert_int_equal(at_args_split("\"a,b\" , 7 ", f, AT_ARGS_MAX), 2);
	assert_true(at_field_is(&f[0], "a,b"));
	assert_int_equal(at_field_uint(&f[1], 10, &v), 0);
	assert_int_equal(v, 7);
	assert_int_equal(at_args_split("", f, AT_ARGS_MAX), 1);
	assert_int_equal(f[0].len, 0);
	assert_int_equal(at_args_split("\"open", f, AT_ARGS_MAX), -1);
	assert_int_equal(at_args_split("1,2,3,4", f, 2), 2);
	assert_int_equal(at_args_split("99999999999", f, 2), 1);
	assert_int_equal(at_field_uint(&f[0], 0xFFFFFFFFu, &v), -1);
	assert_int_equal(at_args_split("12x", f, 2), 1);
	assert_int_equal(at_field_uint(&f[0], 100, &v), -1);
	assert_int_equal(at_args_split("300", f, 2), 1);
	assert_int_equal(at_field_uint(&f[0], 255, &v), -1);
	char buf[4];
	at_args_split("\"Telia LT\"", f, 2);
	at_field_copy(&f[0], buf, sizeof buf);
	assert_string_equal(buf, "Tel");
}

static void test_cms(void **state)
{
	(void)state;
	static const int perm[] = {1, 8, 10, 21, 28, 29, 30, 50, 69, 95, 96, 97, 99, 128, 144, 150,
				   176, 193, 195, 196, 197, 302, 303, 304, 305};
	static const int temp[] = {-1, 0, 27, 38, 41, 42, 47, 81, 98, 111, 127, 192, 194, 208, 211,
				   255, 300, 310, 311, 314, 322, 330, 331, 332, 500, 512, 999};
	for (size_t i = 0; i < sizeof perm / sizeof *perm; i++)
		if (at_cms_class(perm[i]) != AT_CMS_PERMANENT)
			fail_msg("+CMS ERROR: %d should be permanent", perm[i]);
	for (size_t i = 0; i < sizeof temp / sizeof *temp; i++)
		if (at_cms_class(temp[i]) != AT_CMS_TEMPORARY)
			fail_msg("+CMS ERROR: %d should be temporary", temp[i]);
	assert_true(at_cms_modem_fault(310));
	assert_true(at_cms_modem_fault(331));
	assert_false(at_cms_modem_fault(38));
	assert_false(at_cms_modem_fault(-1));
	assert_string_equal(at_cms_text(1), "unassigned number");
	assert_string_equal(at_cms_text(12345), "unknown");
}

static void test_chat(void **state)
{
	(void)state;
	struct at_chat_step s;
	const char *why = NULL;
	assert_int_equal(at_chat_parse_line("'' AT", &s, &why), 0);
	assert_int_equal(s.kind, AT_CHAT_EXPECT_SEND);
	assert_string_equal(s.expect, "");
	assert_string_equal(s.send, "AT");
	assert_int_equal(at_chat_parse_line("  OK   AT+CPMS=\"SM\",\"SM\",\"SM\"  ", &s, &why), 0);
	assert_string_equal(s.expect, "OK");
	assert_string_equal(s.send, "AT+CPMS=\"SM\",\"SM\",\"SM\"");
	assert_int_equal(at_chat_parse_line("OK 'AT+CGDCONT=1,\"IP\",\"internet\"'", &s, &why), 0);
	assert_string_equal(s.send, "AT+CGDCONT=1,\"IP\",\"internet\"");
	assert_int_equal(at_chat_parse_line("OK \"\"", &s, &why), 0);
	assert_string_equal(s.send, "");
	assert_int_equal(at_chat_parse_line("TIMEOUT 30", &s, &why), 0);
	assert_int_equal(s.kind, AT_CHAT_TIMEOUT);
	assert_int_equal(s.timeout_s, 30);
	assert_int_equal(at_chat_parse_line("ABORT 'NO CARRIER'", &s, &why), 0);
	assert_int_equal(s.kind, AT_CHAT_ABORT);
	assert_string_equal(s.expect, "NO CARRIER");
	static const char *const bad[] = {"", "AT", "OK AT extra", "'' 'open", "TIMEOUT 0",
					  "TIMEOUT 601", "TIMEOUT x", "TIMEOUT 99999", "ABORT ''"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		why = NULL;
		if (at_chat_parse_line(bad[i], &s, &why) != -1 || !why)
			fail_msg("'%s' should be refused with a reason", bad[i]);
	}
	char longw[AT_CHAT_TEXT_MAX + 10];
	memset(longw, 'A', sizeof longw - 1);
	longw[sizeof longw - 1] = '\0';
	char line[sizeof longw + 4];
	snprintf(line, sizeof line, "OK %s", longw);
	assert_int_equal(at_chat_parse_line(line, &s, &why), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_line_vectors), cmocka_unit_test(test_framing),
		cmocka_unit_test(test_overlong),     cmocka_unit_test(test_args),
		cmocka_unit_test(test_cms),          cmocka_unit_test(test_chat),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
