/*
 * Forwarding's pure parts: templates (placeholders, "{{", unknown names,
 * URL escaping, the time), the HTTP request a rule makes (GET query, POST
 * form and JSON, Base64, the sender suffix, extra pairs, headers, token,
 * final statuses), the email (headers, RFC 2047 words split on character
 * boundaries, quoted-printable, 7bit, dot-stuffing), which rules a message
 * sets off (modes, destinations, connectors, groups, loop protection, the
 * reply), and the text of a long message (waiting, joined, gaps, late).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "fwd_http.h"
#include "fwd_mail.h"
#include "fwd_rules.h"
#include "fwd_template.h"
#include "fwd_text.h"

#define T0 1714564800000LL /* 2024-05-01T12:00:00Z */

static const struct fwd_vars VARS = {.sender = "+4917612345", .destination = "1001",
				     .text = "Hi & bye", .message_id = "42", .connector = "up",
				     .rule = "hook", .time_ms = T0};

static void test_template(void **state)
{
	(void)state;
	char *s = fwd_template_string("{sender}>{destination} {text} {time} #{message_id} {connector}/{rule}",
				      &VARS, FWD_ESC_NONE);
	assert_string_equal(s, "+4917612345>1001 Hi & bye 2024-05-01T12:00:00Z #42 up/hook");
	free(s);
	s = fwd_template_string("x?to={sender}&t={text}", &VARS, FWD_ESC_URL);
	assert_string_equal(s, "x?to=%2B4917612345&t=Hi%20%26%20bye");
	free(s);
	s = fwd_template_string("{{literal} {unknown} {text", &VARS, FWD_ESC_NONE);
	assert_string_equal(s, "{literal} {unknown} {text");
	free(s);
	s = fwd_template_string("", &VARS, FWD_ESC_NONE);
	assert_string_equal(s, "");
	free(s);
}

static struct conf *load(const char *text)
{
	struct conf_errors e = {0};
	struct conf *c = conf_load_string(text, strlen(text), "test.conf", &e);
	for (size_t i = 0; i < e.n; i++)
		print_message("%s\n", e.lines[i]);
	conf_errors_clear(&e);
	assert_non_null(c);
	return c;
}

static void test_http_get(void **state)
{
	(void)state;
	struct conf *c = load("forwarding = ( { name = \"g\"; target = \"http\";"
			      " url = \"http://h/in?k={destination}\"; number_name = \"n\"; message_name = \"m\";"
			      " extra = [\"a=b c\", \"id={message_id}\"]; headers = [\"X-A: {rule}\"]; } );");
	struct fwd_http_request r;
	assert_int_equal(fwd_http_build(&c->forwarding[0], &VARS, &r), 0);
	assert_false(r.post);
	assert_null(r.body);
	assert_string_equal(r.url, "http://h/in?k=1001&n=%2B4917612345&m=Hi%20%26%20bye&a=b%20c&id=42");
	assert_int_equal(r.n_headers, 1);
	assert_string_equal(r.headers[0], "X-A: hook");
	fwd_http_request_clear(&r);
	conf_free(c);
}

