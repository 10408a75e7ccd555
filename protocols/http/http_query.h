/*
 * http_query.h - query strings and application/x-www-form-urlencoded
 * bodies, decoded into name/value pairs (the seed's Post/Get parameters).
 *
 * "a=1&b=x+y%21" gives a = "1", b = "x y!". '+' is a space, %XX a byte;
 * empty segments ("a=1&&b=2") are skipped; a name without '=' has the value
 * "". Refused, each with its own error and the offset of the culprit: a '%'
 * not followed by two hex digits, %00 (values are C strings), an empty name,
 * a name given twice (which one would win is ambiguous: refuse instead),
 * more than HTTP_QUERY_MAX_FIELDS fields. Bytes are not checked for UTF-8
 * here: the consumer of a text does that.
 *
 * Pure: no allocation; names and values point into the caller's buffer.
 */
#ifndef SMSB_HTTP_QUERY_H
#define SMSB_HTTP_QUERY_H

#include <stddef.h>

#define HTTP_QUERY_MAX_FIELDS 32

/* A buffer of this size always holds the decoded pairs of len input bytes. */
#define HTTP_QUERY_BUF_SIZE(len) (2 * (size_t)(len) + 2)

enum http_query_err {
	HTTP_QUERY_OK = 0,
	HTTP_QUERY_EPERCENT = -1, /* '%' without two hex digits */
	HTTP_QUERY_ENUL = -2,     /* %00 */
	HTTP_QUERY_ENAME = -3,    /* empty name ("=x") */
	HTTP_QUERY_EDUP = -4,     /* a name given twice */
	HTTP_QUERY_ETOOMANY = -5, /* more than HTTP_QUERY_MAX_FIELDS fields */
	HTTP_QUERY_ENOSPACE = -6, /* buf smaller than HTTP_QUERY_BUF_SIZE(len) */
};

struct http_field {
	const char *name;
	const char *value;
	size_t value_len; /* strlen(value) */
};

struct http_query {
	struct http_field f[HTTP_QUERY_MAX_FIELDS];
	size_t n;
};

/*
 * Decodes in[0..len) (need not be NUL-terminated) into *out, the strings in
 * buf[0..cap). Returns 0 or a negative enum http_query_err with the byte
 * offset of the problem in *err_pos (err_pos may be NULL); *out then holds
 * nothing usable.
 */
int http_query_parse(const char *in, size_t len, char *buf, size_t cap, struct http_query *out,
		     size_t *err_pos);

/* The value of name (exact, case-sensitive), or NULL when absent. */
const char *http_query_get(const struct http_query *q, const char *name);

/* A short English reason for a 400 answer. */
const char *http_query_strerror(int err);

#endif
