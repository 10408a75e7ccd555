/* http_query.c - query string and form decoding (see http_query.h). */
#include "http_query.h"

#include <string.h>

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes in[from..to) into buf at *o, NUL-terminated. 0 or an error (*err_pos set). */
static int decode(const char *in, size_t from, size_t to, char *buf, size_t *o, size_t *err_pos)
{
	for (size_t i = from; i < to; i++) {
		char c = in[i];
		if (c == '+') {
			c = ' ';
		} else if (c == '%') {
			int hi = i + 2 < to ? hexval(in[i + 1]) : -1;
			int lo = hi >= 0 ? hexval(in[i + 2]) : -1;
			if (hi < 0 || lo < 0) {
				*err_pos = i;
				return HTTP_QUERY_EPERCENT;
			}
			c = (char)(hi << 4 | lo);
			if (c == '\0') {
				*err_pos = i;
				return HTTP_QUERY_ENUL;
			}
			i += 2;
		} else if (c == '\0') {
			*err_pos = i;
			return HTTP_QUERY_ENUL;
		}
		buf[(*o)++] = c;
	}
	buf[(*o)++] = '\0';
	return HTTP_QUERY_OK;
}

int http_query_parse(const char *in, size_t len, char *buf, size_t cap, struct http_query *out,
		     size_t *err_pos)
{
	size_t dummy;
	if (!err_pos)
		err_pos = &dummy;
	*err_pos = 0;
	out->n = 0;
	if (cap < HTTP_QUERY_BUF_SIZE(len))
		return HTTP_QUERY_ENOSPACE;
	size_t o = 0, i = 0;
	while (i < len) {
		size_t end = i;
		while (end < len && in[end] != '&')
			end++;
		if (end == i) {
			i++;
			continue;
		}
		size_t eq = i;
		while (eq < end && in[eq] != '=')
			eq++;
		if (eq == i) {
			*err_pos = i;
			return HTTP_QUERY_ENAME;
		}
		if (out->n == HTTP_QUERY_MAX_FIELDS) {
			*err_pos = i;
			return HTTP_QUERY_ETOOMANY;
		}
		struct http_field *f = &out->f[out->n];
		f->name = buf + o;
		int rc = decode(in, i, eq, buf, &o, err_pos);
		if (rc != HTTP_QUERY_OK)
			return rc;
		if (f->name[0] == '\0') {
			*err_pos = i;
			return HTTP_QUERY_ENAME;
		}
		f->value = buf + o;
		rc = decode(in, eq < end ? eq + 1 : end, end, buf, &o, err_pos);
		if (rc != HTTP_QUERY_OK)
			return rc;
		f->value_len = strlen(f->value);
		for (size_t k = 0; k < out->n; k++) {
			if (strcmp(out->f[k].name, f->name) == 0) {
				*err_pos = i;
				return HTTP_QUERY_EDUP;
			}
		}
		out->n++;
		i = end + 1;
	}
	return HTTP_QUERY_OK;
}

const char *http_query_get(const struct http_query *q, const char *name)
{
	for (size_t i = 0; i < q->n; i++)
		if (strcmp(q->f[i].name, name) == 0)
			return q->f[i].value;
	return NULL;
}

const char *http_query_strerror(int err)
{
	switch (err) {
	case HTTP_QUERY_OK: return "ok";
	case HTTP_QUERY_EPERCENT: return "'%' not followed by two hex digits";
	case HTTP_QUERY_ENUL: return "a NUL byte in a parameter";
	case HTTP_QUERY_ENAME: return "a parameter without a name";
	case HTTP_QUERY_EDUP: return "a parameter given twice";
	case HTTP_QUERY_ETOOMANY: return "too many parameters";
	case HTTP_QUERY_ENOSPACE: return "parameters too long";
	}
	return "malformed parameters";
}