static void test_http_post_form_and_json(void **state)
{
	(void)state;
	struct conf *c = load("forwarding = ("
			      " { name = \"f\"; target = \"http\"; url = \"https://h/f\"; method = \"post\";"
			      "   message_name = \"m\"; include_sender = true; sender_format = \" ({sender})\";"
			      "   token = \"tok\"; },"
			      " { name = \"j\"; target = \"http\"; url = \"https://h/j\"; method = \"post\"; body = \"json\";"
			      "   number_name = \"n\"; message_name = \"m\"; base64 = true; extra = [\"q=\\\"x\\\"\"];"
			      "   token = \"k\"; token_header = \"X-Key\"; token_prefix = \"\"; } );");
	struct fwd_http_request r;
	assert_int_equal(fwd_http_build(&c->forwarding[0], &VARS, &r), 0);
	assert_true(r.post);
	assert_string_equal(r.url, "https://h/f");
	assert_string_equal(r.body, "m=Hi%20%26%20bye%20%28%2B4917612345%29");
	assert_string_equal(r.headers[0], "Content-Type: application/x-www-form-urlencoded");
	assert_string_equal(r.headers[1], "Authorization: Bearer tok");
	fwd_http_request_clear(&r);

	struct fwd_vars v = VARS;
	v.text = "Grüße";
	assert_int_equal(fwd_http_build(&c->forwarding[1], &v, &r), 0);
	/* "Grüße" in UTF-8, Base64: R3LDvMOfZQ== */
	assert_string_equal(r.body, "{\"n\":\"+4917612345\",\"m\":\"R3LDvMOfZQ==\",\"q\":\"\\\"x\\\"\"}");
	assert_string_equal(r.headers[0], "Content-Type: application/json");
	assert_string_equal(r.headers[1], "X-Key: k");
	fwd_http_request_clear(&r);

	assert_true(fwd_http_success(200) && fwd_http_success(204) && !fwd_http_success(302));
	assert_true(fwd_http_permanent(c->forwarding[0].permanent_statuses,
				       c->forwarding[0].n_permanent_statuses, 404));
	assert_false(fwd_http_permanent(c->forwarding[0].permanent_statuses,
					c->forwarding[0].n_permanent_statuses, 429));
	conf_free(c);
}

static void test_receipt_json(void **state)
{
	(void)state;
	struct fwd_receipt rc = {.message_id = 7, .receipt_id = 9, .state = "delivered", .from = "A",
				 .to = "4917", .done_at_ms = T0};
	struct fwd_http_request r;
	assert_int_equal(fwd_http_build_receipt("http://h/r", &rc, &r), 0);
	assert_string_equal(r.body, "{\"message_id\":7,\"receipt_id\":9,\"state\":\"delivered\",\"error_code\":0,"
				    "\"from\":\"A\",\"to\":\"4917\",\"done_at\":\"2024-05-01T12:00:00Z\"}");
	fwd_http_request_clear(&r);
}

static void test_mail(void **state)
{
	(void)state;
	char *to[] = {"a@x.test", "b@x.test"};
	struct fwd_mail_in in = {.from = "s@x.test", .to = to, .n_to = 2, .subject = "Hi\r\nBcc: evil",
				 .body = "line one\n.dot\r\nend", .date_ms = T0, .message_id = "1.r@h"};
	char *m = fwd_mail_build(&in);
	assert_string_equal(m, "Date: Wed, 01 May 2024 12:00:00 +0000\r\n"
			       "From: s@x.test\r\n"
			       "To: a@x.test,\r\n b@x.test\r\n"
			       "Subject: Hi  Bcc: evil\r\n"
			       "Message-ID: <1.r@h>\r\n"
			       "MIME-Version: 1.0\r\n"
			       "Content-Type: text/plain; charset=UTF-8\r\n"
			       "Content-Transfer-Encoding: 7bit\r\n\r\n"
			       "line one\r\n.dot\r\nend\r\n");
	char *stuffed = fwd_mail_dot_stuff(".a\r\n.\r\nb.\r\n");
	assert_string_equal(stuffed, "..a\r\n..\r\nb.\r\n");
	free(stuffed);
	free(m);

	in.subject = "x";
	in.body = "Grüße = sum \nend ";
	m = fwd_mail_build(&in);
	assert_non_null(strstr(m, "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
				  "Gr=C3=BC=C3=9Fe =3D sum=20\r\nend=20\r\n"));
	free(m);
	/* A long line: soft breaks keep every line within 76 characters. */
	char body[400];
	memset(body, 'a', 300);
	memcpy(body + 300, "é", 3);
	body[303] = '\0';
	in.body = body;
	m = fwd_mail_build(&in);
	const char *p = strstr(m, "\r\n\r\n") + 4;
	size_t total = 0;
	for (const char *l = p; *l; ) {
		const char *e = strstr(l, "\r\n");
		assert_true(e - l <= 76);
		total += (size_t)(e - l);
		l = e + 2;
	}
	assert_true(total > 300);
	free(m);
}

