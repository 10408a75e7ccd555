/*
 * udh.h - the TP-User-Data-Header (3GPP TS 23.040 9.2.3.24): parse every
 * information element with strict bounds, decode the ones the broker acts
 * on (concatenation 0x00/0x08, application ports 0x04/0x05, national
 * language single/locking shift 0x24/0x25), keep all of them raw, and build
 * headers back.
 */
#ifndef SMSB_UDH_H
#define SMSB_UDH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UDH_IEI_CONCAT8 0x00
#define UDH_IEI_PORTS8 0x04
#define UDH_IEI_PORTS16 0x05
#define UDH_IEI_CONCAT16 0x08
#define UDH_IEI_SINGLE_SHIFT 0x24
#define UDH_IEI_LOCKING_SHIFT 0x25

#define UDH_MAX_OCTETS 140 /* UDHL + IEs can never exceed TP-UD's 140 octets */
#define UDH_MAX_IES 70     /* 139 octets hold at most 69 empty IEs */

/* The elements the broker acts on. Zero-initialise for "none". */
struct udh_fields {
	uint8_t concat;    /* 0 none, 8 or 16: size of the reference in bits */
	uint16_t ref;
	uint8_t total;     /* 1..255 */
	uint8_t seq;       /* 1..total */
	uint8_t ports;     /* 0 none, 8 or 16 */
	uint16_t dst_port;
	uint16_t src_port;
	bool has_single_shift;
	uint8_t single_shift;  /* enum gsm7_lang */
	bool has_locking_shift;
	uint8_t locking_shift; /* enum gsm7_lang */
};

struct udh_ie {
	uint8_t iei;
	uint8_t len;
	uint8_t off; /* data at udh.raw[off] */
};

struct udh {
	struct udh_fields f;
	uint8_t raw[UDH_MAX_OCTETS]; /* the IE bytes (after UDHL), copied */
	uint8_t raw_len;
	uint8_t n_ies;
	struct udh_ie ies[UDH_MAX_IES]; /* every IE in order, known or not */
};

/*
 * Parses the UDH at the start of TP-UD: ud[0] is UDHL. *udh_octets gets
 * UDHL + 1. SMS_ESHORT when ud_len is 0 or UDHL runs past ud_len,
 * SMS_EBADLEN when an IE runs past UDHL. Elements with a wrong length or
 * impossible values (concatenation seq 0 or above total, total 0) are kept
 * in ies but not decoded into f, as 23.040 says to ignore them; a repeated
 * element's last occurrence wins.
 */
int udh_parse(const uint8_t *ud, size_t ud_len, struct udh *out, size_t *udh_octets);

/*
 * Octets udh_build writes for f plus extra_len octets of already encoded
 * IEs: UDHL + elements, or 0 when there is nothing to put in a header.
 */
size_t udh_len(const struct udh_fields *f, size_t extra_len);

/*
 * Writes UDHL and the elements of f (concatenation, ports, single shift,
 * locking shift, in that order) followed by extra[0..extra_len) (other IEs,
 * already encoded, e.g. from a parsed udh to forward). Writes nothing when
 * udh_len() is 0. SMS_EINVAL for impossible fields (seq 0 or above total,
 * concat/ports not 0, 8 or 16, an 8-bit port or ref above 255),
 * SMS_ENOSPACE when cap is short or the header would exceed 140 octets.
 */
int udh_build(const struct udh_fields *f, const uint8_t *extra, size_t extra_len, uint8_t *out,
	      size_t cap, size_t *out_len);

#endif
