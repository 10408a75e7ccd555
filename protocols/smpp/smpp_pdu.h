/*
 * smpp_pdu.h - SMPP v3.4 PDUs: command ids, decoded structs, frame check,
 * decode and encode.
 *
 * A pure codec: bytes in, struct out, and back. It does no I/O, keeps no
 * state, never allocates, never logs and never aborts; the session code on
 * top of it decides what to do with an error (answer, close).
 *
 * Reading a stream:
 *
 *	size_t n;
 *	struct smpp_decode_err err;
 *	int rc = smpp_frame_check(buf, len, max, &n, &err);
 *	if (rc == SMPP_ENEEDMORE)  -> read more
 *	if (rc == SMPP_EFRAME)     -> generic_nack(err.status, err.sequence_number), close
 *	rc = smpp_decode(buf, n, &pdu, &err);   then consume n bytes
 *	if (rc == SMPP_EDECODE)    -> if err.answer_id: answer it with err.status
 *
 * Ownership: struct smpp_pdu holds the fixed-size fields and C-octet strings
 * by value (copied, NUL-terminated, sized by the spec's maxima), but
 * short_message and every TLV value point into the input buffer given to
 * smpp_decode (zero-copy). The caller keeps those bytes alive, unchanged,
 * as long as it uses the pdu. When encoding, the same pointers refer to the
 * caller's memory.
 *
 * struct smpp_pdu is large (about 9 KB, for submit_multi's lists); keep one
 * per session or on the stack, not one per queued message.
 */
#ifndef SMSB_SMPP_PDU_H
#define SMSB_SMPP_PDU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "smpp_err.h"
#include "smpp_status.h"
#include "smpp_tlv.h"

#define SMPP_HEADER_LEN 16
/* A sensible max_len for smpp_frame_check: a full message_payload fits. */
#define SMPP_FRAME_MAX_DEFAULT (65536u + 1024u)
/* Most dest_address / unsuccess_sme entries in submit_multi(_resp). */
#define SMPP_MAX_DESTS 254
/* Most octets in short_message (sm_length 0..254). */
#define SMPP_MAX_SM_LEN 254
#define SMPP_INTERFACE_VERSION_34 0x34
#define SMPP_RESP_BIT 0x80000000u

/* dest_flag values of a submit_multi dest_address */
#define SMPP_DEST_SME_ADDRESS 1
#define SMPP_DEST_DL_NAME 2

/* message_state values (query_sm_resp, message_state TLV) */
enum smpp_message_state {
	SMPP_STATE_ENROUTE = 1,
	SMPP_STATE_DELIVERED = 2,
	SMPP_STATE_EXPIRED = 3,
	SMPP_STATE_DELETED = 4,
	SMPP_STATE_UNDELIVERABLE = 5,
	SMPP_STATE_ACCEPTED = 6,
	SMPP_STATE_UNKNOWN = 7,
	SMPP_STATE_REJECTED = 8,
};

/* Command ids: SMPP_CMD_SUBMIT_SM, SMPP_CMD_GENERIC_NACK, ... */
enum smpp_command_id {
#define SMPP_BODY(name, fields)
#define SMPP_PDU(UP, name, id, body, opts) SMPP_CMD_##UP = id,
#define SMPP_PDU0(UP, name, id) SMPP_CMD_##UP = id,
#define SMPP_U8(n)
#define SMPP_CSTR(n, max, st)
#define SMPP_SM(ln, dn)
#define SMPP_DESTS(cn, ln)
#define SMPP_UNSUCC(cn, ln)
#define SMPP_OPT(t)
#include "smpp_pdu.def"
};

/* One dest_address of submit_multi: an SME address or a distribution list. */
struct smpp_dest_address {
	uint8_t dest_flag; /* SMPP_DEST_SME_ADDRESS or SMPP_DEST_DL_NAME */
	uint8_t dest_addr_ton; /* SME address only */
	uint8_t dest_addr_npi; /* SME address only */
	union {
		char destination_addr[21]; /* dest_flag == SMPP_DEST_SME_ADDRESS */
		char dl_name[21];          /* dest_flag == SMPP_DEST_DL_NAME */
	};
};

/* One unsuccess_sme of submit_multi_resp. */
struct smpp_unsuccess_sme {
	uint8_t dest_addr_ton;
	uint8_t dest_addr_npi;
	char destination_addr[21];
	uint32_t error_status_code;
};

/* The mandatory bodies: struct smpp_bind, struct smpp_sm, ... */
#define SMPP_BODY(name, fields) struct smpp_##name { fields };
#define SMPP_PDU(UP, name, id, body, opts)
#define SMPP_PDU0(UP, name, id)
#define SMPP_U8(n) uint8_t n;
#define SMPP_CSTR(n, max, st) char n[max];
#define SMPP_SM(ln, dn) uint8_t ln; const uint8_t *dn;
#define SMPP_DESTS(cn, ln) uint8_t cn; struct smpp_dest_address ln[SMPP_MAX_DESTS];
#define SMPP_UNSUCC(cn, ln) uint8_t cn; struct smpp_unsuccess_sme ln[SMPP_MAX_DESTS];
#define SMPP_OPT(t)
#include "smpp_pdu.def"

