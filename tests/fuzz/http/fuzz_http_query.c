/*
 * fuzz_http_query - http_query_parse on arbitrary query strings and form
 * bodies. Invariants: on success at most HTTP_QUERY_MAX_FIELDS fields, each
 * with a non-empty name, distinct names, value_len == strlen(value), every
 * string inside the buffer; re-encoding every byte as %XX and parsing again
 * gives the same pairs; on failure the error offset is inside the input.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_query.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct http_query *q, const char *buf, size_t cap)
{
	if (q->n > HTTP_QUERY_MAX_FIELDS)
		abort();
	for (size_t i = 0; i < q->n; i++) {
		const struct http_field *f = &q->f[i];
		if (!f->name[0] || f->name < buf || f->value < buf || f->value + f->value_len >= buf + cap ||
		    strlen(f->value) != f->value_len)
			abort();
		for (size_t k = 0; k < i; k++)
			if (strcmp(q->f[k].name, f->name) == 0)
				abort();
	}
}

static size_t encode(const char *s, char *out)
{
	size_t o = 0;
	for (; *s; s++)
		o += (size_t)sprintf(out + o, "%%%02X", (unsigned char)*s);
	return o;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	size_t cap = HTTP_QUERY_BUF_SIZE(size);
	char *buf = malloc(cap);
	struct http_query q;
	size_t pos = 0;
	int rc = http_query_parse((const char *)data, size, buf, cap, &q, &pos);
	if (rc != HTTP_QUERY_OK) {
		if (pos >= size && size > 0)
			abort();
		free(buf);
		return 0;
	}
	check(&q, buf, cap);
	/* Round trip: every byte as %XX. */
	char *again = malloc(size * 3 * 2 + 8 + 2 * q.n);
	size_t len = 0;
	for (size_t i = 0; i < q.n; i++) {
		if (i)
			again[len++] = '&';
		len += encode(q.f[i].name, again + len);
		again[len++] = '=';
		len += encode(q.f[i].value, again + len);
	}
	size_t cap2 = HTTP_QUERY_BUF_SIZE(len);
	char *buf2 = malloc(cap2);
	struct http_query q2;
	if (http_query_parse(again, len, buf2, cap2, &q2, NULL) != HTTP_QUERY_OK || q2.n != q.n)
		abort();
	for (size_t i = 0; i < q.n; i++)
		if (strcmp(q.f[i].name, q2.f[i].name) || strcmp(q.f[i].value, q2.f[i].value))
			abort();
	free(buf2);
	free(again);
	free(buf);
	return 0;
}
