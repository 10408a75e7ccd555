/*
 * fwd_rules.h - which forwarding rules (and the auto reply) an incoming
 * message sets off, as the outbox rows stored with it; and the way back
 * from an outbox row to its rule. Pure functions of the configuration.
 *
 * Rows: "http" and "email" are named after the rule; "sms" after the rule
 * and one recipient ("rule/+4917..."), a recipient each so one refused
 * number delays no other; "reply" after the sender ("auto_reply/+4917..."),
 * which is also what its rate limit counts.
 *
 * Loop protection: the SMS a rule or the auto reply sends is stored as an
 * outgoing message and never passes these rules; a message coming back
 * from outside is stopped too: one from one of the broker's own numbers
 * (incoming.own_numbers) is not forwarded by SMS nor replied to, a rule
 * does not forward by SMS a message from one of its own recipients (two
 * gateways forwarding to each other), and the auto reply answers a sender
 * at most rate_limit times per rate_window (two auto-responders).
 */
#ifndef SMSB_FWD_RULES_H
#define SMSB_FWD_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf.h"
#include "store.h"

#define FWD_REPLY_NAME "auto_reply"

struct fwd_incoming {
	const char *src, *dst;
	const char *connector;  /* where it came from ("esme:<system_id>" for an ESME) */
	int64_t created_at;     /* Unix ms */
	bool command_rule;      /* it set off a command rule (none exist yet: always false) */
};

/* Fills t[0..n) with the rows m gets (n <= cap); returns n. */
size_t fwd_rules_targets(const struct conf *c, const struct fwd_incoming *m,
			 struct store_outbox_target *t, size_t cap);

/*
 * The same, malloc'd to fit: *n rows (NULL and 0 when none, or when out
 * of memory: then the message is stored without them, and logged).
 */
struct store_outbox_target *fwd_rules_alloc(const struct conf *c, const struct fwd_incoming *m,
					    size_t *n);

/* Does number take the rule's mode (everyone, listed, group)? */
bool fwd_rules_sender_ok(const struct conf *c, const struct conf_forward *r, const char *number);

/* Is number one of the broker's own (incoming.own_numbers)? */
bool fwd_rules_own_number(const struct conf *c, const char *number);

/* Same number, whatever the form: "+4917", "004917" and "4917" are equal. */
bool fwd_rules_same_number(const char *a, const char *b);

/*
 * The rule an outbox row belongs to (NULL: removed, disabled, or of
 * another kind now), and for "sms" and "reply" rows the number it goes to
 * into *to (or NULL).
 */
const struct conf_forward *fwd_rules_of_row(const struct conf *c, const char *kind,
					    const char *name, const char **to);

#endif
