/*
 * pop3_mail.h - what one email becomes: an SMS to the numbers in its
 * subject, or a refusal with its reason. Decided on the inbox's worker
 * thread from the email's bytes and the inbox's settings; no I/O.
 *
 * Order of checks: the shared secret (subject, else body; removed where
 * found), then the sender allow-list, then the subject as numbers, then the
 * body text (tidied with the inbox's cuts) must not be empty.
 */
#ifndef SMSB_POP3_MAIL_H
#define SMSB_POP3_MAIL_H

#include <stddef.h>

#include "mail_subject.h"
#include "store.h"

struct conf_pop3;

struct pop3_plan {
	int outcome;                 /* enum store_mail_outcome */
	const char *why;             /* static text for logs when not SENT */
	struct mail_recipients to;   /* SENT: the recipients */
	char *text;                  /* SENT: the SMS text, UTF-8 (malloc'd) */
	char message_id[STORE_MAIL_KEY_MAX]; /* "" if none */
	char from[256];
	char subject[256];           /* for logs, cut */
	unsigned skipped;            /* attachments left out */
	int html;
};

/* Decides for raw[0..len). Returns 0, or -1 when out of memory (plan empty). */
int pop3_mail_plan(const struct conf_pop3 *in, const char *raw, size_t len, struct pop3_plan *out);

/* The Message-ID of a header block (TOP n 0) into out, "" if none. */
void pop3_mail_message_id(const char *headers, size_t len, char *out, size_t size);

void pop3_plan_free(struct pop3_plan *p);

#endif
