/* utf8.c - strict UTF-8 decode/encode (see utf8.h). */
#include "utf8.h"

#include "sms_err.h"

int utf8_decode(const uint8_t *s, size_t len, size_t *pos, uint32_t *cp)
{
	size_t i = *pos;
	if (i >= len)
		return SMS_EUTF8;
	uint8_t b0 = s[i];
	if (b0 < 0x80) {
		*cp = b0;
		*pos = i + 1;
		return SMS_OK;
	}
	size_t n;
	uint32_t v, min;
	if (b0 >= 0xC2 && b0 <= 0xDF) {
		n = 2;
		v = b0 & 0x1Fu;
		min = 0x80;
	} else if (b0 >= 0xE0 && b0 <= 0xEF) {
		n = 3;
		v = b0 & 0x0Fu;
		min = 0x800;
	} else if (b0 >= 0xF0 && b0 <= 0xF4) {
		n = 4;
		v = b0 & 0x07u;
		min = 0x10000;
	} else {
		return SMS_EUTF8; /* continuation byte, C0/C1 overlong lead, F5+ */
	}
	if (len - i < n)
		return SMS_EUTF8;
	for (size_t k = 1; k < n; k++) {
		uint8_t b = s[i + k];
		if ((b & 0xC0) != 0x80)
			return SMS_EUTF8;
		v = (v << 6) | (b & 0x3Fu);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return SMS_EUTF8;
	*cp = v;
	*pos = i + n;
	return SMS_OK;
}

size_t utf8_len(uint32_t cp)
{
	if (cp < 0x80)
		return 1;
	if (cp < 0x800)
		return 2;
	if (cp >= 0xD800 && cp <= 0xDFFF)
		return 0;
	if (cp < 0x10000)
		return 3;
	if (cp <= 0x10FFFF)
		return 4;
	return 0;
}

int utf8_encode(uint32_t cp, uint8_t *out, size_t cap, size_t *pos)
{
	size_t n = utf8_len(cp);
	if (n == 0)
		return SMS_EINVAL;
	size_t i = *pos;
	if (i > cap || cap - i < n)
		return SMS_ENOSPACE;
	switch (n) {
	case 1:
		out[i] = (uint8_t)cp;
		break;
	case 2:
		out[i] = (uint8_t)(0xC0 | (cp >> 6));
		out[i + 1] = (uint8_t)(0x80 | (cp & 0x3F));
		break;
	case 3:
		out[i] = (uint8_t)(0xE0 | (cp >> 12));
		out[i + 1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
		out[i + 2] = (uint8_t)(0x80 | (cp & 0x3F));
		break;
	default:
		out[i] = (uint8_t)(0xF0 | (cp >> 18));
		out[i + 1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3F));
		out[i + 2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
		out[i + 3] = (uint8_t)(0x80 | (cp & 0x3F));
		break;
	}
	*pos = i + n;
	return SMS_OK;
}

int utf8_validate(const char *s, size_t len, size_t *err_pos)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t pos = 0;
	uint32_t cp;
	while (pos < len) {
		if (p[pos] < 0x80) {
			pos++;
			continue;
		}
		if (utf8_decode(p, len, &pos, &cp) != SMS_OK) {
			if (err_pos)
				*err_pos = pos;
			return SMS_EUTF8;
		}
	}
	return SMS_OK;
}
