/*
 * conn_smpp.h - the smpp connector: the broker as an ESME bound to an
 * upstream SMSC (docs/routing.md). Internal to the conn_smpp*.c files; the
 * dispatcher sees conn_smpp_new() (connector.h) and the connector ops.
 *
 *   conn_smpp.c          the connector: options, ready/send/stop/reuse, the
 *                        throttle pause, choosing a link
 *   conn_smpp_link.c     one connection: connect (TCP or TLS), bind, timers,
 *                        framing, reconnect with decorrelated-jitter backoff,
 *                        the one teardown path
 *   conn_smpp_submit.c   submit_sm out, the window, submit_sm_resp in, and
 *                        the command_status -> outcome table
 *   conn_smpp_deliver.c  deliver_sm in: receipts (matched by every form of
 *                        the upstream id, held while a submit_sm_resp may
 *                        still come) and MO messages
 *
 * Ownership: the connector owns its links; a link owns its socket, its
 * window and the receipts it holds. A link is freed only with its
 * connector, never inside one of its own callbacks (a drop closes the
 * socket and waits to reconnect). Store completions (receipts, MO) carry
 * the link's id and find it with conn_smpp_link_find(), so a link freed
 * meanwhile is never touched.
 */
#ifndef SMSB_CONN_SMPP_H
#define SMSB_CONN_SMPP_H

#include <stdbool.h>
#include <stdint.h>

#include "connector.h"
#include "smpp_dlr.h"
#include "smpp_pdu.h"

struct bufferevent;
struct event;
struct conf_connector;
typedef struct ssl_ctx_st SSL_CTX;

enum link_role { LINK_TRX, LINK_TX, LINK_RX };

enum link_state {
	LINK_IDLE,       /* not connected; reconnects at reconnect_at */
	LINK_CONNECTING, /* TCP (and TLS) handshake */
	LINK_BINDING,    /* bind sent, waiting for its resp */
	LINK_BOUND,
	LINK_UNBINDING,  /* unbind sent (stopping) */
	LINK_STOPPED,    /* stopped for good (connector stopping) */
};

/* A submit_sm sent and not yet answered. */
struct link_out {
	uint32_t seq;
	uint64_t job_id;
	int64_t msg_id;  /* ours, for logs */
	int64_t sent_ms; /* monotonic */
};

/* A receipt waiting to be matched again (its submit_sm_resp may still come). */
struct link_held {
	struct dlr_report *r;
	int64_t due_ms;
	struct link_held *next;
};

struct smpp_link {
	uint64_t id;
	struct conn_smpp *c;
	enum link_role role;
	enum link_state state;
	struct bufferevent *bev;
	struct event *tick;   /* 100 ms, always: timers, reconnect, held receipts */
	int64_t state_ms;     /* when the state last changed (monotonic) */
	int64_t last_rx_ms, enquire_sent_ms;
	int64_t reconnect_at, backoff_ms;
	uint32_t next_seq, bind_seq, unbind_seq;
	struct link_out *out; /* the window */
	unsigned n_out, cap_out;
	unsigned reports;     /* deliver_sm being stored or matched (not yet answered) */
	struct link_held *held;
	const char *drop_when_flushed; /* why, once the output is written (static text) */
};

/* The options a connector keeps (its own copies: a reload frees the conf). */
struct conn_smpp_opts {
	char host[254];
	unsigned port;
	char system_id[16];
	char password[9];
	char system_type[13];
	int bind_mode;
	unsigned binds;
	bool tls, verify_certificate;
	char ca_file[4097];
	unsigned window;
	int64_t enquire_link_interval_ms, response_timeout_ms;
	int64_t reconnect_min_ms, reconnect_max_ms, throttle_pause_ms;
	char mo_account[16];
};

struct conn_smpp {
	struct connector base;
	struct conn_smpp_opts o;
	SSL_CTX *tls;
	struct smpp_link **links;
	unsigned n_links;
	unsigned next_link;     /* round-robin over transmitting links */
	struct dispatch_job **backlog; /* a ring: taken, not yet in a window */
	size_t backlog_head, n_backlog, cap_backlog;
	bool refused;           /* a job was turned away: wake the queue when there is room */
	int64_t paused_until;   /* throttled by the SMSC (monotonic); 0 = not */
	bool stopping;
	struct smpp_pdu in, out; /* scratch: decode and encode are synchronous */
};

/* ---- conn_smpp.c ---- */
/* Moves backlog jobs into windows with room (after a resp, a bind, a pause). */
void conn_smpp_pump(struct conn_smpp *c);
/* A link stopped being bound: with none left, the backlog goes back to the store. */
void conn_smpp_link_down(struct conn_smpp *c);
/* The SMSC throttled us: no submit for throttle_pause (ready() says no). */
void conn_smpp_pause(struct conn_smpp *c, uint32_t status);
/* Called by links on their tick: ends a pause that is over (waking what waits). */
void conn_smpp_check_pause(struct conn_smpp *c, int64_t now);
/* A link became bound: what waits for this connector is due now. */
void conn_smpp_link_up(struct conn_smpp *c);

/* ---- conn_smpp_link.c ---- */
struct smpp_link *conn_smpp_link_new(struct conn_smpp *c, enum link_role role);
/* Closes the socket, answers what is out (TEMPFAIL), frees held receipts and the link. */
void conn_smpp_link_free(struct smpp_link *l);
/* The live link with this id, or NULL. */
struct smpp_link *conn_smpp_link_find(uint64_t id);
bool conn_smpp_link_can_submit(const struct smpp_link *l);
uint32_t conn_smpp_link_seq(struct smpp_link *l);
/* Encodes and queues pdu; 0 or -1. */
int conn_smpp_link_send(struct smpp_link *l, const struct smpp_pdu *pdu);
int conn_smpp_link_send_resp(struct smpp_link *l, uint32_t command_id, uint32_t status,
			     uint32_t seq);
/* Ends the connection (logs why) and schedules a reconnect; the link stays. */
void conn_smpp_link_drop(struct smpp_link *l, const char *why);
/* Stopping: unbind once nothing is out (now: close at once, answering what is out). */
void conn_smpp_link_stop(struct smpp_link *l, bool now);
const char *conn_smpp_link_state_name(enum link_state st);

/* ---- conn_smpp_submit.c ---- */
/* Sends job as submit_sm on l (which has room). */
void conn_smpp_submit(struct smpp_link *l, struct dispatch_job *job);
void conn_smpp_submit_resp(struct smpp_link *l, const struct smpp_pdu *pdu);
/* Fails what waited past response_timeout (TEMPFAIL). */
void conn_smpp_submit_expire(struct smpp_link *l, int64_t now);
/* Hands back everything out (TEMPFAIL: the SMSC may have it; at-least-once). */
void conn_smpp_submit_abandon(struct smpp_link *l, const char *why);
/* The outcome of a submit_sm_resp's command_status (the table in docs/routing.md). */
enum dispatch_outcome conn_smpp_outcome(uint32_t status);

/* ---- conn_smpp_deliver.c ---- */
void conn_smpp_deliver(struct smpp_link *l, const struct smpp_pdu *pdu);
/* Matches held receipts that are due again. */
void conn_smpp_deliver_retry(struct smpp_link *l, int64_t now);
/* A submit_sm_resp came (its SENT update is queued): held receipts are due now. */
void conn_smpp_deliver_resp_came(struct conn_smpp *c);
/* Frees held receipts (the link goes; the SMSC sends them again, unanswered). */
void conn_smpp_deliver_drop_held(struct smpp_link *l);

#endif
