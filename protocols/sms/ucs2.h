/*
 * ucs2.h - UTF-16BE, what SMS calls UCS-2 (data_coding 8, DCS UCS2), with
 * surrogate pairs so emoji and other astral characters survive.
 *
 * Outgoing text (UTF-8 from our users) is strict: invalid UTF-8 is an
 * error. Incoming text (from the network) is decoded leniently: an unpaired
 * surrogate becomes U+FFFD, so a phone's broken emoji never loses the rest
 * of a message; an odd byte count is an error.
 */
#ifndef SMSB_UCS2_H
#define SMSB_UCS2_H

#include <stddef.h>
#include <stdint.h>

#define UCS2_REPLACEMENT 0xFFFD

/*
 * UTF-8 to UTF-16BE. out may be NULL with cap 0 to count: *out_len gets the
 * bytes written or needed (2 per BMP character, 4 per astral one).
 * SMS_EUTF8 (offset in *err_pos when not NULL), SMS_ENOSPACE.
 */
int ucs2_from_utf8(const char *s, size_t len, uint8_t *out, size_t cap, size_t *out_len,
		   size_t *err_pos);

/*
 * UTF-16BE to UTF-8 (no NUL written). SMS_EBADLEN for an odd len,
 * SMS_ENOSPACE. Unpaired surrogates read as U+FFFD.
 */
int ucs2_to_utf8(const uint8_t *in, size_t len, char *out, size_t cap, size_t *out_len);

/* True when the 16-bit unit at in[0..1] (big-endian) is a high (leading) surrogate. */
int ucs2_is_high_surrogate(const uint8_t *unit);

#endif
