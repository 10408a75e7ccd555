/*
 * Hostile input: a huge file, a binary file, deep nesting, an extremely long
 * string, a directory, a missing file, integer overflow. Each gives a clear
 * message and no crash (the suite runs under ASan/UBSan).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf_test_util.h"

static void expect_one(const char *path, const char *msg)
{
	const char *const want[] = {msg, NULL};
	ct_expect_errors(path, want);
}

static void test_missing_file(void **state)
{
	(void)state;
	expect_one("data/config/does-not-exist.conf", ": cannot open: No such file or directory");
	struct conf_errors e = {0};
	assert_null(conf_load(NULL, &e));
	assert_int_equal(e.n, 1);
	assert_string_equal(e.lines[0], "(none): no configuration file given");
	conf_errors_clear(&e);
}

static void test_directory(void **state)
{
	(void)state;
	expect_one("data/config", ": is a directory, not a configuration file");
	expect_one("/dev/null", ": is not a regular file");
}

static void test_huge_file(void **state)
{
	(void)state;
	size_t len = CONF_MAX_FILE_SIZE + 1;
	char *big = malloc(len);
	assert_non_null(big);
	for (size_t i = 0; i < len; i++)
		big[i] = (i % 64 == 63) ? '\n' : '#';
	char path[512];
	ct_write_tmp(path, sizeof path, "huge.conf", big, len);
	expect_one(path, ": is too large for a configuration file (more than 1048576 bytes)");
	/* Just under the limit is read and parsed. */
	ct_write_tmp(path, sizeof path, "big-comments.conf", big, len - 2);
	struct conf_errors e = {0};
	struct conf *c = conf_load(path, &e);
	assert_non_null(c);
	conf_free(c);
	free(big);
}

static void test_many_accounts(void **state)
{
	(void)state;
	size_t n = 3000, cap = n * 64 + 32, o = 0;
	char *text = malloc(cap);
	assert_non_null(text);
	o += (size_t)snprintf(text + o, cap - o, "accounts = (\n");
	for (size_t i = 0; i < n; i++)
		o += (size_t)snprintf(text + o, cap - o, "%s{ system_id = \"acct%zu\"; password = \"pw%zu\"; }\n",
				      i ? "," : "", i, i % 1000);
	snprintf(text + o, cap - o, ");\n");
	struct conf *c = ct_load_ok(text);
	assert_int_equal(c->n_accounts, n);
	assert_ptr_equal(conf_find_account(c, "acct2999"), &c->accounts[2999]);
	conf_free(c);
	free(text);
}

static void test_binary_file(void **state)
{
	(void)state;
	uint8_t bytes[4096];
	uint32_t x = 2463534242u;
	for (size_t i = 0; i < sizeof bytes; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		bytes[i] = (uint8_t)x;
	}
	bytes[0] = 'a'; /* no NUL before the first newline ... */
	bytes[1] = '\n';
	bytes[2] = 0;   /* ... then one on line 2 */
	char path[512];
	ct_write_tmp(path, sizeof path, "binary.conf", bytes, sizeof bytes);
	expect_one(path, ":2: contains a NUL byte; this is not a text file");

	/* High bytes without NUL: libconfig's own complaint, with a line. */
	for (size_t i = 0; i < sizeof bytes; i++)
		bytes[i] = (uint8_t)(0x80 | bytes[i]);
	ct_write_tmp(path, sizeof path, "binary2.conf", bytes, sizeof bytes);
	struct conf_errors e = {0};
	assert_null(conf_load(path, &e));
	assert_int_equal(e.n, 1);
	char prefix[600];
	snprintf(prefix, sizeof prefix, "%s:1: ", path);
	assert_memory_equal(e.lines[0], prefix, strlen(prefix));
	conf_errors_clear(&e);
}

static char *nested(size_t depth, const char *open, const char *close, const char *inner)
{
	size_t len = depth * (strlen(open) + strlen(close)) + strlen(inner) + 1;
	char *t = malloc(len);
	assert_non_null(t);
	t[0] = '\0';
	char *p = t;
	for (size_t i = 0; i < depth; i++)
		p = stpcpy(p, open);
	p = stpcpy(p, inner);
	for (size_t i = 0; i < depth; i++)
		p = stpcpy(p, close);
	return t;
}

static void test_deep_nesting(void **state)
{
	(void)state;
	/* Inside a known section: one type error, the depth is never walked. */
	char *inner = nested(50, "a = {", "};", "");
	char *text = malloc(strlen(inner) + 64);
	assert_non_null(text);
	sprintf(text, "logging = { level = { %s }; };", inner);
	ct_load_fails(text, "test.conf:1: logging.level: expected a string");
	free(text);
	free(inner);

	/* Deeper than libconfig's parser stack: its error, with a line. */
	text = nested(100000, "x = (", ");", "1");
	struct conf_errors e = {0};
	assert_null(conf_load_string(text, strlen(text), "deep.conf", &e));
	assert_int_equal(e.n, 1);
	assert_memory_equal(e.lines[0], "deep.conf:1: ", 13);
	conf_errors_clear(&e);
	free(text);
}

static void test_long_string(void **state)
{
	(void)state;
	size_t n = 900000;
	char *text = malloc(n + 128);
	assert_non_null(text);
	char *p = stpcpy(text, "accounts = ( { password = \"x\";\n system_id = \"");
	memset(p, 'z', n);
	strcpy(p + n, "\"; } );\n");
	char want[256];
	snprintf(want, sizeof want,
		 "test.conf:2: accounts[0].system_id: '%.*s...' is %zu characters long; the limit is 1..15",
		 60, p, n);
	ct_load_fails(text, want);
	free(text);
}

static void test_integer_overflow(void **state)
{
	(void)state;
	ct_load_fails("storage = { batch_max = 0x100000001; };",
		      "test.conf:1: integer 0x100000001 is too large (at most 2147483647; add L for a "
		      "64-bit value)");
	/* 64-bit literals and floats are libconfig's own: typed, then range-checked. */
	ct_load_fails("storage = { batch_max = 4294967297L; };",
		      "test.conf:1: storage.batch_max: 4294967297 is out of range 1..100000");
	ct_load_fails("storage = { batch_max = 1e12; };",
		      "test.conf:1: storage.batch_max: expected an integer");
	/* Digits inside strings, names and comments are not integers. */
	struct conf *c = ct_load_ok("# 99999999999\nstorage = { path = \"db99999999999\"; };\n"
				    "/* 0x1234567890 */ logging = { level = \"debug\"; };\n");
	assert_string_equal(c->storage.path, "db99999999999");
	conf_free(c);
}

static void test_nul_in_memory_text(void **state)
{
	(void)state;
	const char text[] = "logging = {};\n\n\0garbage";
	struct conf_errors e = {0};
	assert_null(conf_load_string(text, sizeof text - 1, "mem.conf", &e));
	assert_int_equal(e.n, 1);
	assert_string_equal(e.lines[0], "mem.conf:3: contains a NUL byte; this is not a text file");
	conf_errors_clear(&e);
}

static void test_include_of_a_device(void **state)
{
	(void)state;
	ct_load_fails("@include \"/dev/zero\"\n",
		      "test.conf:1: cannot include '/dev/zero': not a regular file of at most 1048576 bytes");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_directory),
		cmocka_unit_test(test_huge_file),
		cmocka_unit_test(test_many_accounts),
		cmocka_unit_test(test_binary_file),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_long_string),
		cmocka_unit_test(test_integer_overflow),
		cmocka_unit_test(test_nul_in_memory_text),
		cmocka_unit_test(test_include_of_a_device),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
