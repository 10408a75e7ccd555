/*
 * pop3_poll.h - email-to-SMS: every configured POP3 inbox polled on its own
 * schedule, each email whose subject is a phone number queued as an SMS,
 * and deleted from the inbox only after that SMS is committed to the store.
 *
 * Each inbox has a worker thread that does the slow parts (network through
 * libcurl, MIME parsing) and never touches the loop's state: for the store
 * (was this email handled? store the SMS with the record) it posts a call
 * to the loop thread and waits for its answer. A dead or slow server only
 * delays its own inbox; the loop never blocks.
 *
 * Nothing lost, nothing doubled: the SMS parts of each recipient and the
 * record "this inbox, this UIDL / Message-ID, recipient i of n" commit in
 * one transaction, before DELE; an email seen again after a crash (the
 * server never got DELE + QUIT) is looked up by UIDL before it is read, and
 * only recipients without a record get their SMS. docs/email-to-sms.md has
 * the details and the weaker guarantee for servers without UIDL.
 *
 * The configuration is copied at start: pop3 changes need a restart.
 */
#ifndef SMSB_POP3_POLL_H
#define SMSB_POP3_POLL_H

#include <stdbool.h>
#include <stdint.h>

struct broker;
struct pop3_poll;

/* What is known of an inbox's polls since the broker started (loop thread). */
struct pop3_status {
	int64_t last_poll_ms;      /* wall time the last poll ended; 0 = none yet */
	int last_rc;               /* its result: POP3_OK or an enum pop3_err */
	unsigned listed, read, sms, kept, deleted; /* what it did (a failed poll: until it failed) */
	bool more;                 /* it stopped at max_per_poll with emails left */
	int64_t last_error_ms;     /* wall time of the last failed poll; 0 = none */
	char last_error[48];       /* pop3_err_str() of it */
	char detail[256];          /* the server's or libcurl's words */
	uint64_t polls, failures;  /* polls ended, and those that failed */
};

/*
 * Starts a worker per enabled inbox of b->conf (none: returns an empty
 * poller). The first poll of each inbox begins at once. NULL: out of
 * memory or no thread (logged).
 */
struct pop3_poll *pop3_poll_start(struct broker *b);

/* The status of inbox (an enabled one), or NULL. Valid until the next loop turn. */
const struct pop3_status *pop3_poll_status(const struct pop3_poll *p, const char *inbox);

/*
 * Asks inbox (an enabled one) to poll now: at once if it is waiting, else
 * right after the poll under way. 0, or -1 for no such enabled inbox.
 */
int pop3_poll_now(struct pop3_poll *p, const char *inbox);

/*
 * Stops the workers (a command under way is aborted; deletions already
 * acknowledged are committed with QUIT), joins them and frees p. Call after
 * store_close(), whose callbacks may still reach the inboxes. NULL is fine.
 */
void pop3_poll_free(struct pop3_poll *p);

#endif
