/*
 * lg_sess.h - one SMPP client session of the load generator: connect,
 * bind, keep a window of submit_sm, answer what the server sends
 * (deliver_sm, enquire_link, unbind), unbind.
 *
 * A session belongs to its struct lg_run (lg_run.h) and tells it about
 * binds, responses and closes; it never decides when to send on its own.
 * The window's send times live in arrays allocated once at lg_sess_init.
 */
#ifndef SMSB_LG_SESS_H
#define SMSB_LG_SESS_H

#include <stdbool.h>
#include <stdint.h>

#include "lg_msg.h"
#include "lg_opts.h"

struct bufferevent;
struct event;
struct lg_run;

enum lg_role {
	LG_ROLE_SUBMIT,  /* sends submit_sm */
	LG_ROLE_RECEIVE, /* bind_receiver: counts deliver_sm */
	LG_ROLE_IDLE,    /* only enquire_link */
};

enum lg_sess_state {
	LG_SESS_NEW,
	LG_SESS_CONNECTING,
	LG_SESS_BINDING,
	LG_SESS_BOUND,
	LG_SESS_UNBINDING,
	LG_SESS_CLOSED,
};

struct lg_sess {
	struct lg_run *run;
	unsigned index;
	enum lg_role role;
	enum lg_bind bind;
	enum lg_sess_state state;
	char system_id[16];
	struct bufferevent *bev;
	uint32_t next_seq;
	bool close_when_flushed;

	/* the submit window: slot seq % window holds the send time (0 = free) */
	unsigned window, outstanding;
	uint64_t *slot_ns;
	uint32_t *slot_seq;
	struct lg_msg_cursor cur;

	/* idle sessions: one enquire_link at a time */
	struct event *tick;
	uint64_t enquire_ns;
	uint32_t enquire_seq;
};

/* Sets s up (nothing is connected yet). 0 or -1 (out of memory). */
int lg_sess_init(struct lg_sess *s, struct lg_run *run, unsigned index, enum lg_role role);

/* Connects and binds; the run hears lg_run_bind_settled either way. */
void lg_sess_start(struct lg_sess *s);

/* submit_sm the window has room for now. */
unsigned lg_sess_room(const struct lg_sess *s);

/* Sends one submit_sm (call only with room); false when its slot is still
 * taken (answers out of order) or the write failed: stop filling for now. */
bool lg_sess_submit(struct lg_sess *s);

/* Starts the idle session's enquire_link timer (first after first_s seconds). */
void lg_sess_idle_start(struct lg_sess *s, double first_s);
void lg_sess_idle_stop(struct lg_sess *s);

/* Sends unbind (if bound) and closes on its response; closes at once otherwise. */
void lg_sess_unbind(struct lg_sess *s);

/* Closes now; outstanding submit_sm count as lost. The run hears lg_run_sess_closed. */
void lg_sess_close(struct lg_sess *s);

/* Frees what lg_sess_init allocated (closes first if needed, silently). */
void lg_sess_free(struct lg_sess *s);

#endif
