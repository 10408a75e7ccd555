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

/* Per-account state shared by its sessions: throughput, and who receives. */
struct account_state {
	char system_id[16];
	struct rate submit_rate;
	struct smpp_session **receivers; /* bound RX/TRX sessions, for deliver_sm */
	size_t n_receivers, cap_receivers;
	size_t next_receiver; /* round-robin */
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
/* Unlinks s and hands it to the reaper. */
void smpp_server_bury(struct smpp_server *srv, struct smpp_session *s);

#endif