struct smpp_header {
	uint32_t command_length; /* set by decode and encode; ignored on input */
	uint32_t command_id;
	uint32_t command_status;
	uint32_t sequence_number;
};

/*
 * A decoded (or to-be-encoded) PDU. The body member to use follows from
 * hdr.command_id: bind_* -> bind, bind_*_resp -> bind_resp, submit_sm and
 * deliver_sm -> sm, submit_sm_resp / deliver_sm_resp / data_sm_resp ->
 * sm_resp, otherwise the member named like the command. Header-only
 * commands (unbind, enquire_link, generic_nack, ...) have no body.
 */
struct smpp_pdu {
	struct smpp_header hdr;
	union {
#define SMPP_BODY(name, fields) struct smpp_##name name;
#define SMPP_PDU(UP, name, id, body, opts)
#define SMPP_PDU0(UP, name, id)
#define SMPP_U8(n)
#define SMPP_CSTR(n, max, st)
#define SMPP_SM(ln, dn)
#define SMPP_DESTS(cn, ln)
#define SMPP_UNSUCC(cn, ln)
#define SMPP_OPT(t)
#include "smpp_pdu.def"
	};
	struct smpp_tlv_list tlvs;
};

/* What went wrong in a frame check or decode, and how to answer. */
struct smpp_decode_err {
	uint32_t status;          /* command_status to answer with (ESME_ROK if none) */
	uint32_t command_id;      /* from the header; 0 if fewer than 8 bytes */
	uint32_t sequence_number; /* from the header; 0 if fewer than 16 bytes */
	uint32_t answer_id;       /* command to answer with: the request's _resp,
	                             SMPP_CMD_GENERIC_NACK, or 0 for no answer
	                             (the PDU was itself a response) */
	bool fatal;               /* stream unusable: answer (if answer_id), close */
	const char *field;        /* offending field or TLV name, static; "" if none */
};

/*
 * Delimit one PDU at the start of buf. SMPP_OK with *pdu_len set to
 * command_length when a whole PDU is in buf; SMPP_ENEEDMORE when more bytes
 * are needed (*pdu_len is command_length once 4 bytes are there, else 0);
 * SMPP_EFRAME when command_length < 16 or > max_len: the stream cannot be
 * resynchronised, answer generic_nack ESME_RINVCMDLEN and close (err, which
 * may be NULL, says so). Reads at most 16 bytes of buf, never past len.
 */
int smpp_frame_check(const uint8_t *buf, size_t len, size_t max_len, size_t *pdu_len,
		     struct smpp_decode_err *err);

/*
 * Decode exactly one PDU: buf/len is one whole frame as delimited by
 * smpp_frame_check (command_length must equal len). Never reads past len,
 * whatever the bytes. Returns:
 *   SMPP_OK      *pdu filled; err->status == ESME_ROK.
 *   SMPP_EFRAME  command_length does not match len (or len < 16): fatal.
 *   SMPP_EDECODE the PDU is malformed; err->status is the command_status to
 *                answer with (ESME_RINVCMDID, ESME_RINVCMDLEN for a body
 *                shorter than its mandatory fields, ESME_RINVMSGLEN for an
 *                sm_length past the end, the field's own status for an
 *                over-long C-octet string such as ESME_RINVSRCADR,
 *                ESME_RINVOPTPARSTREAM for a broken or duplicated TLV,
 *                ESME_RINVPARLEN for a TLV of the wrong length for its tag,
 *                ESME_RMISSINGOPTPARAM for an incomplete sar_* set, ...),
 *                err->answer_id what to answer with; the stream stays usable.
 * err->command_id and err->sequence_number are those read from the header.
 * On error *pdu is unspecified. short_message and TLV values point into buf.
 */
int smpp_decode(const uint8_t *buf, size_t len, struct smpp_pdu *pdu, struct smpp_decode_err *err);

/*
 * Encode pdu into buf (capacity cap), writing command_length itself;
 * pdu->hdr.command_length is ignored. *len receives the PDU length.
 * Returns SMPP_OK, SMPP_EINVAL for an unknown command_id, a short_message
 * pointer NULL with sm_length > 0, or a bad dest_flag, SMPP_ETOOLONG for a
 * C-octet string at or over its maximum (it must fit with its NUL), an
 * sm_length over 254, a list count over 254 or a standard TLV breaking its
 * length rule, SMPP_ENOSPACE when cap is too small. On error *len is 0 and
 * buf holds garbage.
 */
int smpp_encode(const struct smpp_pdu *pdu, uint8_t *buf, size_t cap, size_t *len);

/* The command name ("submit_sm"), or NULL for an unknown command_id. */
const char *smpp_command_name(uint32_t command_id);

/* Whether command_id is a v3.4 command this codec knows. */
bool smpp_command_known(uint32_t command_id);

/* The response command_id of a request (submit_sm -> submit_sm_resp), or 0
 * when it has none (responses, generic_nack, outbind, alert_notification,
 * unknown ids). */
uint32_t smpp_response_id(uint32_t command_id);

#endif
