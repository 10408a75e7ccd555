/*
 * http_plain.h - the router-style plain-text answers of the Post/Get
 * endpoints (docs/http-api.md): one block per message for sms_list and
 * sms_read, "Key: value" lines for sms_total. Scripts written for the
 * router split on the dashed line and on ": ".
 *
 *   Index: 17
 *   Date: Wed Jan 10 10:50:05 2024
 *   Sender: 37060000001
 *   Recipient: 37060000002
 *   Text: testmessage
 *   Status: delivered
 *   ------------------------------
 *
 * Dates are UTC. Pure: writes into the caller's buffer.
 */
#ifndef SMSB_HTTP_PLAIN_H
#define SMSB_HTTP_PLAIN_H

#include <stddef.h>
#include <stdint.h>

#define HTTP_PLAIN_SEPARATOR "------------------------------"

struct http_plain_msg {
	int64_t index;      /* the message id: sms_read and sms_delete take it as number */
	int64_t date_ms;    /* Unix ms */
	const char *sender; /* "" when none */
	const char *recipient;
	const char *text;   /* UTF-8, as is (newlines included) */
	const char *status; /* the state's name */
};

struct http_plain_total {
	int64_t used;     /* every message stored */
	int64_t received; /* MO */
	int64_t sent;     /* MT */
	int64_t receipts; /* delivery receipts */
};

/* Writes m's block (with the separator line) into out. Returns its length, or -1 if cap is too small. */
int http_plain_message(char *out, size_t cap, const struct http_plain_msg *m);

/* Writes the sms_total lines. Returns the length, or -1 if cap is too small. */
int http_plain_total(char *out, size_t cap, const struct http_plain_total *t);

#endif
