/*
 * smpp_server_internal.h - the server's state as the session and handler
 * files see it.
 */
#ifndef SMSB_SMPP_SERVER_INTERNAL_H
#define SMSB_SMPP_SERVER_INTERNAL_H

#include <stdint.h>

#include "id_map.h"
#include "rate.h"
#include "smpp_pdu.h"
#include "smpp_server.h"
#include "smpp_session.h"

struct lockout;
struct dispatch_job;

/* Per-account state shared by its sessions: throughput, and who receives. */
struct account_state {
	char system_id[16];
	struct rate submit_rate;
	struct smpp_session **receivers; /* bound RX/TRX sessions, for deliver_sm */
	size_t n_receivers, cap_receivers;
	size_t next_receiver; /* round-robin */
	/* Deliveries taken while every receiver's window was full, in order. */
	struct dispatch_job **backlog;
	size_t n_backlog, cap_backlog, backlog_head;
	bool refused; /* we said "not ready" for a full backlog: wake the dispatcher when it drains */
	struct account_state *next;
};

struct smpp_server {
	struct broker *b;
	struct smpp_session *sessions; /* all live sessions */
	size_t n_sessions;
	uint64_t next_id;
	struct id_map by_id;
	struct smpp_session *graveyard; /* closed, freed after the current callback */
	struct event *reaper;
	struct lockout *lockout;
	struct account_state *accounts;
	bool shutting_down;
	SSL_CTX *tls; /* for the smpp_tls listener; NULL when it is off */
	/* Scratch PDUs: decoding and encoding are synchronous on the loop thread,
	 * and a struct smpp_pdu is too large for every session to carry. */
	struct smpp_pdu in, out;
};

struct smpp_session *smpp_server_find(struct smpp_server *srv, uint64_t id);
struct account_state *smpp_server_account(struct smpp_server *srv, const char *system_id);
/* Sessions of system_id currently bound. */
unsigned smpp_server_bound_count(const struct smpp_server *srv, const char *system_id);
/* A session starts or stops taking deliver_sm for its account. */
int smpp_server_add_receiver(struct smpp_server *srv, struct smpp_session *s);
void smpp_server_remove_receiver(struct smpp_server *srv, struct smpp_session *s);
/* The account's delivery backlog (smpp_backlog.c). */
bool smpp_backlog_has_room(struct account_state *a);
int smpp_backlog_push(struct account_state *a, struct dispatch_job *job);
/* Sends what waits while receivers have room; wakes the dispatcher once it drains. */
void smpp_backlog_pump(struct smpp_server *srv, struct account_state *a);
/* Hands everything waiting back to the dispatcher (no receiver left). */
void smpp_backlog_return(struct smpp_server *srv, struct account_state *a);
/* Sends job on a receiver of a with room now: 0, or -1 if none has room. */
int smpp_server_send_now(struct smpp_server *srv, struct account_state *a, struct dispatch_job *job);

/* Unlinks s and hands it to the reaper. */
void smpp_server_bury(struct smpp_server *srv, struct smpp_session *s);

#endif
