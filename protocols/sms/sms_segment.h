/*
 * sms_segment.h - splitting an encoded text (sms_text.h) into SMS segments
 * and producing each segment's user data (UDH + text), packed for PDUs or
 * one septet per octet for SMPP.
 *
 * Capacity per segment (140 octets of TP-UD): 160 septets / 70 UCS-2 units
 * / 140 octets without a header; with a header of u octets (UDHL
 * included), floor((1120 - 8u) / 7) septets, (140 - u) / 2 units, 140 - u
 * octets: 153 / 67 / 134 with 8-bit concatenation, 152 / 67 / 133 with
 * 16-bit, and less again with ports or language shift elements. An escape
 * pair (ESC + septet) and a surrogate pair are never split.
 *
 * Splitting (enum sms_split): UDH concatenation with an 8-bit (IEI 0x00) or
 * 16-bit (IEI 0x08) reference in every segment; SAR, where segments are cut
 * as for 8-bit concatenation (the SMSC adds the header) and the caller puts
 * ref / total / seq in the SMPP sar_* TLVs; or PAYLOAD, one segment with the
 * whole (possibly truncated) text for SMPP message_payload.
 *
 * Truncation policy: at most max_segments segments (default 5, the seed's
 * "SMS PDU limit"; at most 255). With SMS_OVERFLOW_TRUNCATE a longer text is
 * cut at the end of the last allowed segment (never inside an escape or
 * surrogate pair) and plan->truncated is set; with SMS_OVERFLOW_REFUSE
 * sms_segment_plan returns SMS_ETOOMANY and plan->needed says how many
 * segments the text needs. A limit of 1 with truncation keeps one segment
 * without a concatenation header (160 septets).
 */
#ifndef SMSB_SMS_SEGMENT_H
#define SMSB_SMS_SEGMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sms_text.h"
#include "udh.h"

#define SMS_DEFAULT_MAX_SEGMENTS 5
#define SMS_MAX_SEGMENTS 255
#define SMS_UD_MAX 140

enum sms_split {
	SMS_SPLIT_UDH8 = 0,
	SMS_SPLIT_UDH16,
	SMS_SPLIT_SAR,
	SMS_SPLIT_PAYLOAD,
};

enum sms_overflow {
	SMS_OVERFLOW_TRUNCATE = 0,
	SMS_OVERFLOW_REFUSE,
};

struct sms_segment_opts {
	enum sms_split split;
	unsigned max_segments; /* 0 = SMS_DEFAULT_MAX_SEGMENTS; above 255 is SMS_EINVAL */
	enum sms_overflow overflow;
	uint16_t ref;          /* concatenation reference; only the low 8 bits for UDH8/SAR-in-UDH */
	uint8_t ports;         /* 0, 8 or 16: application port addressing IE in every segment */
	uint16_t dst_port;
	uint16_t src_port;
};

struct sms_plan {
	enum sms_split split;
	enum sms_charset charset;
	unsigned count;        /* segments to send (1 for PAYLOAD) */
	unsigned needed;       /* segments the whole text takes on the air */
	bool truncated;        /* the text was cut to max_segments */
	size_t sent_units;     /* units the count segments carry */
	struct udh_fields udh; /* per-segment header template (seq filled per segment) */
	size_t udh_octets;     /* UDH octets in each segment, UDHL included; 0 = none */
	size_t capacity;       /* units per segment */
	size_t start[SMS_MAX_SEGMENTS + 1]; /* segment i carries units [start[i], start[i+1]) */
};

/*
 * Plans the segments of t. With opts NULL: UDH8, 5 segments, truncate.
 * SMS_ETOOMANY (refuse policy; plan->needed set), SMS_EINVAL for bad opts
 * or a text too long to ever send (more than 255 segments needed and no
 * truncation).
 */
int sms_segment_plan(const struct sms_text *t, const struct sms_segment_opts *opts,
		     struct sms_plan *plan);

/* Segments t takes on the air with opts (NULL: UDH8), without a limit. */
unsigned sms_segment_count(const struct sms_text *t, const struct sms_segment_opts *opts);

struct sms_ud {
	size_t len;  /* octets written */
	size_t udl;  /* TP-UDL / sm_length: septets (packed GSM) or octets */
	bool udhi;   /* a UDH leads the data: set TP-UDHI / esm_class 0x40 */
	unsigned seq, total; /* 1-based, for SAR TLVs */
	uint16_t ref;
};

/*
 * Writes segment idx (0-based, < plan->count) of t: UDH, then the text,
 * GSM 7-bit packed after fill bits when packed (PDUs), else one unit per
 * octet (SMPP short_message / message_payload). out must hold SMS_UD_MAX
 * octets for a segment (more for PAYLOAD or unpacked septets: up to
 * udh_octets + units). SMS_EINVAL for a bad idx, SMS_ENOSPACE.
 */
int sms_segment_ud(const struct sms_text *t, const struct sms_plan *plan, unsigned idx,
		   bool packed, uint8_t *out, size_t cap, struct sms_ud *ud);

#endif
