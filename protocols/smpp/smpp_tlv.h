/*
 * smpp_tlv.h - SMPP optional parameters (TLVs): the table of standard tags,
 * the per-PDU list, lookups and builders.
 *
 * Ownership: a struct smpp_tlv never owns its value. After smpp_decode the
 * values point into the caller's input buffer; when building a PDU the
 * values added with smpp_tlv_add()/smpp_tlv_add_cstring() point to the
 * caller's memory, which must stay alive until smpp_encode returns. Integer
 * TLVs added with smpp_tlv_add_u8/u16/u32 are stored inside the entry, so a
 * list (and the PDU holding it) may be copied freely.
 *
 * No allocation, no logging, no global state.
 */
#ifndef SMSB_SMPP_TLV_H
#define SMSB_SMPP_TLV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "smpp_err.h"

/* Most TLVs one PDU may carry; more is ESME_RINVOPTPARSTREAM on decode. */
#define SMPP_MAX_TLVS 64

/* Tag values of all v3.4 standard TLVs: SMPP_TLV_MESSAGE_PAYLOAD, ... */
enum smpp_tlv_tag {
#define SMPP_TLV(UP, name, tag, kind, min, max) SMPP_TLV_##UP = tag,
#include "smpp_tlv.def"
};

enum smpp_tlv_kind {
	SMPP_TLV_KIND_INT,    /* big-endian integer of exactly min_len octets */
	SMPP_TLV_KIND_OCTETS, /* opaque octets, min_len..max_len */
	SMPP_TLV_KIND_CSTR,   /* C-octet string: the last octet is the only NUL */
	SMPP_TLV_KIND_FLAG,   /* present or not, no value */
};

struct smpp_tlv_info {
	uint16_t tag;
	enum smpp_tlv_kind kind;
	uint16_t min_len;
	uint16_t max_len;
	const char *name;
};

struct smpp_tlv {
	uint16_t tag;
	uint16_t len;
	const uint8_t *value; /* NULL: the value is in inl (integers we built) */
	uint8_t inl[4];
};

/* TLVs in wire order, known and unknown alike. Set count = 0 to empty it. */
struct smpp_tlv_list {
	size_t count;
	struct smpp_tlv items[SMPP_MAX_TLVS];
};

/* The standard TLV with this tag, or NULL for an unknown (vendor) tag. */
const struct smpp_tlv_info *smpp_tlv_info(uint16_t tag);

/* The name of a standard tag ("message_payload"), or NULL when unknown. */
const char *smpp_tlv_name(uint16_t tag);

/*
 * Checks a value against its tag's length rule. Returns SMPP_ESME_ROK (0),
 * SMPP_ESME_RINVPARLEN for a length outside the rule, SMPP_ESME_RINVOPTPARAMVAL
 * for a C-octet string not ending in its only NUL. Unknown tags always pass.
 * value may be NULL only when len is 0.
 */
uint32_t smpp_tlv_check(uint16_t tag, const uint8_t *value, size_t len);

/*
 * Rules between parameters: the three sar_* TLVs come together or not at
 * all (else ESME_RMISSINGOPTPARAM), and short_message and message_payload
 * are not used at once (else ESME_RINVOPTPARAMVAL). sm_length is the PDU's
 * sm_length, or -1 for a PDU without one. Returns the status (0 when fine)
 * and, when field is not NULL, the name of the parameter at fault.
 */
uint32_t smpp_tlv_rules(const struct smpp_tlv_list *l, int sm_length, const char **field);

/* Whether the v3.4 spec lists this TLV for this command (advisory: the
 * decoder keeps TLVs that are not listed; a strict session may refuse them
 * with ESME_ROPTPARNOTALLWD). */
bool smpp_tlv_allowed(uint32_t command_id, uint16_t tag);

/* The value bytes of an entry (into the input, the caller's memory, or the
 * entry's own inl); never NULL. */
const uint8_t *smpp_tlv_value(const struct smpp_tlv *t);

/* The first TLV with this tag, or NULL. */
const struct smpp_tlv *smpp_tlv_find(const struct smpp_tlv_list *l, uint16_t tag);

/*
 * Read the first TLV with this tag as an integer of exactly 1, 2 or 4
 * octets. SMPP_OK, SMPP_ENOTFOUND when absent, SMPP_EINVAL when its length
 * is not the integer's size (*v untouched then).
 */
int smpp_tlv_get_u8(const struct smpp_tlv_list *l, uint16_t tag, uint8_t *v);
int smpp_tlv_get_u16(const struct smpp_tlv_list *l, uint16_t tag, uint16_t *v);
int smpp_tlv_get_u32(const struct smpp_tlv_list *l, uint16_t tag, uint32_t *v);

/*
 * Copy the first TLV with this tag, a C-octet string, into dst with its NUL.
 * SMPP_OK, SMPP_ENOTFOUND, SMPP_EINVAL when the value does not end in its
 * only NUL, SMPP_ENOSPACE when dst_size is too small (dst is "" on error
 * when dst_size > 0).
 */
int smpp_tlv_get_cstring(const struct smpp_tlv_list *l, uint16_t tag, char *dst, size_t dst_size);

/*
 * Append a TLV for encoding. smpp_tlv_add keeps the pointer (zero-copy: the
 * bytes must outlive smpp_encode); the integer forms store the value in the
 * entry, big-endian; smpp_tlv_add_cstring points at s and counts its NUL.
 * SMPP_OK, SMPP_ENOSPACE when the list is full, SMPP_ETOOLONG when len does
 * not fit 16 bits, SMPP_EINVAL for value NULL with len > 0. Length rules of
 * standard tags are checked by smpp_encode, not here.
 */
int smpp_tlv_add(struct smpp_tlv_list *l, uint16_t tag, const void *value, size_t len);
int smpp_tlv_add_u8(struct smpp_tlv_list *l, uint16_t tag, uint8_t v);
int smpp_tlv_add_u16(struct smpp_tlv_list *l, uint16_t tag, uint16_t v);
int smpp_tlv_add_u32(struct smpp_tlv_list *l, uint16_t tag, uint32_t v);
int smpp_tlv_add_cstring(struct smpp_tlv_list *l, uint16_t tag, const char *s);

#endif
