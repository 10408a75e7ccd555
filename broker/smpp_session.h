/*
 * smpp_session.h - one ESME connection to our SMPP server: its state, its
 * I/O, its timers, and the calls the PDU handlers (smpp_bind.c,
 * smpp_submit.c, ...) use. Internal to the SMPP server family of files.
 *
 * The state changes only through sess_set_state(), which logs old -> new.
 * A session ends only through sess_close(): the socket goes at once, the
 * struct is freed after the current callback returns. Store completions
 * find their session by id (smpp_server_find), so a session that closed
 * meanwhile is not touched.
 */
#ifndef SMSB_SMPP_SESSION_H
#define SMSB_SMPP_SESSION_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "smpp_pdu.h"

struct bufferevent;
struct event;
struct smpp_server;
struct conf_account;

enum sess_state {
	SESS_OPEN,      /* connected, not bound */
	SESS_BOUND_TX,  /* bind_transmitter */
	SESS_BOUND_RX,  /* bind_receiver */
	SESS_BOUND_TRX, /* bind_transceiver */
	SESS_UNBINDING, /* an unbind was sent or received; draining */
	SESS_CLOSED,
};

struct smpp_session {
	uint64_t id;
	struct smpp_server *srv;
	struct bufferevent *bev;
	enum sess_state state;
	enum sess_state bound_as; /* kept through UNBINDING */
	char system_id[16];
	char peer[64]; /* "ip:port", for logs */
	struct sockaddr_storage peer_addr;

	unsigned in_flight;     /* our store ops not yet completed */
	bool read_paused;       /* back-pressure: in_flight or output too high */
	bool unbind_sent;         /* we asked the peer to unbind */
	bool peer_unbind_pending; /* the peer asked; we answer once in_flight is 0 */
	uint32_t peer_unbind_seq;
	bool close_when_flushed;

	struct event *tick; /* timers: bind timeout, enquire_link, inactivity */
	int64_t opened_ms, last_rx_ms;
	int64_t enquire_sent_ms; /* 0 = none outstanding */
	int64_t unbind_sent_ms;
	uint32_t next_seq;

	/* deliver_sm we sent and await the resp of (at most smpp.window). */
	struct sess_outstanding *out;
	unsigned n_out, cap_out;

	struct smpp_session *prev, *next; /* the server's list */
};

struct sess_outstanding {
	uint32_t seq;
	uint64_t job_id;
	int64_t sent_ms; /* monotonic */
	bool answered;   /* resp in; the slot stays taken until its outcome is committed */
};

/* Sets up I/O and timers for a new connection (s->srv, id, peer set). 0 or -1. */
struct event_base;
typedef struct ssl_ctx_st SSL_CTX;
/* tls: NULL for plain TCP, else the handshake runs first (we are the server). */
int sess_start(struct smpp_session *s, struct event_base *base, int fd, SSL_CTX *tls);

const char *sess_state_name(enum sess_state st);
void sess_set_state(struct smpp_session *s, enum sess_state st);

/* Encodes and queues pdu (its header's sequence_number as given). */
void sess_send(struct smpp_session *s, struct smpp_pdu *pdu);
/* A response with no body, or with an empty message_id/system_id where the command has one. */
void sess_send_status(struct smpp_session *s, uint32_t command_id, uint32_t status, uint32_t seq);
/* Our own request's next sequence number (1 .. 0x7FFFFFFF). */
uint32_t sess_next_seq(struct smpp_session *s);

/* Ends the session: logs why, closes the socket, frees later. */
void sess_close(struct smpp_session *s, const char *why);
/* Closes once everything queued for the peer has been written. */
void sess_close_after_flush(struct smpp_session *s);

/* Store op accounting, with read back-pressure. */
void sess_op_started(struct smpp_session *s);
void sess_op_finished(struct smpp_session *s);

bool sess_can_submit(const struct smpp_session *s);  /* TX or TRX */
bool sess_can_receive(const struct smpp_session *s); /* RX or TRX */

/* Handlers, one file per family. */
void smpp_handle_bind(struct smpp_session *s, const struct smpp_pdu *pdu);
void smpp_handle_unbind(struct smpp_session *s, const struct smpp_pdu *pdu);
void smpp_handle_submit(struct smpp_session *s, const struct smpp_pdu *pdu);
void smpp_handle_query(struct smpp_session *s, const struct smpp_pdu *pdu);
void smpp_handle_cancel(struct smpp_session *s, const struct smpp_pdu *pdu);
void smpp_handle_replace(struct smpp_session *s, const struct smpp_pdu *pdu);

/* deliver_sm: the resp to ours, the timeouts, and handing back what is still out. */
void smpp_handle_deliver_resp(struct smpp_session *s, const struct smpp_pdu *pdu);
void smpp_deliver_expire(struct smpp_session *s, int64_t now);
void smpp_deliver_abandon(struct smpp_session *s);

/* Starts an orderly unbind from our side (shutdown). */
void sess_begin_unbind(struct smpp_session *s);
/* In UNBINDING: sends what is due once no store op is outstanding. */
void sess_unbind_progress(struct smpp_session *s);

#endif
