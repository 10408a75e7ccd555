/*
 * hex.h - hexadecimal text <-> bytes, for AT+CMGS / +CMGL PDU mode and for
 * test vectors. Upper-case on output; either case on input.
 */
#ifndef SMSB_HEX_H
#define SMSB_HEX_H

#include <stddef.h>
#include <stdint.h>

/*
 * Writes 2*len hex digits and a NUL to out (cap >= 2*len + 1, else
 * SMS_ENOSPACE).
 */
int hex_encode(const uint8_t *in, size_t len, char *out, size_t cap);

/*
 * Decodes hex text (len digits, even; no spaces) into out. SMS_EBADLEN for
 * an odd count, SMS_EBADCODE for a non-hex digit, SMS_ENOSPACE.
 */
int hex_decode(const char *in, size_t len, uint8_t *out, size_t cap, size_t *out_len);

#endif