static void test_subject_words(void **state)
{
	(void)state;
	char *s = fwd_mail_subject("plain ASCII");
	assert_string_equal(s, "plain ASCII");
	free(s);
	s = fwd_mail_subject("Grüße");
	assert_string_equal(s, "=?UTF-8?B?R3LDvMOfZQ==?=");
	free(s);
	/* 30 two-octet characters: 60 octets, split at 44 (not inside a character). */
	char text[61];
	for (int i = 0; i < 30; i++)
		memcpy(text + 2 * i, "\xc3\xa9", 2);
	text[60] = '\0';
	s = fwd_mail_subject(text);
	const char *fold = strstr(s, "?=\r\n =?UTF-8?B?");
	assert_non_null(fold);
	for (const char *w = s; w; ) {
		const char *end = strstr(w, "?=");
		assert_true(end + 2 - w <= 75);
		w = strstr(end, "=?UTF-8?B?");
	}
	free(s);
	/* ASCII too long for one header line (RFC 5322: 998 octets) is encoded, so it folds. */
	static char longer[1501];
	memset(longer, 'a', 1500);
	s = fwd_mail_subject(longer);
	assert_memory_equal(s, "=?UTF-8?B?", 10);
	for (const char *l = s; l; ) {
		const char *e = strstr(l, "\r\n");
		assert_true((size_t)((e ? e : l + strlen(l)) - l) + sizeof "Subject: " - 1 <= 998);
		l = e ? e + 2 : NULL;
	}
	free(s);
}

static const char RULES[] =
	"phone_groups = ( { name = \"ops\"; numbers = [\"+4917000001\", \"+4917000002\"]; } );"
	"incoming = { own_numbers = \"^(1001|4999)$\"; };"
	"forwarding = ("
	" { name = \"h\"; target = \"http\"; url = \"http://h/\"; mode = \"listed\"; numbers = [\"+4917612345\"]; },"
	" { name = \"s\"; target = \"sms\"; recipients = [\"+4917000001\"]; groups = [\"ops\"];"
	"   destinations = [\"1001\"]; dont_save = true; ttl = \"1h\"; },"
	" { name = \"e\"; target = \"email\"; smtp_host = \"m\"; from = \"a@b.c\"; to = [\"d@e.f\"];"
	"   mode = \"group\"; group = \"ops\"; connectors = [\"modem1\"]; },"
	" { name = \"off\"; enabled = false; target = \"http\"; url = \"http://h/\"; } );"
	"auto_reply = { enabled = true; text = \"ok\"; };";

static size_t targets(const struct conf *c, const char *src, const char *dst, const char *conn,
		      struct store_outbox_target *t)
{
	struct fwd_incoming m = {.src = src, .dst = dst, .connector = conn, .created_at = T0};
	return fwd_rules_targets(c, &m, t, 16);
}

