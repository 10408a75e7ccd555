/*
 * lg_msg.h - the submit_sm the load generator sends: a mix of GSM 7-bit,
 * UCS-2 and multipart (UDH-concatenated) messages.
 *
 * Each kind is encoded once, at start-up, with the project's codec; a send
 * copies the template and patches the sequence number, a few destination
 * digits and, for a part, the UDH reference and part number. Nothing is
 * allocated per message.
 */
#ifndef SMSB_LG_MSG_H
#define SMSB_LG_MSG_H

#include <stddef.h>
#include <stdint.h>

#include "lg_opts.h"

#define LG_MSG_MAX_PDU 400

enum lg_msg_kind {
	LG_MSG_GSM7,
	LG_MSG_UCS2,
	LG_MSG_MULTI,
	LG_MSG_KINDS,
};

struct lg_msg_tmpl {
	uint8_t pdu[LG_MSG_MAX_PDU];
	size_t len;
	size_t dst_digits; /* offset of the 5 destination digits patched per message */
	size_t udh;        /* offset of the UDH (05 00 03 ref total seq); 0 if none */
};

struct lg_msg_set {
	struct lg_msg_tmpl tmpl[LG_MSG_KINDS];
	unsigned pct_gsm7, pct_ucs2; /* the rest is multipart */
	unsigned parts;
};

/* Where one session is in the mix: a multipart message spans several sends. */
struct lg_msg_cursor {
	uint32_t rnd;     /* xorshift state, seeded per session */
	uint32_t msgs;    /* messages begun */
	unsigned part;    /* of the multipart message being sent; 0 = none */
	uint8_t ref;      /* its concatenation reference */
};

/* Encodes the templates for o's mix and registered_delivery. 0 or -1. */
int lg_msg_init(struct lg_msg_set *set, const struct lg_opts *o);

void lg_msg_cursor_init(struct lg_msg_cursor *c, unsigned session_index);

/*
 * Writes the next submit_sm of this session into out (LG_MSG_MAX_PDU
 * bytes), with sequence number seq; returns its length and sets *kind.
 */
size_t lg_msg_next(const struct lg_msg_set *set, struct lg_msg_cursor *c, uint32_t seq,
		   uint8_t *out, enum lg_msg_kind *kind);

const char *lg_msg_kind_name(enum lg_msg_kind k);

#endif
