/* fwd_mail.c - a forwarded message as an email (see fwd_mail.h). */
#include "fwd_mail.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fwd_buf.h"

#define WORD_BYTES 45 /* 45 octets: 60 Base64 characters, 72 with "=?UTF-8?B?" and "?=" */
#define QP_LINE 76
#define LINE_MAX_7BIT 998

static bool printable_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return false;
	return true;
}

/* A header value without line breaks (a template could bring one). */
static void header_value(struct fwd_buf *b, const char *s)
{
	for (; *s; s++)
		fwd_buf_add(b, *s == '\r' || *s == '\n' ? " " : s, 1);
}

static void encoded_words(struct fwd_buf *b, const char *s)
{
	size_t len = strlen(s), i = 0;
	while (i < len) {
		size_t n = len - i < WORD_BYTES ? len - i : WORD_BYTES;
		/* Back off to a character boundary: never a continuation octet first. */
		while (i + n < len && n > 1 && ((unsigned char)s[i + n] & 0xC0) == 0x80)
			n--;
		if (i)
			fwd_buf_str(b, "\r\n ");
		fwd_buf_str(b, "=?UTF-8?B?");
		fwd_buf_base64(b, s + i, n);
		fwd_buf_str(b, "?=");
		i += n;
	}
}

char *fwd_mail_subject(const char *utf8)
{
	struct fwd_buf f = {0}, b = {0};
	header_value(&f, utf8 ? utf8 : "");
	char *flat = fwd_buf_take(&f);
	if (!flat)
		return NULL;
	/* Plain ASCII as it is, unless the header line would pass RFC 5322's hard
	 * limit of 998 octets: encoded words fold, a long unbroken word cannot. */
	if (printable_ascii(flat) && strlen(flat) <= LINE_MAX_7BIT - sizeof "Subject: " + 1)
		fwd_buf_str(&b, flat);
	else
		encoded_words(&b, flat);
	free(flat);
	return fwd_buf_take(&b);
}

/* Calls fn for each line of text (without its end: CRLF, LF or CR). */
static void each_line(const char *text, void (*fn)(struct fwd_buf *, const char *, size_t),
		      struct fwd_buf *b)
{
	const char *p = text;
	for (;;) {
		size_t n = strcspn(p, "\r\n");
		fn(b, p, n);
		if (!p[n])
			return;
		p += n + (p[n] == '\r' && p[n + 1] == '\n' ? 2 : 1);
	}
}

static void line_7bit(struct fwd_buf *b, const char *s, size_t n)
{
	fwd_buf_add(b, s, n);
	fwd_buf_str(b, "\r\n");
}

/* One line in quoted-printable, soft breaks keeping lines within 76 characters. */
static void line_qp(struct fwd_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t col = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		bool last = i + 1 == n;
		char enc[3];
		size_t w;
		if ((c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !last)) {
			enc[0] = (char)c;
			w = 1;
		} else {
			enc[0] = '=';
			enc[1] = hex[c >> 4];
			enc[2] = hex[c & 15];
			w = 3;
		}
		/* Room for this and a soft break "=" (unless it is the line's last). */
		if (col + w > (last ? QP_LINE : QP_LINE - 1)) {
			fwd_buf_str(b, "=\r\n");
			col = 0;
		}
		fwd_buf_add(b, enc, w);
		col += w;
	}
	fwd_buf_str(b, "\r\n");
}

static bool needs_qp(const char *body)
{
	size_t col = 0;
	for (const unsigned char *p = (const unsigned char *)body; *p; p++) {
		if (*p == '\r' || *p == '\n') {
			col = 0;
			continue;
		}
		if (*p > 0x7e || (*p < 0x20 && *p != '\t') || ++col > LINE_MAX_7BIT)
			return true;
	}
	return false;
}

static void date_header(struct fwd_buf *b, int64_t ms)
{
	static const char days[][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char months[][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	gmtime_r(&t, &tm);
	fwd_buf_printf(b, "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n", days[tm.tm_wday % 7],
		       tm.tm_mday, months[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
		       tm.tm_sec);
}

char *fwd_mail_build(const struct fwd_mail_in *in)
{
	struct fwd_buf b = {0};
	date_header(&b, in->date_ms);
	fwd_buf_str(&b, "From: ");
	header_value(&b, in->from);
	fwd_buf_str(&b, "\r\nTo: ");
	for (size_t i = 0; i < in->n_to; i++) {
		if (i)
			fwd_buf_str(&b, ",\r\n ");
		header_value(&b, in->to[i]);
	}
	char *subject = fwd_mail_subject(in->subject);
	if (!subject)
		b.oom = true;
	fwd_buf_printf(&b, "\r\nSubject: %s\r\n", subject ? subject : "");
	free(subject);
	fwd_buf_str(&b, "Message-ID: <");
	header_value(&b, in->message_id);
	bool qp = needs_qp(in->body);
	fwd_buf_printf(&b, ">\r\nMIME-Version: 1.0\r\n"
			   "Content-Type: text/plain; charset=UTF-8\r\n"
			   "Content-Transfer-Encoding: %s\r\n\r\n",
		       qp ? "quoted-printable" : "7bit");
	each_line(in->body, qp ? line_qp : line_7bit, &b);
	return fwd_buf_take(&b);
}

char *fwd_mail_dot_stuff(const char *msg)
{
	struct fwd_buf b = {0};
	bool bol = true;
	for (const char *p = msg; *p; p++) {
		if (bol && *p == '.')
			fwd_buf_add(&b, ".", 1);
		fwd_buf_add(&b, p, 1);
		bol = *p == '\n';
	}
	return fwd_buf_take(&b);
}
