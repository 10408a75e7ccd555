/*
 * SMPP absolute and relative times: the spec's examples, every field's
 * range, and round trips. Expected instants come from libc's timegm(), an
 * implementation independent of ours.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include <time.h>

#include "smpp_time.h"

/* UTC y-m-d h:m:s.ms as epoch milliseconds, by timegm(). */
static int64_t utc_ms(int y, int mo, int d, int h, int mi, int s, int ms)
{
	struct tm tm = {0};
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	return (int64_t)timegm(&tm) * 1000 + ms;
}

static int64_t parse_ok(const char *s, int64_t now, enum smpp_time_kind want)
{
	int64_t t = 0;
	enum smpp_time_kind k;
	int rc = smpp_time_parse(s, now, &t, &k);
	if (rc != SMPP_OK)
		fail_msg("\"%s\" refused", s);
	assert_int_equal(k, want);
	return t;
}

static void test_spec_relative_example(void **state)
{
	(void)state;
	/* 7.1.2: "020610233429000R" is 2 years, 6 months, 10 days, 23 hours,
	 * 34 minutes and 29 seconds from now */
	int64_t now = utc_ms(2020, 1, 1, 0, 0, 0, 0);
	int64_t want = utc_ms(2022, 7, 11, 23, 34, 29, 0);
	assert_int_equal(parse_ok("020610233429000R", now, SMPP_TIME_RELATIVE), want);
	char out[17];
	assert_int_equal(smpp_time_format_relative(now, want, out), SMPP_OK);
	assert_string_equal(out, "020610233429000R");
	/* keeps now's milliseconds */
	assert_int_equal(parse_ok("000000000001000R", now + 250, SMPP_TIME_RELATIVE), now + 1250);
}

static void test_absolute_offsets(void **state)
{
	(void)state;
	/* '+': local time ahead of UTC: 12:00 at +1h (04 quarters) is 11:00 UTC */
	assert_int_equal(parse_ok("180105120000004+", 0, SMPP_TIME_ABSOLUTE), utc_ms(2018, 1, 5, 11, 0, 0, 0));
	/* '-': behind: 08:30:15.5 at -3h is 11:30:15.5 UTC */
	assert_int_equal(parse_ok("210301083015512-", 0, SMPP_TIME_ABSOLUTE),
			 utc_ms(2021, 3, 1, 11, 30, 15, 500));
	/* crossing midnight and a year: 00:15 on Jan 1 at +1h is the day before */
	assert_int_equal(parse_ok("240101001500004+", 0, SMPP_TIME_ABSOLUTE),
			 utc_ms(2023, 12, 31, 23, 15, 0, 0));
	/* the largest offsets, 12 hours either way */
	assert_int_equal(parse_ok("240229120000048+", 0, SMPP_TIME_ABSOLUTE), utc_ms(2024, 2, 29, 0, 0, 0, 0));
	assert_int_equal(parse_ok("240229120000048-", 0, SMPP_TIME_ABSOLUTE), utc_ms(2024, 3, 1, 0, 0, 0, 0));
	assert_int_equal(parse_ok("991231235959900+", 0, SMPP_TIME_ABSOLUTE),
			 utc_ms(2099, 12, 31, 23, 59, 59, 900));
	assert_int_equal(parse_ok("000101000000000+", 0, SMPP_TIME_ABSOLUTE), utc_ms(2000, 1, 1, 0, 0, 0, 0));
}

static void test_not_given(void **state)
{
	(void)state;
	int64_t t = 5;
	enum smpp_time_kind k = SMPP_TIME_RELATIVE;
	assert_int_equal(smpp_time_parse("", 123, &t, &k), SMPP_OK);
	assert_int_equal(k, SMPP_TIME_NONE);
	assert_int_equal(t, 0);
}

static void test_invalid_fields(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"180005120000004+", /* month 0 */
		"181305120000004+", /* month 13 */
		"180100120000004+", /* day 0 */
		"180132120000004+", /* day 32 */
		"180431120000004+", /* April 31 */
		"230229120000004+", /* Feb 29 in a common year */
		"180105240000004+", /* hour 24 */
		"180105126000004+", /* minute 60 */
		"180105120060004+", /* second 60 */
		"180105120000049+", /* offset 49 quarters */
		"18010512000000a+", /* offset not digits */
		"1801051200000 4+",
		"180105120000004x", /* p not + - R */
		"18010512000000+",  /* 15 characters */
		"180105120000004+0", /* 17 */
		"a80105120000004+",
		"1801051200000041",
		"020610233429100R", /* relative with tenths */
		"020610233429001R",
		"0206102334290 0R",
		"02061023342 000R",
		"-20610233429000R",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int64_t t = 77;
		enum smpp_time_kind k = SMPP_TIME_NONE;
		if (smpp_time_parse(bad[i], 0, &t, &k) != SMPP_EINVAL)
			fail_msg("\"%s\" accepted", bad[i]);
		assert_int_equal(t, 77);
	}
	/* Feb 29 in a leap year is fine */
	parse_ok("240229000000000+", 0, SMPP_TIME_ABSOLUTE);
}

