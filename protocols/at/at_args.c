/* at_args.c - response parameters (see at_args.h). */
#include "at_args.h"

#include <string.h>

int at_args_split(const char *args, struct at_field *f, size_t max)
{
	size_t n = 0;
	const char *p = args;
	for (;;) {
		while (*p == ' ')
			p++;
		struct at_field cur = {p, 0, false};
		if (*p == '"') {
			const char *end = strchr(p + 1, '"');
			if (!end)
				return -1;
			cur.p = p + 1;
			cur.len = (size_t)(end - p - 1);
			cur.quoted = true;
			p = end + 1;
			while (*p == ' ')
				p++;
			/* Anything between the closing quote and the comma is ignored. */
			while (*p && *p != ',')
				p++;
		} else {
			while (*p && *p != ',')
				p++;
			size_t len = (size_t)(p - cur.p);
			while (len > 0 && cur.p[len - 1] == ' ')
				len--;
			cur.len = len;
		}
		if (n < max)
			f[n] = cur;
		n++;
		if (*p != ',')
			break;
		p++;
	}
	return (int)(n < max ? n : max);
}

int at_field_uint(const struct at_field *f, unsigned max, unsigned *out)
{
	if (f->len == 0 || f->len > 10)
		return -1;
	unsigned long v = 0;
	for (size_t i = 0; i < f->len; i++) {
		if (f->p[i] < '0' || f->p[i] > '9')
			return -1;
		v = v * 10 + (unsigned long)(f->p[i] - '0');
	}
	if (v > max)
		return -1;
	*out = (unsigned)v;
	return 0;
}

void at_field_copy(const struct at_field *f, char *out, size_t cap)
{
	size_t n = f->len < cap - 1 ? f->len : cap - 1;
	memcpy(out, f->p, n);
	out[n] = '\0';
}

bool at_field_is(const struct at_field *f, const char *text)
{
	return strlen(text) == f->len && memcmp(f->p, text, f->len) == 0;
}
