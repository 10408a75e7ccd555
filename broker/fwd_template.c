/* fwd_template.c - {placeholder} templates of forwarding rules (see fwd_template.h). */
#include "fwd_template.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

void fwd_template_time(int64_t t_ms, char *buf, size_t size)
{
	if (t_ms <= 0) {
		snprintf(buf, size, "%s", "");
		return;
	}
	time_t t = (time_t)(t_ms / 1000);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The value of placeholder name[0..len), or NULL if it is none of ours. */
static const char *lookup(const char *name, size_t len, const struct fwd_vars *v, char *tbuf,
			  size_t tsize)
{
	static const struct {
		const char *name;
		size_t off;
	} fields[] = {
		{"sender", offsetof(struct fwd_vars, sender)},
		{"destination", offsetof(struct fwd_vars, destination)},
		{"text", offsetof(struct fwd_vars, text)},
		{"message_id", offsetof(struct fwd_vars, message_id)},
		{"connector", offsetof(struct fwd_vars, connector)},
		{"rule", offsetof(struct fwd_vars, rule)},
	};
	if (len == 4 && memcmp(name, "time", 4) == 0) {
		fwd_template_time(v->time_ms, tbuf, tsize);
		return tbuf;
	}
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		if (strlen(fields[i].name) == len && memcmp(fields[i].name, name, len) == 0) {
			const char *s = *(const char *const *)((const char *)v + fields[i].off);
			return s ? s : "";
		}
	}
	return NULL;
}

void fwd_template_expand(struct fwd_buf *out, const char *tmpl, const struct fwd_vars *v,
			 enum fwd_escape esc)
{
	const char *p = tmpl ? tmpl : "";
	char tbuf[32];
	while (*p) {
		const char *brace = strchr(p, '{');
		if (!brace) {
			fwd_buf_str(out, p);
			return;
		}
		fwd_buf_add(out, p, (size_t)(brace - p));
		if (brace[1] == '{') {
			fwd_buf_add(out, "{", 1);
			p = brace + 2;
			continue;
		}
		const char *close = strchr(brace + 1, '}');
		const char *val = close ? lookup(brace + 1, (size_t)(close - brace - 1), v, tbuf,
						 sizeof tbuf)
					: NULL;
		if (!val) {
			fwd_buf_add(out, "{", 1);
			p = brace + 1;
			continue;
		}
		if (esc == FWD_ESC_URL)
			fwd_buf_url(out, val, strlen(val));
		else
			fwd_buf_str(out, val);
		p = close + 1;
	}
}

char *fwd_template_string(const char *tmpl, const struct fwd_vars *v, enum fwd_escape esc)
{
	struct fwd_buf b = {0};
	fwd_template_expand(&b, tmpl, v, esc);
	return fwd_buf_take(&b);
}
