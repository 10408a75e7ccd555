/*
 * mail_html.h - the text of an HTML email body, for when HTML is all a
 * sender gave us.
 *
 * Not an HTML parser: a tag stripper that knows what matters for reading
 * the text. Tags go; block elements (p, div, li, tr, h1-h6, ...) start a new
 * line (a run of them one line break), each <br> is one; script, style, head and title lose their content, comments
 * and declarations disappear; entities (&amp;, &nbsp;, &euro;, &#8364;,
 * &#x20AC; and the common named ones) become UTF-8; source newlines and tabs
 * are spaces as a browser shows them. The output wants mail_text_tidy().
 */
#ifndef SMSB_MAIL_HTML_H
#define SMSB_MAIL_HTML_H

#include <stddef.h>

/*
 * Converts html[0..len) into out (cap bytes, NUL-terminated). The output is
 * never longer than the input, so cap = len + 1 always fits. Returns
 * MAIL_OK with the length in *out_len, or MAIL_ENOSPACE / MAIL_EINVAL.
 */
int mail_html_to_text(const char *html, size_t len, char *out, size_t cap, size_t *out_len);

#endif
