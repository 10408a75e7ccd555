/*
 * tpdu_addr.h - the field codecs SMS TPDUs are made of (3GPP TS 23.040
 * 9.1.2): semi-octet address fields (TP-OA/DA/RA, and the SMSC address of
 * 24.011 that modems put in front), alphanumeric addresses in packed GSM,
 * and the 7-octet semi-octet time stamps (TP-SCTS, TP-DT, absolute TP-VP).
 *
 * All readers take a wire_reader and leave it untouched on error.
 */
#ifndef SMSB_TPDU_ADDR_H
#define SMSB_TPDU_ADDR_H

#include <stdbool.h>
#include <stdint.h>

#include "wire.h"

#define TPDU_TON_UNKNOWN 0
#define TPDU_TON_INTERNATIONAL 1
#define TPDU_TON_NATIONAL 2
#define TPDU_TON_NETWORK 3
#define TPDU_TON_SUBSCRIBER 4
#define TPDU_TON_ALPHANUMERIC 5
#define TPDU_TON_ABBREVIATED 6
#define TPDU_NPI_UNKNOWN 0
#define TPDU_NPI_ISDN 1

#define TPDU_ADDR_MAX_DIGITS 20 /* TP-OA/DA hold at most 10 octets of semi-octets */
#define TPDU_ADDR_TEXT_MAX 48   /* 11 GSM characters as UTF-8 (some take 3 octets), NUL */

struct sms_addr {
	uint8_t ton; /* TPDU_TON_* */
	uint8_t npi; /* TPDU_NPI_* */
	/*
	 * Semi-octet digits '0'-'9', '*', '#', 'a', 'b', 'c' (23.040 9.1.2.3)
	 * without a '+' (the TON says international), or for TON 5 the
	 * alphanumeric text as UTF-8. NUL-terminated.
	 */
	char text[TPDU_ADDR_TEXT_MAX];
};

struct tpdu_time {
	uint8_t year; /* 0..99; tpdu_time_to_unix reads it as 2000 + year */
	uint8_t month, day, hour, minute, second;
	int8_t tz_quarters; /* offset from UTC in quarters of an hour, -79..79 */
};

/*
 * TP-OA / TP-DA / TP-RA: length in semi-octets (useful digits, or for TON 5
 * the semi-octets the packed septets fill), type octet, value. A filler F
 * anywhere but the last semi-octet is SMS_EBADCODE (an even length that
 * counted a final F, as some modems write, reads as one digit less), as is
 * a length above 20 (SMS_EBADLEN) or a truncated field (SMS_ESHORT).
 */
int tpdu_addr_read(struct wire_reader *r, struct sms_addr *out);
int tpdu_addr_write(struct wire_writer *w, const struct sms_addr *a);

/*
 * The SMSC address in front of a PDU (24.011 RP address as modems use it):
 * length in octets including the type octet; 0 means "none / the modem's
 * default", read back as an empty text with ton = npi = 0. Writing an empty
 * text writes the single octet 00.
 */
int tpdu_sca_read(struct wire_reader *r, struct sms_addr *out);
int tpdu_sca_write(struct wire_writer *w, const struct sms_addr *a);

/* 7 semi-octet octets: YY MM DD hh mm ss TZ. SMS_EBADCODE for a non-decimal digit. */
int tpdu_time_read(struct wire_reader *r, struct tpdu_time *t);
/* SMS_EINVAL for a field out of range (month 0, hour 24, |tz| > 79, ...). */
int tpdu_time_write(struct wire_writer *w, const struct tpdu_time *t);

/*
 * Seconds since 1970-01-01 UTC for t (local time minus its zone).
 * SMS_EINVAL for an impossible date or time.
 */
int tpdu_time_to_unix(const struct tpdu_time *t, int64_t *out);

/* Relative TP-VP (23.040 9.2.3.12.1) to seconds and back (rounding up). */
uint32_t tpdu_vp_relative_seconds(uint8_t vp);
/* The smallest TP-VP lasting at least secs; 255 (63 weeks) at most. */
uint8_t tpdu_vp_relative_from_seconds(uint32_t secs);

#endif
