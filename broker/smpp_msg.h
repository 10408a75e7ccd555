/*
 * smpp_msg.h - a stored message as the body of a submit_sm or deliver_sm:
 * what our server's deliver_sm (smpp_deliver.c) and our upstream submit_sm
 * (conn_smpp_submit.c) share.
 */
#ifndef SMSB_SMPP_MSG_H
#define SMSB_SMPP_MSG_H

#include <stdint.h>

#include "smpp_pdu.h"
#include "store.h"

/*
 * Fills p as command_id (SMPP_CMD_SUBMIT_SM or SMPP_CMD_DELIVER_SM) with
 * sequence seq from m: addresses (cut to SMPP's 20 characters, never
 * overrun), service_type, protocol_id, priority, data_coding, esm_class as
 * stored, the stored TLVs (sar_*, ...) and the payload: short_message up to
 * 254 octets, message_payload beyond. Everything else is zero; the caller
 * sets esm_class, registered_delivery, validity_period as its direction
 * needs. p points into m (payload, TLVs): keep m alive until encoded.
 */
void smpp_msg_to_sm(struct smpp_pdu *p, uint32_t command_id, uint32_t seq,
		    const struct store_msg *m);

#endif
