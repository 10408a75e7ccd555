/*
 * smpp_bind.c - bind_transmitter/receiver/transceiver and unbind.
 *
 * A bind is checked in this order, each failure with its own status:
 * already bound (ESME_RALYBND), address locked out after repeated failures
 * (ESME_RBINDFAIL), unknown system_id (ESME_RINVSYSID), wrong password
 * (ESME_RINVPASWD), system_type (ESME_RINVSYSTYP), source address, bind
 * kind and concurrent binds not allowed for the account (ESME_RBINDFAIL).
 * Unknown system_ids and wrong passwords count towards the lockout.
 */
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "addr_key.h"
#include "broker.h"
#include "conf.h"
#include "dispatch.h"
#include "lockout.h"
#include "log.h"
#include "password.h"
#include "smpp_server_internal.h"

#define OUR_SYSTEM_ID "smsbroker"

static enum sess_state state_for(uint32_t command_id, unsigned *kind_bit)
{
	switch (command_id) {
	case SMPP_CMD_BIND_TRANSMITTER:
		*kind_bit = CONF_BIND_TRANSMITTER;
		return SESS_BOUND_TX;
	case SMPP_CMD_BIND_RECEIVER:
		*kind_bit = CONF_BIND_RECEIVER;
		return SESS_BOUND_RX;
	default:
		*kind_bit = CONF_BIND_TRANSCEIVER;
		return SESS_BOUND_TRX;
	}
}

/* Checks the credentials and limits; returns ESME_ROK or the status to answer. */
static uint32_t check_bind(struct smpp_session *s, const struct smpp_bind *req, unsigned kind_bit,
			   const char **why)
{
	const struct conf *c = s->srv->b->conf;
	const struct conf_account *a = conf_find_account(c, req->system_id);
	if (!a) {
		*why = "unknown system_id";
		return SMPP_ESME_RINVSYSID;
	}
	if (!password_check(req->password, a->password, a->password_hash)) {
		*why = "wrong password";
		return SMPP_ESME_RINVPASWD;
	}
	if (a->system_type && strcmp(a->system_type, req->system_type) != 0) {
		*why = "system_type not allowed";
		return SMPP_ESME_RINVSYSTYP;
	}
	if (!addr_allowed((const struct sockaddr *)&s->peer_addr, a->allowed_ips, a->n_allowed_ips)) {
		*why = "source address not in allowed_ips";
		return SMPP_ESME_RBINDFAIL;
	}
	if (!(a->binds & kind_bit)) {
		*why = "bind kind not allowed for this account";
		return SMPP_ESME_RBINDFAIL;
	}
	if (smpp_server_bound_count(s->srv, a->system_id) >= a->max_binds) {
		*why = "max_binds reached";
		return SMPP_ESME_RBINDFAIL;
	}
	return SMPP_ESME_ROK;
}

static void send_bind_resp(struct smpp_session *s, const struct smpp_pdu *req, uint32_t status)
{
	struct smpp_pdu *p = &s->srv->out;
	memset(&p->hdr, 0, sizeof p->hdr);
	p->tlvs.count = 0;
	p->hdr.command_id = req->hdr.command_id | SMPP_RESP_BIT;
	p->hdr.command_status = status;
	p->hdr.sequence_number = req->hdr.sequence_number;
	snprintf(p->bind_resp.system_id, sizeof p->bind_resp.system_id, "%s", OUR_SYSTEM_ID);
	/* v3.4 answers a v3.4 ESME with the interface version it speaks. */
	if (status == SMPP_ESME_ROK && req->bind.interface_version >= SMPP_INTERFACE_VERSION_34)
		smpp_tlv_add_u8(&p->tlvs, SMPP_TLV_SC_INTERFACE_VERSION, SMPP_INTERFACE_VERSION_34);
	sess_send(s, p);
}

void smpp_handle_bind(struct smpp_session *s, const struct smpp_pdu *pdu)
{
	const struct smpp_bind *req = &pdu->bind;
	const struct conf_smpp *o = &s->srv->b->conf->smpp_opts;
	const struct sockaddr *peer = (const struct sockaddr *)&s->peer_addr;
	int64_t now = broker_mono_ms();
	unsigned kind_bit;
	enum sess_state bound = state_for(pdu->hdr.command_id, &kind_bit);
	const char *why = NULL;
	uint32_t status;

	if (s->state != SESS_OPEN) {
		status = SMPP_ESME_RALYBND;
		why = "already bound";
	} else if (s->srv->shutting_down) {
		status = SMPP_ESME_RBINDFAIL;
		why = "broker is stopping";
	} else if (lockout_blocked(s->srv->lockout, peer, now)) {
		status = SMPP_ESME_RBINDFAIL;
		why = "address locked out after failed binds";
	} else {
		status = check_bind(s, req, kind_bit, &why);
	}

	if (status == SMPP_ESME_ROK) {
		snprintf(s->system_id, sizeof s->system_id, "%s", req->system_id);
		lockout_clear(s->srv->lockout, peer);
		send_bind_resp(s, pdu, status);
		sess_set_state(s, bound);
		if (sess_can_receive(s))
			dispatcher_wake(s->srv->b->dispatcher, s->system_id);
		return;
	}
	/* The system_id is the client's claim: log it, it is not a secret. */
	log_warn("smpp.bind_failed session=%llu peer=%s system_id=%s command=%s status=%s reason=\"%s\"",
		 (unsigned long long)s->id, s->peer, req->system_id,
		 smpp_command_name(pdu->hdr.command_id), smpp_status_name(status), why);
	if ((status == SMPP_ESME_RINVSYSID || status == SMPP_ESME_RINVPASWD) &&
	    lockout_fail(s->srv->lockout,
			 &(struct lockout_policy){o->lockout_failures, o->lockout_window_ms,
						  o->lockout_time_ms},
			 peer, now))
		log_warn("smpp.lockout peer=%s seconds=%lld", s->peer,
			 (long long)(o->lockout_time_ms / 1000));
	send_bind_resp(s, pdu, status);
}

void smpp_handle_unbind(struct smpp_session *s, const struct smpp_pdu *pdu)
{
	if (s->state == SESS_OPEN) {
		sess_send_status(s, SMPP_CMD_UNBIND_RESP, SMPP_ESME_RINVBNDSTS, pdu->hdr.sequence_number);
		return;
	}
	if (s->state != SESS_UNBINDING)
		sess_set_state(s, SESS_UNBINDING);
	/* The unbind_resp waits for the answers to everything accepted before it. */
	s->peer_unbind_pending = true;
	s->peer_unbind_seq = pdu->hdr.sequence_number;
	sess_unbind_progress(s);
}
