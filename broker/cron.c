/*
 * cron.c - parsing five-field cron expressions and finding the next match
 * (see cron.h). The search walks days, not minutes, so a rare expression
 * costs a few thousand localtime/mktime calls at most.
 */
#include "cron.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct cron_field {
	const char *name;
	int lo, hi;
};

static const struct cron_field fields[5] = {
	{"minute", 0, 59}, {"hour", 0, 23}, {"day", 1, 31}, {"month", 1, 12}, {"weekday", 0, 7},
};

static int number(const char **p, int *v)
{
	if (!isdigit((unsigned char)**p))
		return -1;
	long n = 0;
	while (isdigit((unsigned char)**p) && n < 1000)
		n = n * 10 + (*(*p)++ - '0');
	*v = (int)n;
	return 0;
}

/* One comma-separated item of field f into *bits. */
static int item(const char *s, const char *end, const struct cron_field *f, uint64_t *bits,
		char *why, size_t why_len)
{
	int lo = f->lo, hi = f->hi, step = 1;
	const char *p = s;
	if (*p == '*') {
		p++;
	} else {
		if (number(&p, &lo) != 0)
			goto syntax;
		hi = lo;
		if (*p == '-') {
			p++;
			if (number(&p, &hi) != 0)
				goto syntax;
		}
	}
	if (p < end && *p == '/') {
		p++;
		if (number(&p, &step) != 0 || step < 1) {
			snprintf(why, why_len, "%s: bad step", f->name);
			return -1;
		}
		if (s[0] != '*' && hi == lo)
			hi = f->hi; /* "N/S": from N to the end */
	}
	if (p != end)
		goto syntax;
	if (lo < f->lo || hi > f->hi || lo > hi) {
		snprintf(why, why_len, "%s: %d-%d is out of range %d-%d", f->name, lo, hi, f->lo, f->hi);
		return -1;
	}
	for (int v = lo; v <= hi; v += step)
		*bits |= 1ULL << v;
	return 0;
syntax:
	snprintf(why, why_len, "%s: cannot read \"%.*s\"", f->name, (int)(end - s), s);
	return -1;
}

static int field(const char *s, size_t len, const struct cron_field *f, uint64_t *bits,
		 char *why, size_t why_len)
{
	const char *end = s + len;
	*bits = 0;
	while (s < end) {
		const char *comma = memchr(s, ',', (size_t)(end - s));
		const char *stop = comma ? comma : end;
		if (stop == s || item(s, stop, f, bits, why, why_len) != 0) {
			if (stop == s)
				snprintf(why, why_len, "%s: empty list item", f->name);
			return -1;
		}
		s = comma ? comma + 1 : end;
		if (comma && s == end) {
			snprintf(why, why_len, "%s: empty list item", f->name);
			return -1;
		}
	}
	return 0;
}

int cron_parse(const char *text, struct cron_expr *out, char *why, size_t why_len)
{
	memset(out, 0, sizeof *out);
	uint64_t bits[5];
	const char *p = text;
	for (int i = 0; i < 5; i++) {
		while (*p == ' ' || *p == '\t')
			p++;
		const char *s = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		if (p == s) {
			snprintf(why, why_len, "expected 5 fields (minute hour day month weekday), got %d", i);
			return -1;
		}
		if (field(s, (size_t)(p - s), &fields[i], &bits[i], why, why_len) != 0)
			return -1;
		if (i == 2)
			out->day_any = s[0] == '*';
		if (i == 4)
			out->weekday_any = s[0] == '*';
	}
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p) {
		snprintf(why, why_len, "more than 5 fields");
		return -1;
	}
	out->minutes = bits[0];
	out->hours = (uint32_t)bits[1];
	out->days = (uint32_t)bits[2];
	out->months = (uint16_t)bits[3];
	out->weekdays = (uint8_t)((bits[4] | bits[4] >> 7) & 0x7F); /* 7 is Sunday too */
	return 0;
}

static bool day_matches(const struct cron_expr *c, const struct tm *tm)
{
	if (!(c->months >> (tm->tm_mon + 1) & 1))
		return false;
	bool dom = c->days >> tm->tm_mday & 1;
	bool dow = c->weekdays >> tm->tm_wday & 1;
	if (c->day_any || c->weekday_any)
		return dom && dow; /* "*" matches everything, so this is the restricted one */
	return dom || dow;
}

int64_t cron_next(const struct cron_expr *c, int64_t after_s)
{
	time_t t = (time_t)(after_s - (after_s % 60 + 60) % 60 + 60); /* next whole minute */
	struct tm start;
	if (!localtime_r(&t, &start))
		return -1;
	struct tm day = start;
	for (int d = 0; d < 5 * 366 + 2; d++) {
		if (d > 0) {
			/* Noon of the next day: safe from DST changes, which happen at night. */
			day.tm_mday++;
			day.tm_hour = 12;
			day.tm_min = 0;
			day.tm_sec = 0;
			day.tm_isdst = -1;
			time_t noon = mktime(&day);
			if (noon == (time_t)-1 || !localtime_r(&noon, &day))
				return -1;
		}
		if (!day_matches(c, &day))
			continue;
		for (int h = d == 0 ? start.tm_hour : 0; h < 24; h++) {
			if (!(c->hours >> h & 1))
				continue;
			for (int m = d == 0 && h == start.tm_hour ? start.tm_min : 0; m < 60; m++) {
				if (!(c->minutes >> m & 1))
					continue;
				struct tm x = day;
				x.tm_hour = h;
				x.tm_min = m;
				x.tm_sec = 0;
				x.tm_isdst = -1;
				time_t r = mktime(&x);
				if (r != (time_t)-1 && (int64_t)r > after_s)
					return (int64_t)r;
			}
		}
	}
	return -1;
}
