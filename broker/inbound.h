/*
 * inbound.h - how an SMS that came in from a connector (a modem, an
 * upstream SMSC) enters the broker: stored as an MO message for the account
 * that receives its destination, then delivered to that account's bound
 * receivers like a receipt is. done() runs after the commit: only then may
 * the connector acknowledge it (deliver_sm_resp, AT+CMGD).
 *
 * Which account: the first whose address_range matches the destination,
 * else the connector's default (inbound_sms.account), else none: the
 * message is stored and waits for a configuration that names a receiver
 * (logged).
 */
#ifndef SMSB_INBOUND_H
#define SMSB_INBOUND_H

#include <stdbool.h>
#include <stdint.h>

struct broker;

struct inbound_sms {
	const char *connector;   /* where it came from */
	const char *account;     /* the connector's default receiving account, or NULL */
	const char *src_addr;
	uint8_t src_ton, src_npi;
	const char *dst_addr;
	uint8_t dst_ton, dst_npi;
	uint8_t data_coding;     /* SMPP data_coding of payload */
	uint8_t esm_class;       /* 0x40 when payload starts with a UDH */
	uint8_t protocol_id;
	const uint8_t *payload;  /* as an ESME would receive it in short_message */
	uint32_t payload_len;
	uint16_t concat_ref;     /* from the UDH, when a part of a long message */
	uint8_t part_total, part_seq;
	const char *remote_id;   /* the connector's id for it (dedupe, logs), or NULL */
	/*
	 * With a remote_id: if this connector already stored a message with the
	 * same remote_id, it is not stored again; done gets 0 and that message's
	 * id, as if it had been (a modem reading a message again after a crash
	 * between the commit and its AT+CMGD).
	 */
	bool dedupe;
};

/* result: 0 (stored) or a negative enum store_err; id: the stored row. */
typedef void (*inbound_done_fn)(void *arg, int result, int64_t id);

/* Queues the message. Returns 0 (done will run) or -1 (out of memory; done will not). */
int inbound_submit(struct broker *b, const struct inbound_sms *in, inbound_done_fn done, void *arg);

/* The account that receives dst (address_range), or fallback, or "". */
const char *inbound_account_for(const struct broker *b, const char *dst, const char *fallback);

#endif
