/* Shared helpers of the configuration tests; see conf_test_util.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf_test_util.h"

void ct_print_errors(const struct conf_errors *e)
{
	for (size_t i = 0; i < e->n; i++)
		print_message("  got: %s\n", e->lines[i]);
}

void ct_expect_errors(const char *path, const char *const *expected)
{
	struct conf_errors e = {0};
	struct conf *c = conf_load(path, &e);
	size_t n = 0;
	while (expected[n])
		n++;
	if (e.n != n)
		ct_print_errors(&e);
	assert_null(c);
	assert_int_equal(e.n, n);
	for (size_t i = 0; i < n; i++) {
		char want[1024];
		snprintf(want, sizeof want, "%s%s", path, expected[i]);
		assert_string_equal(e.lines[i], want);
	}
	conf_errors_clear(&e);
}

struct conf *ct_load_ok(const char *text)
{
	struct conf_errors e = {0};
	struct conf *c = conf_load_string(text, strlen(text), "test.conf", &e);
	if (!c)
		ct_print_errors(&e);
	assert_non_null(c);
	assert_int_equal(e.n, 0);
	return c;
}

void ct_load_fails(const char *text, const char *want)
{
	struct conf_errors e = {0};
	struct conf *c = conf_load_string(text, strlen(text), "test.conf", &e);
	if (e.n != 1)
		ct_print_errors(&e);
	assert_null(c);
	assert_int_equal(e.n, 1);
	assert_string_equal(e.lines[0], want);
	conf_errors_clear(&e);
}

void ct_write_tmp(char *path, size_t size, const char *tag, const void *data, size_t len)
{
	const char *dir = getenv("SMSB_TEST_TMP");
	snprintf(path, size, "%s/%s", dir && *dir ? dir : "/tmp", tag);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}
