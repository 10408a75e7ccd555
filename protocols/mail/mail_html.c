/*
 * mail_html.c - HTML to plain text (see mail_html.h).
 *
 * One forward scan. Every construct's output is shorter than its source
 * ("<br>" -> "\n", "&lt;" -> "<", "&#128512;" -> 4 bytes), which is what
 * lets the caller size the output by the input.
 */
#include "mail_html.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "mail_err.h"

struct out {
	char *buf;
	size_t cap, len;
	bool full;
};

static void put(struct out *o, const char *s, size_t n)
{
	if (o->len + n >= o->cap) {
		o->full = true;
		return;
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

static void put_cp(struct out *o, uint32_t cp)
{
	char b[4];
	size_t n;
	if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		cp = 0xFFFD;
	if (cp < 0x80) {
		b[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | cp >> 6);
		b[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xE0 | cp >> 12);
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		b[0] = (char)(0xF0 | cp >> 18);
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	put(o, b, n);
}

/* Named entities; each name is at least as long as its UTF-8 (with '&' and ';'). */
static const struct {
	const char *name;
	uint32_t cp;
} entities[] = {
	{"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''},
	{"nbsp", 0xA0}, {"euro", 0x20AC}, {"copy", 0xA9}, {"reg", 0xAE},
	{"trade", 0x2122}, {"hellip", 0x2026}, {"mdash", 0x2014}, {"ndash", 0x2013},
	{"laquo", 0xAB}, {"raquo", 0xBB}, {"lsquo", 0x2018}, {"rsquo", 0x2019},
	{"ldquo", 0x201C}, {"rdquo", 0x201D}, {"bull", 0x2022}, {"middot", 0xB7},
	{"deg", 0xB0}, {"pound", 0xA3}, {"yen", 0xA5}, {"sect", 0xA7},
	{"auml", 0xE4}, {"ouml", 0xF6}, {"uuml", 0xFC}, {"Auml", 0xC4},
	{"Ouml", 0xD6}, {"Uuml", 0xDC}, {"szlig", 0xDF}, {"eacute", 0xE9},
	{"egrave", 0xE8}, {"agrave", 0xE0}, {"ccedil", 0xE7},
};

/* An entity at s[0] == '&'. Returns the bytes consumed (0: not an entity). */
static size_t entity(const char *s, size_t n, struct out *o)
{
	size_t i = 1;
	uint32_t cp = 0;
	if (i < n && s[i] == '#') {
		i++;
		bool hex = i < n && (s[i] == 'x' || s[i] == 'X');
		i += hex;
		size_t digits = 0;
		for (; i < n && digits < 8; i++, digits++) {
			char c = s[i];
			int v = c >= '0' && c <= '9' ? c - '0'
				: hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
				: hex && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
			if (v < 0)
				break;
			cp = cp * (hex ? 16 : 10) + (uint32_t)v;
		}
		if (digits == 0 || i >= n || s[i] != ';')
			return 0;
		/* Never longer than the source: "&#N;" is 4 bytes for 1-2 of
		 * UTF-8, U+0800 needs 4 digits (7 bytes), U+10000 five hex. */
		put_cp(o, cp);
		return i + 1;
	}
	for (size_t k = 0; k < sizeof entities / sizeof entities[0]; k++) {
		size_t l = strlen(entities[k].name);
		if (l + 2 <= n && memcmp(s + 1, entities[k].name, l) == 0 && s[l + 1] == ';') {
			put_cp(o, entities[k].cp);
			return l + 2;
		}
	}
	return 0;
}

static bool name_is(const char *name, size_t nl, const char *const *set)
{
	for (; *set; set++)
		if (strlen(*set) == nl && strncasecmp(name, *set, nl) == 0)
			return true;
	return false;
}

/* Blocks start on a new line; a run of them gives one line break, not a gap. */
static const char *const block_tags[] = {
	"p", "div", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table",
	"ul", "ol", "blockquote", "hr", "pre", "section", "article", "header",
	"footer", "address", "dt", "dd", NULL,
};
static const char *const skip_tags[] = {"script", "style", "head", "title", "template", NULL};

/* A line break unless the output is empty or already ends with one (spaces aside). */
static void soft_break(struct out *o)
{
	size_t i = o->len;
	while (i > 0 && o->buf[i - 1] == ' ')
		i--;
	if (i > 0 && o->buf[i - 1] != '\n')
		put(o, "\n", 1);
}

/* Where the tag starting at s[0] == '<' ends (after '>'), quotes respected. */
static size_t tag_end(const char *s, size_t n)
{
	char quote = 0;
	for (size_t i = 1; i < n; i++) {
		if (quote) {
			if (s[i] == quote)
				quote = 0;
		} else if (s[i] == '"' || s[i] == '\'') {
			quote = s[i];
		} else if (s[i] == '>') {
			return i + 1;
		}
	}
	return n;
}

/* Finds "</name" (any case) from s on; returns its offset or n. */
static size_t find_close(const char *s, size_t n, const char *name, size_t nl)
{
	for (size_t i = 0; i + 2 + nl <= n; i++)
		if (s[i] == '<' && s[i + 1] == '/' && strncasecmp(s + i + 2, name, nl) == 0)
			return i;
	return n;
}

/* A tag at s[0] == '<'. Returns the bytes consumed. */
static size_t tag(const char *s, size_t n, struct out *o)
{
	if (n >= 4 && memcmp(s, "<!--", 4) == 0) {
		for (size_t i = 4; i + 3 <= n; i++)
			if (memcmp(s + i, "-->", 3) == 0)
				return i + 3;
		return n;
	}
	size_t i = 1;
	bool closing = i < n && s[i] == '/';
	i += closing;
	size_t name = i;
	while (i < n && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
			 (s[i] >= '0' && s[i] <= '9')))
		i++;
	size_t nl = i - name;
	if (nl == 0 && !(i < n && (s[i] == '!' || s[i] == '?'))) {
		put(o, "<", 1); /* a lone '<' in text */
		return 1;
	}
	size_t end = tag_end(s, n);
	if (!closing && name_is(s + name, nl, skip_tags)) {
		size_t c = find_close(s + end, n - end, s + name, nl);
		return end + c + (c < n - end ? tag_end(s + end + c, n - end - c) : 0);
	}
	if (nl == 2 && strncasecmp(s + name, "br", 2) == 0) {
		put(o, "\n", 1); /* every <br> counts: two make a blank line */
	} else if (name_is(s + name, nl, block_tags)) {
		soft_break(o);
		if (!closing && nl == 2 && strncasecmp(s + name, "li", 2) == 0)
			put(o, "- ", 2);
	}
	return end;
}

int mail_html_to_text(const char *html, size_t len, char *out, size_t cap, size_t *out_len)
{
	if (!html || !out || cap == 0)
		return MAIL_EINVAL;
	struct out o = {out, cap, 0, false};
	for (size_t i = 0; i < len && !o.full;) {
		char c = html[i];
		size_t used = 0;
		if (c == '<')
			used = tag(html + i, len - i, &o);
		else if (c == '&')
			used = entity(html + i, len - i, &o);
		if (used) {
			i += used;
			continue;
		}
		char sp = c == '\n' || c == '\r' || c == '\t' ? ' ' : c;
		put(&o, &sp, 1);
		i++;
	}
	out[o.len] = '\0';
	if (out_len)
		*out_len = o.len;
	return o.full ? MAIL_ENOSPACE : MAIL_OK;
}
