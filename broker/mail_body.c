/*
 * mail_body.c - one email into sender, subject, Message-ID and body text,
 * with GMime (see mail_body.h for the choices made).
 */
#include "mail_body.h"

#include <glib.h>
#include <gmime/gmime.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "mail_err.h"
#include "mail_html.h"

#define MAX_DEPTH 16 /* nested multiparts followed at most */

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t parse_lock = PTHREAD_MUTEX_INITIALIZER;

static void gmime_init(void)
{
	g_mime_init();
}

static bool type_is(GMimeObject *o, const char *type, const char *subtype)
{
	GMimeContentType *ct = g_mime_object_get_content_type(o);
	return ct && g_mime_content_type_is_type(ct, type, subtype);
}

/* The part whose text becomes the SMS, or NULL; counts what it skips. */
static GMimeObject *pick(GMimeObject *o, int depth, unsigned *skipped)
{
	if (depth > MAX_DEPTH)
		return NULL;
	if (GMIME_IS_MULTIPART(o)) {
		GMimeMultipart *mp = GMIME_MULTIPART(o);
		bool alternative = type_is(o, "multipart", "alternative");
		GMimeObject *first = NULL, *plain = NULL;
		int n = g_mime_multipart_get_count(mp);
		/* Every child is visited, so every attachment is counted. */
		for (int i = 0; i < n; i++) {
			GMimeObject *r = pick(g_mime_multipart_get_part(mp, i), depth + 1, skipped);
			if (r && !first)
				first = r;
			if (r && !plain && type_is(r, "text", "plain"))
				plain = r;
		}
		return alternative && plain ? plain : first;
	}
	if (GMIME_IS_TEXT_PART(o) && !g_mime_part_is_attachment(GMIME_PART(o)) &&
	    (type_is(o, "text", "plain") || type_is(o, "text", "html")))
		return o;
	(*skipped)++;
	return NULL;
}

/* text as valid UTF-8: kept if it is, else read as Windows-1252. Takes text. */
static char *valid_utf8(char *text)
{
	if (g_utf8_validate(text, -1, NULL))
		return text;
	char *conv = g_convert_with_fallback(text, -1, "UTF-8", "WINDOWS-1252", "?", NULL, NULL,
					     NULL);
	if (!conv || !g_utf8_validate(conv, -1, NULL)) {
		g_free(conv);
		conv = g_utf8_make_valid(text, -1);
	}
	g_free(text);
	return conv;
}

static char *dup_or_empty(const char *s)
{
	return strdup(s ? s : "");
}

static char *first_mailbox(GMimeMessage *m)
{
	InternetAddressList *list = g_mime_message_get_from(m);
	int n = list ? internet_address_list_length(list) : 0;
	for (int i = 0; i < n; i++) {
		InternetAddress *ia = internet_address_list_get_address(list, i);
		if (INTERNET_ADDRESS_IS_MAILBOX(ia))
			return dup_or_empty(internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia)));
	}
	return strdup("");
}

/*
 * RFC 3676 format=flowed, in place: a line ending in a space continues on
 * the next (with delsp=yes that space goes), one leading space of a
 * space-stuffed line goes, and the signature separator "-- " stays a line.
 */
static void unflow(char *t, bool delsp)
{
	char *w = t;
	bool line_start = true;
	for (char *r = t; *r; r++) {
		if (line_start && *r == ' ') {
			line_start = false;
			continue; /* space-stuffing */
		}
		if (*r == '\r' && r[1] == '\n')
			continue;
		line_start = false;
		if (*r == '\n') {
			bool sig = w - t >= 3 && memcmp(w - 3, "-- ", 3) == 0 &&
				   (w - t == 3 || w[-4] == '\n');
			if (w > t && w[-1] == ' ' && !sig) {
				if (delsp)
					w--;
				continue; /* a soft break */
			}
			line_start = true;
		}
		*w++ = *r;
	}
	*w = '\0';
}

static bool param_is(GMimeObject *part, const char *name, const char *value)
{
	const char *v = g_mime_object_get_content_type_parameter(part, name);
	return v && g_ascii_strcasecmp(v, value) == 0;
}

/* The chosen part's text, UTF-8, HTML turned to text. NULL: no memory. */
static char *part_text(GMimeObject *part, bool *html)
{
	char *raw = g_mime_text_part_get_text(GMIME_TEXT_PART(part));
	if (!raw)
		return strdup("");
	raw = valid_utf8(raw);
	if (!raw)
		return NULL;
	*html = type_is(part, "text", "html");
	if (!*html && param_is(part, "format", "flowed"))
		unflow(raw, param_is(part, "delsp", "yes"));
	size_t len = strlen(raw);
	char *out = malloc(len + 1);
	if (out && *html) {
		size_t n;
		if (mail_html_to_text(raw, len, out, len + 1, &n) != MAIL_OK)
			out[0] = '\0';
	} else if (out) {
		memcpy(out, raw, len + 1);
	}
	g_free(raw);
	return out;
}

int mail_body_parse(const char *raw, size_t len, struct mail_body *out)
{
	memset(out, 0, sizeof *out);
	pthread_once(&init_once, gmime_init);
	pthread_mutex_lock(&parse_lock);
	int rc = -1;
	GMimeStream *stream = g_mime_stream_mem_new_with_buffer(raw, len);
	GMimeParser *parser = g_mime_parser_new_with_stream(stream);
	GMimeMessage *m = g_mime_parser_construct_message(parser, NULL);
	if (!m)
		goto done;
	out->from = first_mailbox(m);
	out->subject = dup_or_empty(g_mime_message_get_subject(m));
	out->message_id = dup_or_empty(g_mime_message_get_message_id(m));
	GMimeObject *top = g_mime_message_get_mime_part(m);
	GMimeObject *part = top ? pick(top, 0, &out->skipped) : NULL;
	out->text = part ? part_text(part, &out->html) : strdup("");
	if (!out->from || !out->subject || !out->message_id || !out->text)
		goto done;
	/* Header values are UTF-8 from GMime; a broken one must not reach the SMS codec. */
	if (!g_utf8_validate(out->subject, -1, NULL)) {
		char *fixed = g_utf8_make_valid(out->subject, -1);
		free(out->subject);
		out->subject = fixed ? strdup(fixed) : NULL;
		g_free(fixed);
		if (!out->subject)
			goto done;
	}
	rc = 0;
done:
	if (m)
		g_object_unref(m);
	g_object_unref(parser);
	g_object_unref(stream);
	pthread_mutex_unlock(&parse_lock);
	if (rc != 0)
		mail_body_free(out);
	return rc;
}

void mail_body_free(struct mail_body *b)
{
	if (!b)
		return;
	free(b->from);
	free(b->subject);
	free(b->message_id);
	free(b->text);
	memset(b, 0, sizeof *b);
}
