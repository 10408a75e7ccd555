/*
 * lg_run.h - one load generator run: the sessions, the phases (connect,
 * send, drain, linger, unbind) and the pacing, on one libevent loop.
 *
 * The run decides when sessions send; sessions report back through the
 * lg_run_* calls below. Single-threaded: everything happens on r->base.
 */
#ifndef SMSB_LG_RUN_H
#define SMSB_LG_RUN_H

#include <stdbool.h>
#include <stdint.h>

#include "lg_msg.h"
#include "lg_opts.h"
#include "lg_stats.h"

struct event;
struct event_base;
struct lg_sess;

enum lg_phase {
	LG_PH_CONNECT, /* connecting and binding every session */
	LG_PH_RUN,     /* sending */
	LG_PH_DRAIN,   /* sending stopped; waiting for outstanding responses */
	LG_PH_LINGER,  /* counting deliver_sm a little longer */
	LG_PH_UNBIND,  /* unbinding and closing */
	LG_PH_DONE,
};

struct lg_run {
	const struct lg_opts *o;
	struct event_base *base;
	struct lg_msg_set msgs;
	struct lg_stats st;
	enum lg_phase phase;

	struct lg_sess *sess; /* submitters first, then receivers, then idle */
	unsigned n_sess, n_submit;
	unsigned next_connect, binding, settled, open;
	bool connect_over; /* bind_timeout passed: start no more sessions */
	uint64_t outstanding; /* submit_sm in flight over all sessions */

	struct event *timer; /* the current phase's deadline */
	struct event *pace;  /* fixed-rate sending */
	unsigned rr;         /* round robin over submitters when pacing */
};

/* Sets up a run of o (nothing connects yet). 0 or -1. */
int lg_run_init(struct lg_run *r, const struct lg_opts *o);

/* Runs the event loop until the run is over; r->st holds the results. */
void lg_run_go(struct lg_run *r);

void lg_run_free(struct lg_run *r);

/* ---- called by sessions ---- */

/* A session's bind ended: bound (ok) or failed (it closes itself). */
void lg_run_bind_settled(struct lg_run *r, struct lg_sess *s, bool ok);

/* A session closed; lost submit_sm were already counted. */
void lg_run_sess_closed(struct lg_run *r, struct lg_sess *s);

/* Whether another submit_sm may go out now (phase and count). */
bool lg_run_may_send(const struct lg_run *r);

/* A submit_sm went out. */
void lg_run_sent(struct lg_run *r);

/* Responses arrived on s (its outstanding count already lowered): refill
 * its window when sending as fast as possible, or finish a drain. */
void lg_run_answered(struct lg_run *r, struct lg_sess *s);

#endif
