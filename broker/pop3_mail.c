/*
 * pop3_mail.c - one email into an SMS plan (see pop3_mail.h).
 */
#include "pop3_mail.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "mail_body.h"
#include "mail_policy.h"
#include "mail_text.h"

static void copy_cut(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src ? src : "");
}

static void refuse(struct pop3_plan *p, int outcome, const char *why)
{
	p->outcome = outcome;
	p->why = why;
	p->to.n = 0;
	free(p->text);
	p->text = NULL;
}

int pop3_mail_plan(const struct conf_pop3 *in, const char *raw, size_t len, struct pop3_plan *out)
{
	memset(out, 0, sizeof *out);
	struct mail_body b;
	if (mail_body_parse(raw, len, &b) != 0) {
		refuse(out, STORE_MAIL_REFUSED, "not a readable email");
		return 0;
	}
	copy_cut(out->message_id, sizeof out->message_id, b.message_id);
	copy_cut(out->from, sizeof out->from, b.from);
	out->skipped = b.skipped;
	out->html = b.html;
	out->outcome = STORE_MAIL_SENT;
	out->text = b.text;
	b.text = NULL;

	if (in->shared_secret && !mail_secret_take(b.subject, in->shared_secret) &&
	    !mail_secret_take(out->text, in->shared_secret))
		refuse(out, STORE_MAIL_REJECTED, "shared secret missing");
	else if (in->n_allowed_senders &&
		 !mail_sender_allowed(b.from, in->allowed_senders, in->n_allowed_senders))
		refuse(out, STORE_MAIL_REJECTED, "sender not allowed");
	else if (mail_subject_numbers(b.subject, strlen(b.subject), in->max_recipients, &out->to) != 0)
		refuse(out, STORE_MAIL_NOT_NUMBER, in->max_recipients > 1 && strpbrk(b.subject, ",;")
							? "subject is not phone numbers (or too many)"
							: "subject is not a phone number");
	/* After the secret left it: logs never show the secret. */
	copy_cut(out->subject, sizeof out->subject, b.subject);
	if (out->outcome == STORE_MAIL_SENT) {
		const struct mail_text_opts o = {.cut_quotes = in->cut_quotes,
						 .cut_signature = in->cut_signature};
		if (mail_text_tidy(out->text, strlen(out->text), &o) == 0)
			refuse(out, STORE_MAIL_REFUSED, "no text to send");
	}
	mail_body_free(&b);
	return 0;
}

void pop3_mail_message_id(const char *headers, size_t len, char *out, size_t size)
{
	struct mail_body b;
	out[0] = '\0';
	if (mail_body_parse(headers, len, &b) == 0) {
		copy_cut(out, size, b.message_id);
		mail_body_free(&b);
	}
}

void pop3_plan_free(struct pop3_plan *p)
{
	if (!p)
		return;
	free(p->text);
	p->text = NULL;
}
