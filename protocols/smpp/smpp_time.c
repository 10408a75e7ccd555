/*
 * smpp_time.c - SMPP absolute and relative times (see smpp_time.h).
 *
 * Calendar arithmetic is done here (proleptic Gregorian, days since the
 * epoch) rather than with timegm/mktime, so the result never depends on
 * the process time zone. No clock reads, no allocation.
 */
#include "smpp_time.h"

#include <string.h>

#define MS_PER_DAY 86400000LL

struct smpp_civil {
	int64_t y;
	int m, d;
};

/* Days since 1970-01-01 of a y-m-d; d may exceed the month (it rolls over). */
static int64_t smpp_days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static struct smpp_civil smpp_civil_from_days(int64_t z)
{
	struct smpp_civil c;
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	c.d = (int)(doy - (153 * mp + 2) / 5 + 1);
	c.m = (int)(mp < 10 ? mp + 3 : mp - 9);
	c.y = yoe + era * 400 + (c.m <= 2);
	return c;
}

static int smpp_days_in_month(int64_t y, int m)
{
	static const int dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 ? 28 + leap : dim[m - 1];
}

static int64_t smpp_floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* Two decimal digits at s; -1 if either is not a digit. */
static int smpp_2digits(const char *s)
{
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return -1;
	return (s[0] - '0') * 10 + (s[1] - '0');
}

/* now_ms plus k calendar months, keeping the day and time of day. */
static int64_t smpp_add_months(int64_t now_ms, int64_t k)
{
	int64_t day = smpp_floor_div(now_ms, MS_PER_DAY);
	int64_t in_day = now_ms - day * MS_PER_DAY;
	struct smpp_civil c = smpp_civil_from_days(day);
	int64_t m0 = c.m - 1 + k;
	int64_t y = c.y + smpp_floor_div(m0, 12);
	int m = (int)(m0 - smpp_floor_div(m0, 12) * 12) + 1;
	return (smpp_days_from_civil(y, m, 1) + c.d - 1) * MS_PER_DAY + in_day;
}

int smpp_time_parse(const char *s, int64_t now_ms, int64_t *epoch_ms, enum smpp_time_kind *kind)
{
	size_t n = strnlen(s, SMPP_TIME_LEN + 1);
	if (n == 0) {
		*epoch_ms = 0;
		*kind = SMPP_TIME_NONE;
		return SMPP_OK;
	}
	if (n != SMPP_TIME_LEN)
		return SMPP_EINVAL;
	int f[6];
	for (int i = 0; i < 6; i++)
		if ((f[i] = smpp_2digits(s + 2 * i)) < 0)
			return SMPP_EINVAL;
	int yy = f[0], mo = f[1], dd = f[2], hh = f[3], mi = f[4], ss = f[5];
	char p = s[15];

	if (p == 'R') {
		if (memcmp(s + 12, "000", 3) != 0)
			return SMPP_EINVAL;
		int64_t t = smpp_add_months(now_ms, (int64_t)yy * 12 + mo);
		t += (((int64_t)dd * 24 + hh) * 60 + mi) * 60000 + (int64_t)ss * 1000;
		*epoch_ms = t;
		*kind = SMPP_TIME_RELATIVE;
		return SMPP_OK;
	}
	if (p != '+' && p != '-')
		return SMPP_EINVAL;
	int tenths = s[12] - '0';
	int nn = smpp_2digits(s + 13);
	int64_t year = 2000 + yy;
	if (tenths < 0 || tenths > 9 || nn < 0 || nn > 48 || mo < 1 || mo > 12 || dd < 1 ||
	    dd > smpp_days_in_month(year, mo) || hh > 23 || mi > 59 || ss > 59)
		return SMPP_EINVAL;
	int64_t local = smpp_days_from_civil(year, mo, dd) * MS_PER_DAY +
			((int64_t)hh * 3600 + mi * 60 + ss) * 1000 + tenths * 100;
	int64_t offset = (int64_t)nn * 15 * 60000;
	/* '+': local time is ahead of UTC, so UTC = local - offset */
	*epoch_ms = p == '+' ? local - offset : local + offset;
	*kind = SMPP_TIME_ABSOLUTE;
	return SMPP_OK;
}

static void smpp_put2(char *out, int64_t v)
{
	out[0] = (char)('0' + v / 10);
	out[1] = (char)('0' + v % 10);
}

int smpp_time_format_absolute(int64_t epoch_ms, int offset_quarters, char out[SMPP_TIME_LEN + 1])
{
	if (offset_quarters < -48 || offset_quarters > 48)
		return SMPP_EINVAL;
	int64_t local = epoch_ms + (int64_t)offset_quarters * 15 * 60000;
	int64_t day = smpp_floor_div(local, MS_PER_DAY);
	int64_t ms = local - day * MS_PER_DAY;
	struct smpp_civil c = smpp_civil_from_days(day);
	if (c.y < 2000 || c.y > 2099)
		return SMPP_ERANGE;
	smpp_put2(out, c.y - 2000);
	smpp_put2(out + 2, c.m);
	smpp_put2(out + 4, c.d);
	smpp_put2(out + 6, ms / 3600000);
	smpp_put2(out + 8, ms / 60000 % 60);
	smpp_put2(out + 10, ms / 1000 % 60);
	out[12] = (char)('0' + ms % 1000 / 100);
	smpp_put2(out + 13, offset_quarters < 0 ? -offset_quarters : offset_quarters);
	out[15] = offset_quarters < 0 ? '-' : '+';
	out[16] = '\0';
	return SMPP_OK;
}

int smpp_time_format_relative(int64_t now_ms, int64_t target_ms, char out[SMPP_TIME_LEN + 1])
{
	if (target_ms < now_ms)
		return SMPP_EINVAL;
	/* also keeps the sums below in range */
	if ((uint64_t)target_ms - (uint64_t)now_ms > (uint64_t)(101 * 366 * MS_PER_DAY))
		return SMPP_ERANGE;
	/* the most whole months k with now + k months <= target */
	struct smpp_civil a = smpp_civil_from_days(smpp_floor_div(now_ms, MS_PER_DAY));
	struct smpp_civil b = smpp_civil_from_days(smpp_floor_div(target_ms, MS_PER_DAY));
	int64_t k = (b.y - a.y) * 12 + (b.m - a.m);
	if (k < 0)
		k = 0;
	while (k > 0 && smpp_add_months(now_ms, k) > target_ms)
		k--;
	while (smpp_add_months(now_ms, k + 1) <= target_ms)
		k++;
	if (k / 12 > 99)
		return SMPP_ERANGE;
	int64_t rest = (target_ms - smpp_add_months(now_ms, k)) / 1000; /* seconds */
	int64_t days = rest / 86400;
	if (days > 99) /* cannot happen: a month is at most 31 days plus roll-over */
		return SMPP_ERANGE;
	smpp_put2(out, k / 12);
	smpp_put2(out + 2, k % 12);
	smpp_put2(out + 4, days);
	smpp_put2(out + 6, rest / 3600 % 24);
	smpp_put2(out + 8, rest / 60 % 60);
	smpp_put2(out + 10, rest % 60);
	memcpy(out + 12, "000R", 5);
	return SMPP_OK;
}
