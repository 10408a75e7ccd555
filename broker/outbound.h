/*
 * outbound.h - how parts of the broker other than SMPP sessions send an SMS:
 * meter reports, email-to-SMS, the HTTP API, forwarding, auto reply.
 *
 * outbound_submit_text() takes UTF-8 text and a recipient, lets the SMS
 * codec choose the encoding (GSM 7-bit when it fits, else UCS-2) and split
 * it into at most max_segments parts, and stores every part in one
 * transaction as queued MT messages. The dispatcher takes them from there,
 * exactly as it does a submit_sm. done() runs after the commit: only then
 * may the caller acknowledge anything to the outside (delete an email...).
 */
#ifndef SMSB_OUTBOUND_H
#define SMSB_OUTBOUND_H

#include <stdbool.h>
#include <stdint.h>

struct broker;
struct store_outbox_result;

struct outbound_text {
	const char *account;     /* receipts go to this account; "" = none */
	const char *source;      /* sender number or alphanumeric id; "" = none */
	const char *destination; /* a phone number in any form phone_normalise accepts */
	const char *text;        /* UTF-8 */
	unsigned max_segments;   /* 0 = 5 (the seed's "SMS PDU limit") */
	bool refuse_overflow;    /* too long: refuse (default: truncate at max_segments) */
	bool transliterate;      /* allow look-alike replacement to stay in GSM 7-bit */
	int coding;              /* enum sms_coding: 0 = automatic (GSM 7-bit when it fits, else UCS-2) */
	uint8_t registered_delivery;
	uint8_t priority;
	int64_t schedule_at, expire_at; /* Unix ms, 0 = none */
	const char *origin;      /* for logs: "pop3:inbox1 <message-id>", "meter:heat1" */
	/* NULL, or the email this SMS is made from: recorded in the same
	 * transaction as the parts (STORE_OP_MAIL_INSERT); a record seen before
	 * stores nothing and done gets STORE_EDUPLICATE. The caller keeps it
	 * alive until done runs. */
	struct store_mail *mail;
	/* NULL, or the forwarding outbox rows this SMS answers for, finished in
	 * the same transaction as the parts (STORE_OP_OUTBOX_RESULT): a rule's
	 * SMS is stored exactly once. The caller keeps it alive until done runs. */
	const struct store_outbox_result *outbox;
};

/* result: 0 (stored), or a negative enum store_err. first_id: the first part's id. */
typedef void (*outbound_done_fn)(void *arg, int result, int64_t first_id, unsigned segments);

/*
 * Validates and queues the message. Returns 0 (done will be called), or a
 * negative enum sms_err for input it refuses (bad number, invalid UTF-8,
 * too long with refuse_overflow) with done not called, and a log line.
 */
int outbound_submit_text(struct broker *b, const struct outbound_text *req,
			 outbound_done_fn done, void *arg);

#endif
