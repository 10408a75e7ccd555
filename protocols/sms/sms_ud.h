/*
 * sms_ud.h - from received user data to text units: splits off the UDH
 * when one is announced (TP-UDHI / esm_class 0x40), skips the fill bits,
 * unpacks GSM 7-bit septets, and applies the national language tables the
 * header names. The same code serves TPDUs from modems (packed) and SMPP
 * short_message / message_payload (one septet per octet).
 */
#ifndef SMSB_SMS_UD_H
#define SMSB_SMS_UD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dcs.h"
#include "sms_text.h"
#include "udh.h"

struct sms_ud_in {
	const uint8_t *ud;
	size_t ud_len;         /* octets present */
	size_t udl;            /* TP-UDL: septets when packed GSM 7-bit, else octets */
	bool udhi;
	bool packed;           /* GSM 7-bit packed (PDU) rather than one septet per octet */
	enum sms_charset charset;
};

/*
 * Fills *udh (all zero when there is none) and *text, whose units are
 * unpacked into units[0..cap) for packed GSM, or point into in->ud
 * otherwise. SMS_EBADLEN when the header or the text runs past the data,
 * SMS_ESHORT, SMS_ENOSPACE, SMS_EBADCODE for septets above 0x7F in
 * unpacked GSM data.
 */
int sms_ud_decode(const struct sms_ud_in *in, struct udh *udh, uint8_t *units, size_t cap,
		  struct sms_text *text);

#endif
