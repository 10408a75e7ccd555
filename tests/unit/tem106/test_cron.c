/*
 * Cron expressions (broker/cron.c): parsing every field form and its
 * errors, and next times worked out by hand on a calendar, in UTC and
 * across a DST change in Europe/Berlin.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cron.h"

/* Unix seconds of a UTC date (timegm is a GNU/BSD extension: compute by hand). */
static int64_t utc(int y, int mo, int d, int h, int mi)
{
	struct tm tm = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h, .tm_min = mi};
	return (int64_t)timegm(&tm);
}

static int64_t next_of(const char *expr, int64_t after)
{
	struct cron_expr c;
	char why[128];
	assert_int_equal(cron_parse(expr, &c, why, sizeof why), 0);
	return cron_next(&c, after);
}

static void set_tz(const char *tz)
{
	setenv("TZ", tz, 1);
	tzset();
}

static void test_parse_forms(void **state)
{
	(void)state;
	struct cron_expr c;
	char why[128];
	assert_int_equal(cron_parse("*/15 8-17/3 1,15 * 1-5", &c, why, sizeof why), 0);
	assert_true(c.minutes == (1ULL << 0 | 1ULL << 15 | 1ULL << 30 | 1ULL << 45));
	assert_int_equal(c.hours, 1u << 8 | 1u << 11 | 1u << 14 | 1u << 17);
	assert_int_equal(c.days, 1u << 1 | 1u << 15);
	assert_int_equal(c.months, 0x1FFE);
	assert_int_equal(c.weekdays, 0x3E);
	assert_false(c.day_any);
	assert_true(c.weekday_any == false);
	assert_int_equal(cron_parse("  5/20 0 * * 7 ", &c, why, sizeof why), 0);
	assert_true(c.minutes == (1ULL << 5 | 1ULL << 25 | 1ULL << 45));
	assert_int_equal(c.weekdays, 1); /* 7 is Sunday */
}

static void test_parse_errors(void **state)
{
	(void)state;
	static const struct {
		const char *expr, *why;
	} bad[] = {
		{"* * * *", "expected 5 fields (minute hour day month weekday), got 4"},
		{"* * * * * *", "more than 5 fields"},
		{"60 * * * *", "minute: 60-60 is out of range 0-59"},
		{"* 24 * * *", "hour: 24-24 is out of range 0-23"},
		{"* * 0 * *", "day: 0-0 is out of range 1-31"},
		{"* * * 13 *", "month: 13-13 is out of range 1-12"},
		{"* * * * 8", "weekday: 8-8 is out of range 0-7"},
		{"5-1 * * * *", "minute: 5-1 is out of range 0-59"},
		{"*/0 * * * *", "minute: bad step"},
		{"1,,2 * * * *", "minute: empty list item"},
		{"1, * * * *", "minute: empty list item"},
		{"a * * * *", "minute: cannot read \"a\""},
		{"1-x * * * *", "minute: cannot read \"1-x\""},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct cron_expr c;
		char why[128] = "";
		assert_int_equal(cron_parse(bad[i].expr, &c, why, sizeof why), -1);
		assert_string_equal(why, bad[i].why);
	}
}

static void test_next_utc(void **state)
{
	(void)state;
	set_tz("UTC");
	int64_t t = utc(2026, 11, 21, 10, 7) + 30; /* Saturday 10:07:30 */
	assert_int_equal(next_of("* * * * *", t), utc(2026, 11, 21, 10, 8));
	/* Strictly after: exactly on a match gives the next one. */
	assert_int_equal(next_of("* * * * *", utc(2026, 11, 21, 10, 8)), utc(2026, 11, 21, 10, 9));
	assert_int_equal(next_of("*/15 * * * *", t), utc(2026, 11, 21, 10, 15));
	assert_int_equal(next_of("0 8 * * *", t), utc(2026, 11, 22, 8, 0));
	assert_int_equal(next_of("0 8 * * 1", t), utc(2026, 11, 23, 8, 0)); /* Monday */
	assert_int_equal(next_of("30 23 31 12 *", t), utc(2026, 12, 31, 23, 30));
	assert_int_equal(next_of("0 0 1 * *", t), utc(2026, 12, 1, 0, 0));
	/* Day and weekday both restricted: either matches (the 1st, or a Monday). */
	assert_int_equal(next_of("0 6 1 * 1", utc(2026, 11, 24, 0, 0)), utc(2026, 11, 30, 6, 0));
	assert_int_equal(next_of("0 6 1 * 1", utc(2026, 11, 30, 7, 0)), utc(2026, 12, 1, 6, 0));
	/* 29 February: the next leap year. */
	assert_int_equal(next_of("0 12 29 2 *", t), utc(2028, 2, 29, 12, 0));
	/* Never: 31 February. */
	assert_int_equal(next_of("0 0 31 2 *", t), -1);
}

static void test_next_across_dst(void **state)
{
	(void)state;
	set_tz("Europe/Berlin");
	/* 2026-03-29: 02:00 CET jumps to 03:00 CEST. 02:30 does not exist that day. */
	int64_t before = utc(2026, 3, 28, 23, 0); /* 00:00 CET */
	int64_t r = next_of("30 2 * * *", before);
	assert_true(r >= utc(2026, 3, 29, 1, 0) && r <= utc(2026, 3, 29, 1, 30));
	/* 08:00 local on the day after is 06:00 UTC (CEST). */
	assert_int_equal(next_of("0 8 * * *", utc(2026, 3, 29, 12, 0)), utc(2026, 3, 30, 6, 0));
	/* and 08:00 in winter is 07:00 UTC. */
	assert_int_equal(next_of("0 8 * * *", utc(2026, 11, 21, 12, 0)), utc(2026, 11, 22, 7, 0));
	set_tz("UTC");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_forms),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_next_utc),
		cmocka_unit_test(test_next_across_dst),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
