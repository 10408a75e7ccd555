/* ucs2.c - UTF-16BE <-> UTF-8 (see ucs2.h). */
#include "ucs2.h"

#include "sms_err.h"
#include "utf8.h"

int ucs2_is_high_surrogate(const uint8_t *unit)
{
	return unit[0] >= 0xD8 && unit[0] <= 0xDB;
}

int ucs2_from_utf8(const char *s, size_t len, uint8_t *out, size_t cap, size_t *out_len,
		   size_t *err_pos)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t pos = 0, o = 0;
	while (pos < len) {
		uint32_t cp;
		if (utf8_decode(p, len, &pos, &cp) != SMS_OK) {
			if (err_pos)
				*err_pos = pos;
			*out_len = o;
			return SMS_EUTF8;
		}
		size_t k = cp >= 0x10000 ? 4 : 2;
		if (out) {
			if (cap - o < k) {
				*out_len = o;
				return SMS_ENOSPACE;
			}
			if (k == 2) {
				out[o] = (uint8_t)(cp >> 8);
				out[o + 1] = (uint8_t)cp;
			} else {
				uint32_t v = cp - 0x10000;
				uint32_t hi = 0xD800 | (v >> 10), lo = 0xDC00 | (v & 0x3FF);
				out[o] = (uint8_t)(hi >> 8);
				out[o + 1] = (uint8_t)hi;
				out[o + 2] = (uint8_t)(lo >> 8);
				out[o + 3] = (uint8_t)lo;
			}
		}
		o += k;
	}
	*out_len = o;
	return SMS_OK;
}

int ucs2_to_utf8(const uint8_t *in, size_t len, char *out, size_t cap, size_t *out_len)
{
	uint8_t *o = (uint8_t *)out;
	size_t pos = 0;
	int rc;
	if (len % 2)
		return SMS_EBADLEN;
	for (size_t i = 0; i < len; i += 2) {
		uint32_t u = ((uint32_t)in[i] << 8) | in[i + 1];
		uint32_t cp = u;
		if (u >= 0xD800 && u <= 0xDBFF) {
			uint32_t lo = i + 3 < len ? ((uint32_t)in[i + 2] << 8) | in[i + 3] : 0;
			if (lo >= 0xDC00 && lo <= 0xDFFF) {
				cp = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
				i += 2;
			} else {
				cp = UCS2_REPLACEMENT;
			}
		} else if (u >= 0xDC00 && u <= 0xDFFF) {
			cp = UCS2_REPLACEMENT;
		}
		if ((rc = utf8_encode(cp, o, cap, &pos)) != SMS_OK)
			return rc;
	}
	*out_len = pos;
	return SMS_OK;
}