static void test_rules(void **state)
{
	(void)state;
	struct conf *c = load(RULES);
	struct store_outbox_target t[16];
	/* A listed sender (any form of the number), to 1001: http, sms per recipient (deduped), reply. */
	size_t n = targets(c, "004917612345", "1001", "up", t);
	assert_int_equal(n, 4);
	assert_string_equal(t[0].kind, "http");
	assert_string_equal(t[0].name, "h");
	assert_string_equal(t[1].name, "s/+4917000001");
	assert_int_equal(t[1].flags, STORE_OUTBOX_FLAG_DROP);
	assert_int_equal(t[1].expire_at, T0 + 3600000);
	assert_string_equal(t[2].name, "s/+4917000002");
	assert_string_equal(t[3].kind, "reply");
	assert_string_equal(t[3].name, "auto_reply/004917612345");
	/* Another sender, another destination: only the reply. */
	n = targets(c, "+4915550000", "2000", "up", t);
	assert_int_equal(n, 1);
	/* A group member through modem1: email (group mode, connector); sms skipped: from its own recipient. */
	n = targets(c, "4917000002", "1001", "modem1", t);
	assert_int_equal(n, 2);
	assert_string_equal(t[0].kind, "email");
	assert_string_equal(t[1].kind, "reply");
	/* From one of our own numbers: neither SMS nor a reply. */
	n = targets(c, "4999", "1001", "up", t);
	assert_int_equal(n, 0);
	/* No reply to an alphanumeric sender. */
	n = targets(c, "ACME", "2000", "up", t);
	assert_int_equal(n, 0);

	const char *to;
	assert_ptr_equal(fwd_rules_of_row(c, "sms", "s/+4917000001", &to), &c->forwarding[1]);
	assert_string_equal(to, "+4917000001");
	assert_ptr_equal(fwd_rules_of_row(c, "reply", "auto_reply/123", &to), &c->auto_reply);
	assert_null(fwd_rules_of_row(c, "http", "s", &to)); /* a rule of another kind now */
	assert_null(fwd_rules_of_row(c, "http", "gone", &to));
	assert_true(fwd_rules_same_number("+4917", "004917") && !fwd_rules_same_number("4917", "4918"));
	conf_free(c);
}

static struct store_msg part(const char *text, uint8_t seq, uint8_t total, int64_t at)
{
	static uint8_t bufs[4][200];
	uint8_t *b = bufs[seq % 4];
	size_t len = strlen(text);
	b[0] = 5, b[1] = 0, b[2] = 3, b[3] = 9, b[4] = total, b[5] = seq;
	memcpy(b + 6, text, len);
	struct store_msg m = {.id = seq, .direction = STORE_DIR_MO, .esm_class = 0x40, .concat_ref = 9,
			      .part_total = total, .part_seq = seq, .created_at = at,
			      .payload = b, .payload_len = (uint32_t)(len + 6)};
	return m;
}

static void test_text(void **state)
{
	(void)state;
	struct fwd_text_policy pol = {.timeout_ms = 60000, .gap = "[...]"};
	char *out;
	int64_t wait;
	unsigned missing;
	struct store_msg one = {.payload = (const uint8_t *)"Hello", .payload_len = 5};
	assert_int_equal(fwd_text_of(&one, 1, false, T0, &pol, &out, &wait, &missing), FWD_TEXT_READY);
	assert_string_equal(out, "Hello");
	free(out);

	struct store_msg parts[3] = {part("three", 3, 3, T0), part("one ", 1, 3, T0 + 1000)};
	assert_int_equal(fwd_text_of(parts, 2, false, T0 + 2000, &pol, &out, &wait, &missing),
			 FWD_TEXT_WAIT);
	assert_true(wait >= T0 + 60000 && wait <= T0 + 62000);
	/* After the timeout: with the gap. */
	assert_int_equal(fwd_text_of(parts, 2, false, T0 + 70000, &pol, &out, &wait, &missing),
			 FWD_TEXT_READY);
	assert_string_equal(out, "one [...]three");
	assert_int_equal(missing, 1);
	free(out);
	/* Complete, in any order: at once. */
	parts[2] = part("two ", 2, 3, T0 + 1500);
	assert_int_equal(fwd_text_of(parts, 3, false, T0 + 2000, &pol, &out, &wait, &missing),
			 FWD_TEXT_READY);
	assert_string_equal(out, "one two three");
	free(out);
	/* A part after its set went: alone, said so. */
	assert_int_equal(fwd_text_of(&parts[2], 1, true, T0, &pol, &out, &wait, &missing),
			 FWD_TEXT_READY);
	assert_string_equal(out, "[part 2/3] two ");
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_template),       cmocka_unit_test(test_http_get),
		cmocka_unit_test(test_http_post_form_and_json), cmocka_unit_test(test_receipt_json),
		cmocka_unit_test(test_mail),           cmocka_unit_test(test_subject_words),
		cmocka_unit_test(test_rules),          cmocka_unit_test(test_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
