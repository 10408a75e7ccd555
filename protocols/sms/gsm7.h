/*
 * gsm7.h - the GSM 7-bit alphabet (3GPP TS 23.038 6.2.1), its extension
 * table (6.2.1.1, reached with the escape 0x1B) and the national language
 * locking and single shift tables (Annex A), as unpacked septets.
 *
 * Unpacked septets (one per octet, values 0..0x7F) are what SMPP carries
 * with data_coding 0 and what gsm7_pack.h packs for PDUs. A character set
 * is a pair of table choices: the locking shift table replaces the default
 * alphabet, the single shift table replaces the extension table. {0, 0} is
 * the plain default alphabet with the default extension table.
 *
 * Pure functions over const tables; nothing allocates.
 */
#ifndef SMSB_GSM7_H
#define SMSB_GSM7_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GSM7_ESC 0x1B

/* National language identifiers (3GPP TS 23.038 6.2.1.2.4), as in UDH IE 0x24/0x25. */
enum gsm7_lang {
	GSM7_LANG_DEFAULT = 0,
	GSM7_LANG_TURKISH = 1,
	GSM7_LANG_SPANISH = 2,
	GSM7_LANG_PORTUGUESE = 3,
	GSM7_LANG_BENGALI = 4,
	GSM7_LANG_GUJARATI = 5,
	GSM7_LANG_HINDI = 6,
	GSM7_LANG_KANNADA = 7,
	GSM7_LANG_MALAYALAM = 8,
	GSM7_LANG_ORIYA = 9,
	GSM7_LANG_PUNJABI = 10,
	GSM7_LANG_TAMIL = 11,
	GSM7_LANG_TELUGU = 12,
	GSM7_LANG_URDU = 13,
	GSM7_LANG_COUNT
};

struct gsm7_charset {
	uint8_t locking; /* enum gsm7_lang of the locking shift table; 0 = default alphabet */
	uint8_t single;  /* enum gsm7_lang of the single shift table; 0 = default extension */
};

/* True when this build has the locking / single shift table for lang. */
bool gsm7_has_locking(unsigned lang);
bool gsm7_has_single(unsigned lang);

/*
 * Septets for one code point in cs: writes 1 septet, or ESC + septet, to
 * out and returns 1 or 2; returns 0 when cs cannot carry cp (or names a
 * table this build lacks). The locking table is preferred over an escape.
 */
unsigned gsm7_encode_char(uint32_t cp, struct gsm7_charset cs, uint8_t out[2]);

/*
 * The code point of a septet (0..0x7F), plain or after an escape. An
 * escaped septet the single shift table leaves undefined reads as the
 * locking table's character (23.038 6.2.1.1). Returns 0 for a septet with
 * no character (the escape itself, or a value above 0x7F).
 */
uint32_t gsm7_decode_char(uint8_t septet, bool escaped, struct gsm7_charset cs);

/*
 * UTF-8 to unpacked septets. out may be NULL with cap 0 to only count.
 * *n_septets gets the septets written (or needed). Errors: SMS_EUTF8 and
 * SMS_ECHARSET (with the byte offset of the offending character in
 * *err_pos when err_pos is not NULL), SMS_ENOSPACE, SMS_EINVAL for a table
 * this build lacks.
 */
int gsm7_from_utf8(const char *s, size_t len, struct gsm7_charset cs, uint8_t *out,
		   size_t cap, size_t *n_septets, size_t *err_pos);

/*
 * Unpacked septets to UTF-8 (no NUL is written). ESC ESC reads as a space
 * (23.038: reserved for a further extension table, display a space); a
 * lone ESC at the very end is dropped. SMS_EBADCODE for a septet above
 * 0x7F, SMS_ENOSPACE if out is too small.
 */
int gsm7_to_utf8(const uint8_t *septets, size_t n, struct gsm7_charset cs, char *out, size_t cap,
		 size_t *out_len);

#endif
