/*
 * sms_test_util.h - helpers for the SMS codec tests: hex literals, vector
 * files under tests/data/sms/ (ctest runs from tests/), a fixed-seed PRNG.
 * The hex helper here is independent of protocols/sms/hex.c on purpose, so
 * a codec bug cannot cancel out in a test.
 */
#ifndef SMSB_SMS_TEST_UTIL_H
#define SMSB_SMS_TEST_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "test_data.h"

static inline int tu_nib(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Parses hex (spaces allowed) into out; returns the length, aborts on junk. */
static inline size_t tu_hex(const char *hex, uint8_t *out, size_t cap)
{
	size_t n = 0;
	for (const char *p = hex; *p;) {
		if (*p == ' ') {
			p++;
			continue;
		}
		int hi = tu_nib(p[0]), lo = p[1] ? tu_nib(p[1]) : -1;
		if (hi < 0 || lo < 0 || n >= cap) {
			fprintf(stderr, "bad test hex: %s\n", hex);
			abort();
		}
		out[n++] = (uint8_t)(hi << 4 | lo);
		p += 2;
	}
	return n;
}

/* Formats bytes as upper-case hex into a static buffer (for messages). */
static inline const char *tu_tohex(const uint8_t *b, size_t n)
{
	static char buf[2048];
	size_t o = 0;
	for (size_t i = 0; i < n && o + 3 < sizeof buf; i++)
		o += (size_t)snprintf(buf + o, sizeof buf - o, "%02X", b[i]);
	buf[o] = '\0';
	return buf;
}

static inline FILE *tu_open(const char *name)
{
	return test_open_data("sms", name);
}

/* Splits a line in place at tabs into at most max fields; returns the count. */
static inline int tu_fields(char *line, char **f, int max)
{
	int n = 0;
	line[strcspn(line, "\r\n")] = '\0';
	char *p = line;
	while (n < max) {
		f[n++] = p;
		char *t = strchr(p, '\t');
		if (!t)
			break;
		*t = '\0';
		p = t + 1;
	}
	return n;
}

/* A block of "key: value" lines ended by a blank line (vector records). */
struct tu_rec {
	int n;
	char key[32][24];
	char val[32][1024];
	int line;
};

static inline int tu_rec_next(FILE *f, struct tu_rec *r, int *lineno)
{
	char line[1100];
	r->n = 0;
	while (fgets(line, sizeof line, f)) {
		(*lineno)++;
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '#')
			continue;
		if (line[0] == '\0') {
			if (r->n)
				return 1;
			continue;
		}
		char *colon = strchr(line, ':');
		if (!colon || r->n >= 32)
			continue;
		*colon = '\0';
		const char *v = colon + 1;
		if (*v == ' ')
			v++;
		if (r->n == 0)
			r->line = *lineno;
		size_t kl = strlen(line), vl = strlen(v);
		if (kl >= sizeof r->key[0] || vl >= sizeof r->val[0])
			continue;
		memcpy(r->key[r->n], line, kl + 1);
		memcpy(r->val[r->n], v, vl + 1);
		r->n++;
	}
	return r->n > 0;
}

static inline const char *tu_get(const struct tu_rec *r, const char *key)
{
	for (int i = 0; i < r->n; i++)
		if (strcmp(r->key[i], key) == 0)
			return r->val[i];
	return NULL;
}

/* xorshift64*: a fixed-seed PRNG so property tests are reproducible. */
static inline uint64_t tu_rand(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ull;
}

#endif
