/*
 * latin1.h - ISO-8859-1, SMPP data_coding 3. Every byte is a character
 * (U+0000..U+00FF), so decoding never fails; encoding fails on anything
 * above U+00FF.
 */
#ifndef SMSB_LATIN1_H
#define SMSB_LATIN1_H

#include <stddef.h>
#include <stdint.h>

/*
 * UTF-8 to Latin-1. out may be NULL with cap 0 to count. SMS_EUTF8 or
 * SMS_ECHARSET with the byte offset in *err_pos (when not NULL), SMS_ENOSPACE.
 */
int latin1_from_utf8(const char *s, size_t len, uint8_t *out, size_t cap, size_t *out_len,
		     size_t *err_pos);

/* Latin-1 to UTF-8 (no NUL written). SMS_ENOSPACE if out is too small. */
int latin1_to_utf8(const uint8_t *in, size_t len, char *out, size_t cap, size_t *out_len);

#endif
