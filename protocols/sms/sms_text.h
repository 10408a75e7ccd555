/*
 * sms_text.h - choosing the SMS encoding for a UTF-8 text and producing its
 * code units: septets (GSM 7-bit, one per octet, unpacked), UTF-16BE octets
 * (UCS-2) or Latin-1 octets. sms_segment.h splits the result.
 *
 * SMS_CODING_AUTO picks, in this order:
 *  1. GSM 7-bit default alphabet + extension table, when every character fits;
 *  2. a national language shift table from opts->nls_langs, when one carries
 *     every character in strictly fewer segments than UCS-2 (handsets
 *     support UCS-2 more widely, so a tie goes to UCS-2);
 *  3. GSM 7-bit with transliteration, when opts->transliterate and every
 *     character fits or has a replacement (translit.h);
 *  4. UCS-2.
 * SMS_CODING_GSM7 tries 1-3 and with transliteration replaces what has no
 * look-alike by '?'; without it, a character that does not fit is
 * SMS_ECHARSET. SMS_CODING_UCS2 and SMS_CODING_LATIN1 force those.
 * Invalid UTF-8 is always SMS_EUTF8 (no replacement on the way out).
 */
#ifndef SMSB_SMS_TEXT_H
#define SMSB_SMS_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dcs.h"
#include "gsm7.h"

enum sms_coding {
	SMS_CODING_AUTO = 0,
	SMS_CODING_GSM7,
	SMS_CODING_UCS2,
	SMS_CODING_LATIN1,
};

struct sms_text_opts {
	enum sms_coding coding;
	bool transliterate; /* allow look-alike replacement to stay in 7-bit */
	uint16_t nls_langs; /* (1u << enum gsm7_lang) for each national table AUTO/GSM7 may use */
	bool nls_locking;   /* may use locking shift tables too (else single shift only) */
};

struct sms_text {
	enum sms_charset charset; /* SMS_CS_GSM7, SMS_CS_UCS2, SMS_CS_LATIN1 or SMS_CS_8BIT */
	struct gsm7_charset nls;  /* the tables used, for SMS_CS_GSM7 */
	bool transliterated;      /* some characters were replaced by look-alikes */
	const uint8_t *units;     /* septets (one per octet) for GSM7, else octets */
	size_t len;               /* number of units */
};

/* Buffer size sms_text_encode always fits in, for len octets of UTF-8. */
#define SMS_TEXT_BUF_SIZE(len) (2 * (size_t)(len) + 8)

/*
 * Encodes utf8[0..len) as opts says (NULL = AUTO, no transliteration, no
 * national tables) into buf, and describes the result in *out (out->units
 * points into buf). Errors: SMS_EUTF8 / SMS_ECHARSET with the byte offset
 * of the bad character in *err_pos (err_pos may be NULL), SMS_ENOSPACE
 * when cap < SMS_TEXT_BUF_SIZE(len) would have been needed, SMS_EINVAL.
 */
int sms_text_encode(const char *utf8, size_t len, const struct sms_text_opts *opts, uint8_t *buf,
		    size_t cap, struct sms_text *out, size_t *err_pos);

/* Describes 8-bit binary data as a text (charset SMS_CS_8BIT) without copying. */
void sms_text_binary(const uint8_t *data, size_t len, struct sms_text *out);

/*
 * Decodes units back to UTF-8 (no NUL written). GSM7 uses t->nls; UCS-2
 * decodes unpaired surrogates as U+FFFD; SMS_CS_ASCII is checked to be
 * 7-bit (SMS_EBADCODE otherwise). SMS_EUNSUPPORTED for 8-bit and OTHER.
 */
int sms_text_to_utf8(const struct sms_text *t, char *out, size_t cap, size_t *out_len);

#endif
