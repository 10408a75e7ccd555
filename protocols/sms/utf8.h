/*
 * utf8.h - strict UTF-8 decoding and encoding (RFC 3629).
 *
 * The broker speaks UTF-8 everywhere outside the radio formats. Input is
 * checked strictly: overlong forms, surrogates (U+D800..U+DFFF), code
 * points above U+10FFFF and truncated sequences are SMS_EUTF8, never
 * guessed at. Encoders that produce UTF-8 only ever emit valid UTF-8.
 */
#ifndef SMSB_UTF8_H
#define SMSB_UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * Decodes the code point at s[*pos] (pos < len). On success stores it in
 * *cp, advances *pos and returns SMS_OK; on SMS_EUTF8 *pos is unchanged.
 */
int utf8_decode(const uint8_t *s, size_t len, size_t *pos, uint32_t *cp);

/* Bytes utf8_encode needs for cp: 1..4, or 0 for a surrogate or > U+10FFFF. */
size_t utf8_len(uint32_t cp);

/*
 * Writes cp as UTF-8 at out[*pos], advancing *pos. SMS_ENOSPACE if it does
 * not fit in cap (nothing written), SMS_EINVAL for a code point that has no
 * UTF-8 form.
 */
int utf8_encode(uint32_t cp, uint8_t *out, size_t cap, size_t *pos);

/*
 * SMS_OK if s[0..len) is valid UTF-8; else SMS_EUTF8 with the offset of the
 * first bad byte in *err_pos (err_pos may be NULL).
 */
int utf8_validate(const char *s, size_t len, size_t *err_pos);

#endif
