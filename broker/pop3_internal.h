/*
 * pop3_internal.h - what the email-to-SMS files share: an inbox (its copied
 * settings, its worker thread, and the one call it may have open to the
 * loop thread), and one poll's session.
 */
#ifndef SMSB_POP3_INTERNAL_H
#define SMSB_POP3_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "conf.h"
#include "outbound.h"
#include "pop3_poll.h"
#include "store.h"

struct broker;
struct event;

enum pop3_call_kind {
	POP3_CALL_LOOKUP, /* was this email handled before? (mail: in/out) */
	POP3_CALL_RECORD, /* record a whole-email outcome (mail) */
	POP3_CALL_SUBMIT, /* queue the SMS for one recipient with its record (text, mail) */
	POP3_CALL_STATUS, /* a poll ended: note poll into the inbox's status (and metrics) */
};

/* What one poll did, for the schedule and the log. */
struct pop3_poll_result {
	int rc;       /* POP3_OK or the error that ended the poll */
	bool more;    /* max_per_poll reached with emails left */
	unsigned listed, read, sms, kept, deleted;
	char detail[256];
};

/*
 * A request from the worker to the loop thread. The worker fills it, makes
 * the loop's event active and waits; the loop's answer sets result and done
 * under the inbox's lock. Everything a store op points to lives here, in
 * the inbox, never on the worker's stack.
 */
struct pop3_call {
	enum pop3_call_kind kind;
	struct store_mail mail;
	struct outbound_text text;
	char destination[24];
	char origin[200];
	struct store_op op;
	int result;        /* store result, or the outbound refusal (refused) */
	bool refused;      /* outbound_submit_text refused the text (an sms_err) */
	unsigned segments; /* SUBMIT: parts stored */
	int64_t first_id;
	struct pop3_poll_result poll; /* STATUS: what the poll did */
	bool done;
};

struct pop3_inbox {
	struct broker *b;
	struct conf_pop3 cfg; /* a deep copy: the conf may be replaced by a reload */
	pthread_t thread;
	bool started;
	pthread_mutex_t mu;
	pthread_cond_t cond; /* on CLOCK_MONOTONIC */
	atomic_bool stop;
	struct event *call_ev;
	struct pop3_call call;
	unsigned seed; /* backoff jitter */
	bool poll_now; /* under mu: the loop asked for a poll (pop3_poll_now) */
	struct pop3_status status; /* loop thread only: set by POP3_CALL_STATUS */
};

/*
 * Worker side: runs the call (kind, and what the caller put into in->call)
 * on the loop thread and waits for it. 0 when answered (in->call.result),
 * -1 when the inbox is stopping.
 */
int pop3_call(struct pop3_inbox *in, enum pop3_call_kind kind);

/* One poll of the inbox: connect, list, handle up to max_per_poll new emails, QUIT. */
void pop3_session_run(struct pop3_inbox *in, struct pop3_poll_result *r);

#endif
