/* hex.c - hex text <-> bytes (see hex.h). */
#include "hex.h"

#include "sms_err.h"

static int nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int hex_encode(const uint8_t *in, size_t len, char *out, size_t cap)
{
	static const char digits[] = "0123456789ABCDEF";
	if (cap == 0 || len > (cap - 1) / 2)
		return SMS_ENOSPACE;
	for (size_t i = 0; i < len; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 0xF];
	}
	out[2 * len] = '\0';
	return SMS_OK;
}

int hex_decode(const char *in, size_t len, uint8_t *out, size_t cap, size_t *out_len)
{
	if (len % 2)
		return SMS_EBADLEN;
	if (len / 2 > cap)
		return SMS_ENOSPACE;
	for (size_t i = 0; i < len; i += 2) {
		int hi = nibble(in[i]), lo = nibble(in[i + 1]);
		if (hi < 0 || lo < 0)
			return SMS_EBADCODE;
		out[i / 2] = (uint8_t)(hi << 4 | lo);
	}
	*out_len = len / 2;
	return SMS_OK;
}
