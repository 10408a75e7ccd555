/*
 * mail_text.c - tidying an email body for an SMS (see mail_text.h).
 *
 * Two passes over the buffer, both writing behind the reading position so
 * the work stays in place: the first normalises line ends, the second takes
 * one line at a time, decides whether it stays, and copies it tidied.
 */
#include "mail_text.h"

#include <string.h>

/* CRLF and CR to LF. Returns the new length. */
static size_t normalise_newlines(char *t, size_t len)
{
	size_t w = 0;
	for (size_t r = 0; r < len; r++) {
		if (t[r] == '\r') {
			t[w++] = '\n';
			if (r + 1 < len && t[r + 1] == '\n')
				r++;
		} else {
			t[w++] = t[r];
		}
	}
	return w;
}

static bool line_is(const char *l, size_t n, const char *what)
{
	return n == strlen(what) && memcmp(l, what, n) == 0;
}

static size_t skip_blank(const char *l, size_t n)
{
	size_t i = 0;
	while (i < n && (l[i] == ' ' || l[i] == '\t'))
		i++;
	return i;
}

static bool is_quoted(const char *l, size_t n)
{
	size_t i = skip_blank(l, n);
	return i < n && l[i] == '>';
}

static bool ends_with_wrote(const char *l, size_t n)
{
	while (n && (l[n - 1] == ' ' || l[n - 1] == '\t'))
		n--;
	return n >= 6 && memcmp(l + n - 6, "wrote:", 6) == 0;
}

/* Is the next line with something on it (after pos) a quoted one? */
static bool quote_follows(const char *t, size_t len, size_t pos)
{
	while (pos < len) {
		const char *nl = memchr(t + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - t) : len;
		size_t n = end - pos;
		if (skip_blank(t + pos, n) < n)
			return is_quoted(t + pos, n);
		pos = end + 1;
	}
	return false;
}

static bool cut_here(const char *l, size_t n, const struct mail_text_opts *o)
{
	if (o->cut_signature && (line_is(l, n, "-- ") || line_is(l, n, "--")))
		return true;
	if (!o->cut_quotes)
		return false;
	size_t i = skip_blank(l, n);
	if (n - i >= 26 && memcmp(l + i, "-----Original Message-----", 26) == 0)
		return true;
	/* A rule of 32 underscores (Outlook's reply header). Counted within the
	 * line: the text need not end in NUL here. */
	size_t u = 0;
	while (i + u < n && l[i + u] == '_')
		u++;
	return u >= 32;
}

/* Copies one line tidied to out (out <= l); returns its length. */
static size_t copy_line(char *out, const char *l, size_t n)
{
	size_t w = 0;
	bool space = false;
	for (size_t r = 0; r < n; r++) {
		unsigned char c = (unsigned char)l[r];
		size_t skip = 0;
		if (c == ' ' || c == '\t') {
			skip = 1;
			space = true;
		} else if (c == 0xC2 && r + 1 < n && (unsigned char)l[r + 1] == 0xA0) {
			skip = 2; /* U+00A0 */
			space = true;
		} else if (c == 0xE2 && r + 2 < n && (unsigned char)l[r + 1] == 0x80 &&
			   (unsigned char)l[r + 2] == 0x8B) {
			skip = 3; /* U+200B, dropped */
		} else if (c == 0xEF && r + 2 < n && (unsigned char)l[r + 1] == 0xBB &&
			   (unsigned char)l[r + 2] == 0xBF) {
			skip = 3; /* U+FEFF, dropped */
		}
		if (skip) {
			r += skip - 1;
			continue;
		}
		if (space && w > 0)
			out[w++] = ' ';
		space = false;
		out[w++] = (char)c;
	}
	return w;
}

size_t mail_text_tidy(char *t, size_t len, const struct mail_text_opts *opts)
{
	static const struct mail_text_opts none;
	const struct mail_text_opts *o = opts ? opts : &none;
	len = normalise_newlines(t, len);
	size_t w = 0, pos = 0;
	unsigned blank = 0; /* blank lines seen since the last written one */
	while (pos < len) {
		const char *nl = memchr(t + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - t) : len;
		const char *l = t + pos;
		size_t n = end - pos;
		pos = end + 1;
		if (cut_here(l, n, o))
			break;
		if (o->cut_quotes &&
		    (is_quoted(l, n) || (ends_with_wrote(l, n) && quote_follows(t, len, pos))))
			continue;
		/* The tidied line is written at w + blank separator bytes: w + 2 <= start of l. */
		char *dst = t + w + (w > 0 ? 1 + (blank > 0) : 0);
		size_t m = copy_line(dst, l, n);
		if (m == 0) {
			blank++;
			continue;
		}
		if (w > 0) {
			t[w++] = '\n';
			if (blank)
				t[w++] = '\n';
		}
		memmove(t + w, dst, m);
		w += m;
		blank = 0;
	}
	t[w] = '\0';
	return w;
}
