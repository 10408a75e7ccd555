/*
 * mail_body.h - what email-to-SMS needs from one email: the sender, the
 * subject, the Message-ID and the body as UTF-8 text.
 *
 * MIME is GMime's job (a maintained, RFC-complete parser): RFC 2047 subjects,
 * quoted-printable and base64, charsets converted to UTF-8 through iconv
 * (UTF-8, ISO-8859-x, Windows-125x, KOI8-R, ...). This file chooses the body:
 * in multipart/alternative the text/plain part, else text/html turned to
 * text (mail_html.c); in multipart/mixed and others the first such part;
 * attachments (Content-Disposition: attachment, non-text parts, attached
 * messages) are skipped and counted. A text part that claims no charset,
 * or one iconv does not know, and whose bytes are not UTF-8, is read as
 * Windows-1252 rather than refused.
 *
 * Thread-safe: callers on several threads are serialised by a lock (GMime's
 * charset cache is shared). The text is not tidied here (mail_text.c does
 * that with the inbox's options).
 */
#ifndef SMSB_MAIL_BODY_H
#define SMSB_MAIL_BODY_H

#include <stdbool.h>
#include <stddef.h>

struct mail_body {
	char *from;       /* the first mailbox's addr-spec ("user@domain"), "" if none */
	char *subject;    /* decoded UTF-8, "" if none */
	char *message_id; /* without angle brackets, "" if none */
	char *text;       /* UTF-8 (always valid), "" if the email has no readable body */
	bool html;        /* text came from a text/html part */
	unsigned skipped; /* attachments and other parts left out */
};

/* Parses raw[0..len) (an RFC 5322 message). Returns 0, or -1 (not an email, out of memory). */
int mail_body_parse(const char *raw, size_t len, struct mail_body *out);

/* Frees what mail_body_parse() filled in and zeroes b. NULL is fine. */
void mail_body_free(struct mail_body *b);

#endif
