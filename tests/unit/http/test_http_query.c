/*
 * The HTTP API's pure parts (protocols/http/): query strings and form
 * bodies (the seed's URL examples as vectors, every refusal at its offset,
 * limits), the seed's "00<country><number>" recipients through
 * phone_normalise, and the router-style plain-text blocks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_plain.h"
#include "http_query.h"
#include "phone.h"

static int parse(const char *s, struct http_query *q, char *buf, size_t cap, size_t *pos)
{
	return http_query_parse(s, strlen(s), buf, cap, q, pos);
}

/* The seed's Post/Get examples, query part. */
static void test_seed_examples(void **state)
{
	(void)state;
	char buf[512];
	struct http_query q;
	assert_int_equal(parse("username=user1&password=user_pass&number=0037060000001&text=testmessage",
			       &q, buf, sizeof buf, NULL), 0);
	assert_int_equal(q.n, 4);
	assert_string_equal(http_query_get(&q, "username"), "user1");
	assert_string_equal(http_query_get(&q, "password"), "user_pass");
	assert_string_equal(http_query_get(&q, "number"), "0037060000001");
	assert_string_equal(http_query_get(&q, "text"), "testmessage");
	assert_null(http_query_get(&q, "group"));

	assert_int_equal(parse("username=user1&password=user_pass&group=group_name&text=testmessage",
			       &q, buf, sizeof buf, NULL), 0);
	assert_string_equal(http_query_get(&q, "group"), "group_name");
	assert_int_equal(parse("username=user1&password=user_pass&number=1", &q, buf, sizeof buf, NULL), 0);
	assert_string_equal(http_query_get(&q, "number"), "1");
	assert_int_equal(parse("username=user1&password=user_pass", &q, buf, sizeof buf, NULL), 0);
	assert_int_equal(q.n, 2);
}

static void test_decoding(void **state)
{
	(void)state;
	char buf[256];
	struct http_query q;
	assert_int_equal(parse("text=Hello+world%21+%C4%85%e2%82%AC&a&b=&&c=x=y", &q, buf, sizeof buf, NULL), 0);
	assert_int_equal(q.n, 4);
	assert_string_equal(http_query_get(&q, "text"), "Hello world! \xc4\x85\xe2\x82\xac");
	assert_string_equal(http_query_get(&q, "a"), "");
	assert_string_equal(http_query_get(&q, "b"), "");
	assert_string_equal(http_query_get(&q, "c"), "x=y");
	assert_int_equal(q.f[0].value_len, strlen(q.f[0].value));
	/* Names are decoded too, and case-sensitive. */
	assert_int_equal(parse("na%6De=1&Name=2", &q, buf, sizeof buf, NULL), 0);
	assert_string_equal(http_query_get(&q, "name"), "1");
	assert_string_equal(http_query_get(&q, "Name"), "2");
	/* Empty input and only separators. */
	assert_int_equal(parse("", &q, buf, sizeof buf, NULL), 0);
	assert_int_equal(q.n, 0);
	assert_int_equal(parse("&&&", &q, buf, sizeof buf, NULL), 0);
	assert_int_equal(q.n, 0);
}

static void test_refusals(void **state)
{
	(void)state;
	char buf[256];
	struct http_query q;
	size_t pos = 99;
	const struct {
		const char *in;
		int err;
		size_t pos;
	} v[] = {
		{"a=%", HTTP_QUERY_EPERCENT, 2},
		{"a=%4", HTTP_QUERY_EPERCENT, 2},
		{"a=%4g", HTTP_QUERY_EPERCENT, 2},
		{"a=1&b=%zz", HTTP_QUERY_EPERCENT, 6},
		{"a=x%00y", HTTP_QUERY_ENUL, 3},
		{"=x", HTTP_QUERY_ENAME, 0},
		{"a=1&=2", HTTP_QUERY_ENAME, 4},
		{"a=1&a=2", HTTP_QUERY_EDUP, 4},
		{"%61=1&a=2", HTTP_QUERY_EDUP, 6},
	};
	for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
		assert_int_equal(parse(v[i].in, &q, buf, sizeof buf, &pos), v[i].err);
		assert_int_equal(pos, v[i].pos);
		assert_non_null(http_query_strerror(v[i].err));
	}
	/* A NUL byte in the raw input (a body is not a C string). */
	assert_int_equal(http_query_parse("a=b\0c", 5, buf, sizeof buf, &q, &pos), HTTP_QUERY_ENUL);
	assert_int_equal(pos, 3);
	/* The buffer must be HTTP_QUERY_BUF_SIZE(len). */
	assert_int_equal(parse("a=1", &q, buf, HTTP_QUERY_BUF_SIZE(3) - 1, NULL), HTTP_QUERY_ENOSPACE);
	assert_int_equal(parse("a=1", &q, buf, HTTP_QUERY_BUF_SIZE(3), NULL), 0);
}

