/*
 * gsm7_tables.h - the generated 3GPP TS 23.038 tables behind gsm7.c.
 * Internal to protocols/sms/; callers use gsm7.h.
 */
#ifndef SMSB_GSM7_TABLES_H
#define SMSB_GSM7_TABLES_H

#include <stddef.h>
#include <stdint.h>

#include "gsm7.h"

struct gsm7_rev {
	uint16_t cp;
	uint8_t code;
};

struct gsm7_table {
	const uint16_t *fwd;        /* 128 code points by septet, 0 = undefined; NULL = no table */
	const struct gsm7_rev *rev; /* sorted by cp */
	size_t n_rev;
};

extern const struct gsm7_table gsm7_tables_lock[GSM7_LANG_COUNT];
extern const struct gsm7_table gsm7_tables_shift[GSM7_LANG_COUNT];
/* Default alphabet for ASCII: septet, 0x80 | septet for an escape pair, 0xFF for none. */
extern const uint8_t gsm7_tables_ascii[128];

#endif
