/*
 * at_cms.h - what a +CMS ERROR code means for a message: try again later
 * (temporary) or never (permanent), with a short text for logs.
 *
 * Codes 0..127 are RP causes (3GPP TS 24.011 E.2), 128..255 TP-FCS values
 * (TS 23.040 9.2.3.22), 300..500 the ME/TA errors of TS 27.005 3.2.5,
 * 512 and up manufacturer specific. Permanent: the destination or the
 * message itself is refused (unassigned number, barred, bad PDU, ...).
 * Temporary: network, SIM, memory and modem trouble, and every code we do
 * not know (retries are bounded by delivery.max_attempts anyway).
 * at_cms_modem_fault() singles out the codes that say the modem, not the
 * message, is the problem (no SIM, PIN needed, no network): the broker then
 * checks the modem before sending more through it.
 */
#ifndef SMSB_AT_CMS_H
#define SMSB_AT_CMS_H

#include <stdbool.h>

enum at_cms_class {
	AT_CMS_TEMPORARY = 0,
	AT_CMS_PERMANENT = 1,
};

/* code: a +CMS ERROR number, or -1 (given as text, unknown): temporary. */
enum at_cms_class at_cms_class(int code);

/* True for SIM, PIN, network-service and ME-failure codes. */
bool at_cms_modem_fault(int code);

/* A static short text ("unassigned number", ...); "unknown" when not known. */
const char *at_cms_text(int code);

#endif