static void test_limits(void **state)
{
	(void)state;
	char in[1024] = "", buf[HTTP_QUERY_BUF_SIZE(1024)];
	struct http_query q;
	for (int i = 0; i < HTTP_QUERY_MAX_FIELDS; i++)
		snprintf(in + strlen(in), sizeof in - strlen(in), "%sk%d", i ? "&" : "", i);
	assert_int_equal(parse(in, &q, buf, sizeof buf, NULL), 0);
	assert_int_equal(q.n, HTTP_QUERY_MAX_FIELDS);
	strcat(in, "&one_more");
	size_t pos;
	assert_int_equal(parse(in, &q, buf, sizeof buf, &pos), HTTP_QUERY_ETOOMANY);
	assert_int_equal(pos, strlen(in) - strlen("one_more"));
	/* The worst case for the buffer: one-letter names without '='. */
	assert_int_equal(parse("a&b&c&d", &q, buf, HTTP_QUERY_BUF_SIZE(7), NULL), 0);
	assert_int_equal(q.n, 4);
}

/* The seed: "00" + country code + number, e.g. 0037012345678. */
static void test_seed_numbers(void **state)
{
	(void)state;
	struct phone_number p;
	const char *in = "0037012345678";
	assert_int_equal(phone_normalise(in, strlen(in), &phone_opts_default, &p), 0);
	assert_int_equal(p.kind, PHONE_INTERNATIONAL);
	assert_string_equal(p.text, "37012345678");
	assert_int_equal(p.ton, 1);
	in = "0037060000001";
	assert_int_equal(phone_normalise(in, strlen(in), &phone_opts_default, &p), 0);
	assert_string_equal(p.text, "37060000001");
	in = "00370000000000"; /* the curl example: 11 national digits, still E.164 length */
	assert_int_equal(phone_normalise(in, strlen(in), &phone_opts_default, &p), 0);
	assert_string_equal(p.text, "370000000000");
	in = "+37012345678";
	assert_int_equal(phone_normalise(in, strlen(in), &phone_opts_default, &p), 0);
	assert_string_equal(p.text, "37012345678");
	/* Letters make a sender id, which the API refuses as a recipient. */
	in = "00370abc";
	assert_int_equal(phone_normalise(in, strlen(in), &phone_opts_default, &p), 0);
	assert_int_equal(p.kind, PHONE_ALPHANUMERIC);
	in = "0037";
	assert_int_not_equal(phone_normalise(in, strlen(in), &phone_opts_default, &p), 0);
}

static void test_plain_blocks(void **state)
{
	(void)state;
	char out[512];
	struct http_plain_msg m = {
		.index = 17, .date_ms = 1704883805000LL, .sender = "37060000001",
		.recipient = "37060000002", .text = "testmessage", .status = "delivered",
	};
	int n = http_plain_message(out, sizeof out, &m);
	const char *want = "Index: 17\nDate: Wed Jan 10 10:50:05 2024\nSender: 37060000001\n"
			   "Recipient: 37060000002\nText: testmessage\nStatus: delivered\n"
			   "------------------------------\n";
	assert_string_equal(out, want);
	assert_int_equal(n, (int)strlen(want));
	assert_int_equal(http_plain_message(out, strlen(want), &m), -1);
	assert_int_equal(http_plain_message(out, strlen(want) + 1, &m), (int)strlen(want));
	struct http_plain_msg empty = {.index = 1};
	assert_true(http_plain_message(out, sizeof out, &empty) > 0);
	assert_non_null(strstr(out, "Sender: \n"));

	struct http_plain_total t = {.used = 12, .received = 5, .sent = 6, .receipts = 1};
	assert_int_equal(http_plain_total(out, sizeof out, &t),
			 (int)strlen("Used: 12\nReceived: 5\nSent: 6\nReceipts: 1\n"));
	assert_string_equal(out, "Used: 12\nReceived: 5\nSent: 6\nReceipts: 1\n");
	assert_int_equal(http_plain_total(out, 5, &t), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seed_examples), cmocka_unit_test(test_decoding),
		cmocka_unit_test(test_refusals),      cmocka_unit_test(test_limits),
		cmocka_unit_test(test_seed_numbers),  cmocka_unit_test(test_plain_blocks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
