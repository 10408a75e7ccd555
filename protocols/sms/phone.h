/*
 * phone.h - normalising the phone numbers and sender ids people and
 * systems write into E.164 digits with a TON/NPI, or an alphanumeric
 * sender id.
 *
 * Accepted: "+<cc><number>"; the seed's "00<cc><number>" (the
 * international prefix is configurable, e.g. "011"); national numbers,
 * with or without the trunk prefix ("8 612 34567" or "0612 34567"), which
 * get the configured default country code; short codes (digits only, at
 * most short_code_max of them, no prefix). Spaces, tabs, dashes, dots,
 * slashes and brackets are dropped. Anything with a letter is an
 * alphanumeric sender id: at most 11 GSM 7-bit septets (TP-OA's limit),
 * every character in the GSM default alphabet.
 *
 * Rejected, with a distinct error each: nothing left (SMS_EPHONE_EMPTY),
 * a character that fits neither form or a '+' not in front
 * (SMS_EPHONE_CHAR), more than 15 digits or a sender id over 11 septets
 * (SMS_EPHONE_LONG), fewer than 7 digits for an international number or
 * an empty short code (SMS_EPHONE_SHORT), a national number with no
 * default country code (SMS_EPHONE_NOCC). A country code never starts
 * with 0 (SMS_EPHONE_CHAR).
 */
#ifndef SMSB_PHONE_H
#define SMSB_PHONE_H

#include <stddef.h>
#include <stdint.h>

struct phone_opts {
	const char *country_code;  /* default country code digits ("370"); NULL or "" = none */
	const char *trunk_prefix;  /* national trunk prefix ("8", "0"); NULL or "" = none */
	const char *intl_prefix;   /* international call prefix; NULL = "00" */
	unsigned short_code_max;   /* digit strings this short are short codes; 0 = none */
};

enum phone_kind {
	PHONE_INTERNATIONAL = 0, /* digits = E.164 without '+', TON 1 NPI 1 */
	PHONE_SHORT_CODE,        /* digits as written, TON 0 (unknown) NPI 1 */
	PHONE_ALPHANUMERIC,      /* text = sender id, TON 5 NPI 0 */
};

struct phone_number {
	enum phone_kind kind;
	uint8_t ton;
	uint8_t npi;
	char text[48]; /* E.164 digits, short code digits, or the sender id as UTF-8 */
};

/* Defaults used when opts is NULL: no country code, trunk "0", "00", short codes up to 6. */
extern const struct phone_opts phone_opts_default;

/* Normalises in[0..len) (UTF-8) into *out. See the file comment for the rules and errors. */
int phone_normalise(const char *in, size_t len, const struct phone_opts *opts,
		    struct phone_number *out);

#endif
