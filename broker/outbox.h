/*
 * outbox.h - the forwarding engine: delivers the outbox rows the store
 * keeps (one per incoming message and rule target, per receipt and
 * callback URL, or per meter report outcome and rule), each on its own, retried with backoff until it is
 * delivered, refused for good, or its time to live passes.
 *
 * Targets: one per HTTP rule and per email rule, each with its own worker
 * thread (fwd_worker.h), so a target that is down or slow delays only its
 * own rows; one for receipt callbacks (a thread too); one for every SMS
 * rule and one for the auto reply, which run on the loop (storing an SMS
 * does not block). A target claims its due rows from the store with a
 * lease and works through them one at a time; the outcome of each is one
 * store op. A restart resumes from the rows: nothing is held only in
 * memory. docs/forwarding.md has the guarantees target by target.
 *
 * Everything here runs on the loop thread; rules are looked up by name in
 * the current configuration for each delivery, so a reload applies to
 * pending rows too.
 */
#ifndef SMSB_OUTBOX_H
#define SMSB_OUTBOX_H

struct broker;
struct outbox;

/* Starts the targets of b->conf and a first pass. NULL: out of memory (logged). */
struct outbox *outbox_start(struct broker *b);

/* Rows may have come due (an incoming message was stored): a pass soon. */
void outbox_kick(struct outbox *o);

/* After a reload: targets for rules that are new. 0 or -1 (no memory). */
int outbox_configure(struct outbox *o);

/*
 * Stops claiming and stops the worker threads (a request under way is cut
 * short and its row made due again at once). Call while the store is open.
 */
void outbox_stop(struct outbox *o);

/* Frees o; after outbox_stop and store_close. NULL is fine. */
void outbox_free(struct outbox *o);

#endif
