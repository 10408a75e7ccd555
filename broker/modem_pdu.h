/*
 * modem_pdu.h - a stored MT row (SMPP fields, the payload as an ESME
 * submitted it: unpacked GSM septets for data_coding 0, UCS-2 for 8, 8-bit
 * data, a UDH in front when esm_class has 0x40) as the SMS-SUBMIT PDU that
 * AT+CMGS wants, hex-encoded; and as plain text for text mode when it is a
 * single GSM message of printable ASCII.
 */
#ifndef SMSB_MODEM_PDU_H
#define SMSB_MODEM_PDU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store.h"

/* SCA + SMS-SUBMIT as hex, with NUL */
#define MODEM_PDU_HEX_MAX (2 * 200 + 1)

enum modem_pdu_err {
	MODEM_PDU_EADDR = -100,   /* the destination is no phone number */
	MODEM_PDU_ELENGTH = -101, /* more than one SMS's 140 octets of user data */
	MODEM_PDU_ECODING = -102, /* a data_coding the broker cannot put in a PDU */
};

/*
 * Builds the PDU for m: TP-SRR if srr, relative validity from m->expire_at
 * (now: wall-clock ms), TP-MR 0 (the modem numbers it). hex gets
 * MODEM_PDU_HEX_MAX bytes at most; *tpdu_len the length for AT+CMGS.
 * 0, an enum modem_pdu_err, or an enum sms_err.
 */
int modem_pdu_build(const struct store_msg *m, bool srr, int64_t now, char *hex, size_t cap,
		    unsigned *tpdu_len);

/* Text mode: the message as printable ASCII into out (cap >= 161), or -1 when it is not one. */
int modem_pdu_text(const struct store_msg *m, char *out, size_t cap);

/* Digits of the destination (no '+'), for the report's match. */
void modem_pdu_dest(const struct store_msg *m, char *out, size_t cap);

#endif
