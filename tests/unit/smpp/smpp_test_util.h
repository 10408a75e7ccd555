/*
 * smpp_test_util.h - helpers shared by the SMPP unit tests: hex to bytes
 * and the vector file reader. Test code only.
 */
#ifndef SMSB_SMPP_TEST_UTIL_H
#define SMSB_SMPP_TEST_UTIL_H

#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "test_data.h"

/* Hex with optional spaces to bytes; returns the byte count, or -1. */
static inline long smpp_test_unhex(const char *hex, uint8_t *out, size_t cap)
{
	size_t n = 0;
	int hi = -1;
	for (const char *p = hex; *p; p++) {
		int v;
		if (isspace((unsigned char)*p))
			continue;
		if (*p >= '0' && *p <= '9')
			v = *p - '0';
		else if (*p >= 'a' && *p <= 'f')
			v = *p - 'a' + 10;
		else if (*p >= 'A' && *p <= 'F')
			v = *p - 'A' + 10;
		else
			return -1;
		if (hi < 0) {
			hi = v;
			continue;
		}
		if (n == cap)
			return -1;
		out[n++] = (uint8_t)(hi << 4 | v);
		hi = -1;
	}
	return hi < 0 ? (long)n : -1;
}

#define SMPP_TEST_MAX_VECTORS 64
#define SMPP_TEST_MAX_BYTES 512

struct smpp_test_vector {
	char name[64];
	int decode_only;
	uint8_t bytes[SMPP_TEST_MAX_BYTES];
	size_t len;
	char dump[1024];
};

static inline FILE *smpp_test_open_data(const char *name)
{
	return test_open_data("smpp", name);
}

/*
 * Reads the vector file tests/data/smpp/<name>. Returns the number of
 * vectors, or -1 when the file is missing or malformed.
 */
static inline int smpp_test_load_vectors(const char *name, struct smpp_test_vector *v, int max)
{
	FILE *f = smpp_test_open_data(name);
	char line[2048];
	int n = 0;
	if (!f)
		return -1;
	while (fgets(line, sizeof line, f)) {
		char kind[4], vname[64], dir[16];
		int off = 0;
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == 'v' && sscanf(line, "%3s %63s %15s %n", kind, vname, dir, &off) == 3) {
			if (n == max)
				goto bad;
			snprintf(v[n].name, sizeof v[n].name, "%s", vname);
			v[n].decode_only = strcmp(dir, "decode") == 0;
			long len = smpp_test_unhex(line + off, v[n].bytes, sizeof v[n].bytes);
			if (len < 0)
				goto bad;
			v[n].len = (size_t)len;
			v[n].dump[0] = '\0';
			n++;
		} else if (line[0] == 'd' && sscanf(line, "%3s %63s %n", kind, vname, &off) == 2) {
			int i;
			for (i = 0; i < n && strcmp(v[i].name, vname) != 0; i++)
				;
			if (i == n)
				goto bad;
			snprintf(v[i].dump, sizeof v[i].dump, "%s", line + off);
		}
	}
	fclose(f);
	return n;
bad:
	fclose(f);
	return -1;
}

#endif
