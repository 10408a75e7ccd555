/*
 * meter_template.c - placeholder parsing and rendering (see
 * meter_template.h). One scanner serves both the check and the render, so
 * a template that checks at start-up renders the same way later.
 */
#include "meter_template.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

struct placeholder {
	char name[32];
	unsigned index;   /* 0: none */
	int decimals;     /* -1: the report's default */
};

/* Parses the placeholder body s[0, len) (between the braces). 0 or -1 with why. */
static int parse(const char *s, size_t len, struct placeholder *ph, char *why, size_t why_len)
{
	size_t i = 0, n = 0;
	memset(ph, 0, sizeof *ph);
	ph->decimals = -1;
	while (i < len && (isalnum((unsigned char)s[i]) || s[i] == '_') && n < sizeof ph->name - 1)
		ph->name[n++] = s[i++];
	if (n == 0)
		goto syntax;
	if (i < len && s[i] == '[') {
		i++;
		unsigned idx = 0;
		size_t digits = 0;
		while (i < len && isdigit((unsigned char)s[i]) && digits < 3) {
			idx = idx * 10 + (unsigned)(s[i++] - '0');
			digits++;
		}
		if (digits == 0 || idx == 0 || i >= len || s[i] != ']')
			goto syntax;
		i++;
		ph->index = idx;
	}
	if (i < len && s[i] == ':') {
		if (i + 3 != len || s[i + 1] != '.' || !isdigit((unsigned char)s[i + 2]))
			goto syntax;
		ph->decimals = s[i + 2] - '0';
		i += 3;
	}
	if (i != len)
		goto syntax;
	return 0;
syntax:
	snprintf(why, why_len, "cannot read placeholder {%.*s}: expected {name}, {name[i]} or"
		 " {name[i]:.N}", (int)(len > 40 ? 40 : len), s);
	return -1;
}

/* Formats one value into out (decimals -1: the default); -1 if it does not fit. */
static int format_value(const struct meter_value *x, int decimals, int def, char *out, size_t cap)
{
	int n;
	if (x->kind == METER_V_TEXT)
		n = snprintf(out, cap, "%s", x->text);
	else if (x->kind == METER_V_INTEGER && decimals < 0)
		n = snprintf(out, cap, "%lld", (long long)x->integer);
	else {
		if (decimals < 0)
			decimals = def;
		double d = x->kind == METER_V_INTEGER ? (double)x->integer : x->number;
		n = isfinite(d) ? snprintf(out, cap, "%.*f", decimals < 0 ? 0 : decimals, d)
				: snprintf(out, cap, "-");
	}
	return n < 0 || (size_t)n >= cap ? -1 : n;
}

/*
 * The one scanner. v NULL: check only (with_reading says which names are
 * allowed). Returns the length written, -1 (bad template, why set) or -2.
 */
static int scan(const char *tpl, const struct meter_values *v, bool with_reading, int decimals,
		char *out, size_t cap, char *why, size_t why_len)
{
	size_t off = 0;
	for (const char *p = tpl; *p;) {
		char lit = 0;
		if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}')) {
			lit = p[0];
			p += 2;
		} else if (p[0] == '}') {
			snprintf(why, why_len, "a lone '}' (write \"}}\" for a brace)");
			return -1;
		} else if (p[0] != '{') {
			lit = *p++;
		}
		if (lit) {
			if (out && off + 1 >= cap)
				return -2;
			if (out)
				out[off] = lit;
			off++;
			continue;
		}
		const char *end = strchr(p, '}');
		if (!end) {
			snprintf(why, why_len, "'{' without its '}'");
			return -1;
		}
		struct placeholder ph;
		if (parse(p + 1, (size_t)(end - p - 1), &ph, why, why_len) != 0)
			return -1;
		struct meter_value x;
		int rc = meter_value_get(v, ph.name, ph.index, &x);
		if (rc == -1 || rc == -2 || (rc == -3 && (v || !with_reading))) {
			snprintf(why, why_len, rc == -1 ? "unknown value {%s}"
				 : rc == -2 ? "{%s}: index out of range or not indexed"
					    : "{%s} needs a reading (only meter, broker_time and error here)",
				 ph.name);
			return -1;
		}
		if (out) {
			int n = format_value(&x, ph.decimals, decimals, out + off, cap - off);
			if (n < 0)
				return -2;
			off += (size_t)n;
		}
		p = end + 1;
	}
	if (out)
		out[off] = '\0';
	return (int)off;
}

int meter_template_check(const char *tpl, bool with_reading, char *why, size_t why_len)
{
	return scan(tpl, NULL, with_reading, 0, NULL, 0, why, why_len) < 0 ? -1 : 0;
}

int meter_template_render(const char *tpl, const struct meter_values *v, unsigned decimals,
			  char *out, size_t cap)
{
	char why[128];
	if (cap == 0)
		return -2;
	out[0] = '\0';
	return scan(tpl, v, true, (int)decimals, out, cap, why, sizeof why);
}
