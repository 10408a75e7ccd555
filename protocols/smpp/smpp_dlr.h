/*
 * smpp_dlr.h - reading an SMSC's delivery receipt: the text of SMPP v3.4
 * appendix B ("id:... sub:... dlvrd:... submit date:... done date:...
 * stat:... err:... text:..."), the stat words as message_state values, and
 * the forms one upstream message id may take.
 *
 * Why the forms: many SMSCs give the message id in submit_sm_resp in one
 * representation (hexadecimal, "1A2B") and in the receipt in another
 * (decimal, "6699"), or the reverse; matching only the exact text loses
 * those receipts. The caller tries each form in the order given.
 *
 * Pure: no allocation, no I/O, no logging.
 */
#ifndef SMSB_SMPP_DLR_H
#define SMSB_SMPP_DLR_H

#include <stddef.h>
#include <stdint.h>

#define SMPP_DLR_ID_MAX 66 /* a message_id: 65 octets and the NUL */
#define SMPP_DLR_MAX_FORMS 8

struct smpp_dlr {
	char id[SMPP_DLR_ID_MAX]; /* "" if the text has no id: */
	char stat[8];             /* "DELIVRD", "UNDELIV", ...; "" if absent */
	char err[8];              /* the err: field as given, "" if absent */
};

/*
 * Reads the receipt text (len octets, need not be NUL-terminated). Keys are
 * matched case-insensitively wherever they stand; a value runs to the next
 * space. Over-long values are cut. Returns SMPP_OK when an id was found,
 * SMPP_ENOTFOUND otherwise (out is filled with what there was either way).
 */
int smpp_dlr_parse(const uint8_t *text, size_t len, struct smpp_dlr *out);

/* A stat word (case-insensitive) as enum smpp_message_state, or 0 when unknown. */
uint8_t smpp_dlr_state(const char *stat);

/*
 * The forms id may take, first id itself, then: a decimal id as hexadecimal
 * (upper and lower case), a hexadecimal id as decimal, id in upper and lower
 * case, and id without leading zeros; duplicates left out. Writes at most
 * max (<= SMPP_DLR_MAX_FORMS) strings into out and returns how many.
 */
size_t smpp_dlr_id_forms(const char *id, char out[][SMPP_DLR_ID_MAX], size_t max);

#endif
