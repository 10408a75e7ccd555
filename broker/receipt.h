/*
 * receipt.h - delivery receipts for the ESME that asked (registered_delivery),
 * as the DR rows the store keeps until a receiver of that account takes them.
 *
 * The text is the de-facto standard of SMPP v3.4 appendix B:
 *   id:<id> sub:001 dlvrd:001 submit date:YYMMDDhhmm done date:YYMMDDhhmm
 *   stat:DELIVRD err:000 text:<first 20 octets>
 * with the receipted_message_id, message_state and network_error_code TLVs.
 *
 * Policy for long messages: an ESME that submitted each part with its own
 * submit_sm has one id per part and gets one receipt per part. A message the
 * broker split itself (HTTP API, email, meter reports, forwarding) has one
 * id, its first part's, and one receipt: DELIVRD when every part is
 * delivered, or the first failure as soon as one part fails (the store
 * decides, see store_update.receipt). An intermediate notification
 * (registered_delivery bit 4, esm_class 0x20, stat:ENROUTE) goes when the
 * next hop takes the message (its first part, for a split one).
 */
#ifndef SMSB_RECEIPT_H
#define SMSB_RECEIPT_H

#include <stdbool.h>
#include <stdint.h>

#include "store.h"

/* Room for a receipt's payload and TLVs (receipt_build writes into it). */
#define RECEIPT_BUF_SIZE 512

/* Does a message with this registered_delivery want a receipt for final state? */
bool receipt_wanted(uint8_t registered_delivery, int state);

/*
 * Fills r as the DR row reporting m's final state (at now, Unix ms) with
 * error_code, its payload and TLVs written into buf (RECEIPT_BUF_SIZE,
 * which r points into: keep it alive with r).
 */
void receipt_build(const struct store_msg *m, int state, uint32_t error_code, int64_t now,
		   struct store_msg *r, uint8_t *buf);

#endif