static void test_relative_calendar(void **state)
{
	(void)state;
	/* months on the calendar; a missing day rolls over */
	assert_int_equal(parse_ok("000100000000000R", utc_ms(2023, 1, 31, 10, 0, 0, 0), SMPP_TIME_RELATIVE),
			 utc_ms(2023, 3, 3, 10, 0, 0, 0));
	assert_int_equal(parse_ok("000100000000000R", utc_ms(2024, 1, 31, 10, 0, 0, 0), SMPP_TIME_RELATIVE),
			 utc_ms(2024, 3, 2, 10, 0, 0, 0));
	assert_int_equal(parse_ok("001100000000000R", utc_ms(2023, 3, 15, 0, 0, 0, 0), SMPP_TIME_RELATIVE),
			 utc_ms(2024, 2, 15, 0, 0, 0, 0));
	/* hours past a day are fine in a period */
	assert_int_equal(parse_ok("000000480000000R", utc_ms(2023, 3, 15, 0, 0, 0, 0), SMPP_TIME_RELATIVE),
			 utc_ms(2023, 3, 17, 0, 0, 0, 0));
	assert_int_equal(parse_ok("990000000000000R", utc_ms(2000, 1, 1, 0, 0, 0, 0), SMPP_TIME_RELATIVE),
			 utc_ms(2099, 1, 1, 0, 0, 0, 0));
}

static void test_format_absolute_round_trip(void **state)
{
	(void)state;
	char out[17];
	int64_t t = utc_ms(2018, 1, 5, 11, 0, 0, 0);
	assert_int_equal(smpp_time_format_absolute(t, 4, out), SMPP_OK);
	assert_string_equal(out, "180105120000004+");
	assert_int_equal(smpp_time_format_absolute(utc_ms(2021, 3, 1, 11, 30, 15, 567), -12, out), SMPP_OK);
	assert_string_equal(out, "210301083015512-");
	for (int64_t x = utc_ms(2000, 1, 2, 0, 0, 0, 0); x < utc_ms(2099, 12, 30, 0, 0, 0, 0);
	     x += 86400000LL * 37 + 3600000LL * 5 + 61234) {
		for (int off = -48; off <= 48; off += 7) {
			assert_int_equal(smpp_time_format_absolute(x, off, out), SMPP_OK);
			assert_int_equal(parse_ok(out, 0, SMPP_TIME_ABSOLUTE), x - x % 100);
		}
	}
	assert_int_equal(smpp_time_format_absolute(t, 49, out), SMPP_EINVAL);
	assert_int_equal(smpp_time_format_absolute(utc_ms(1999, 12, 31, 23, 0, 0, 0), 0, out), SMPP_ERANGE);
	assert_int_equal(smpp_time_format_absolute(utc_ms(2100, 1, 1, 0, 0, 0, 0), 0, out), SMPP_ERANGE);
	/* the offset may bring it back in range */
	assert_int_equal(smpp_time_format_absolute(utc_ms(1999, 12, 31, 23, 0, 0, 0), 4, out), SMPP_OK);
	assert_string_equal(out, "000101000000004+");
}

static void test_format_relative_round_trip(void **state)
{
	(void)state;
	char out[17];
	static const int64_t deltas[] = {
		0, 999, 1000, 59999, 3600000, 86400000LL - 1, 86400000LL * 31, 86400000LL * 59 + 12345,
		86400000LL * 365 * 3 + 7, 86400000LL * 366 * 99,
	};
	static const int nows[][3] = {{2023, 1, 31}, {2024, 2, 29}, {2023, 12, 31}, {2025, 6, 15}, {2020, 3, 31}};
	for (size_t i = 0; i < sizeof nows / sizeof nows[0]; i++) {
		int64_t now = utc_ms(nows[i][0], nows[i][1], nows[i][2], 13, 14, 15, 678);
		for (size_t j = 0; j < sizeof deltas / sizeof deltas[0]; j++) {
			int64_t target = now + deltas[j];
			assert_int_equal(smpp_time_format_relative(now, target, out), SMPP_OK);
			assert_int_equal(parse_ok(out, now, SMPP_TIME_RELATIVE), target - deltas[j] % 1000);
		}
	}
	int64_t now = utc_ms(2023, 1, 31, 0, 0, 0, 0);
	assert_int_equal(smpp_time_format_relative(now, utc_ms(2023, 3, 3, 0, 0, 0, 0), out), SMPP_OK);
	assert_string_equal(out, "000100000000000R");
	assert_int_equal(smpp_time_format_relative(now, utc_ms(2023, 3, 2, 0, 0, 0, 0), out), SMPP_OK);
	assert_string_equal(out, "000030000000000R"); /* Jan 31 + 30 days */
	assert_int_equal(smpp_time_format_relative(now, now - 1, out), SMPP_EINVAL);
	assert_int_equal(smpp_time_format_relative(now, utc_ms(2123, 2, 1, 0, 0, 0, 0), out), SMPP_ERANGE);
	assert_int_equal(smpp_time_format_relative(now, INT64_MAX, out), SMPP_ERANGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spec_relative_example),
		cmocka_unit_test(test_absolute_offsets),
		cmocka_unit_test(test_not_given),
		cmocka_unit_test(test_invalid_fields),
		cmocka_unit_test(test_relative_calendar),
		cmocka_unit_test(test_format_absolute_round_trip),
		cmocka_unit_test(test_format_relative_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
