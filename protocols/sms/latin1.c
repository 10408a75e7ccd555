/* latin1.c - ISO-8859-1 <-> UTF-8 (see latin1.h). */
#include "latin1.h"

#include "sms_err.h"
#include "utf8.h"

int latin1_from_utf8(const char *s, size_t len, uint8_t *out, size_t cap, size_t *out_len,
		     size_t *err_pos)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t pos = 0, o = 0;
	int rc = SMS_OK;
	while (pos < len) {
		uint32_t cp;
		size_t at = pos;
		if (utf8_decode(p, len, &pos, &cp) != SMS_OK) {
			rc = SMS_EUTF8;
			goto fail;
		}
		if (cp > 0xFF) {
			pos = at;
			rc = SMS_ECHARSET;
			goto fail;
		}
		if (out) {
			if (o >= cap) {
				rc = SMS_ENOSPACE;
				goto fail;
			}
			out[o] = (uint8_t)cp;
		}
		o++;
	}
	*out_len = o;
	return SMS_OK;
fail:
	if (err_pos)
		*err_pos = pos;
	*out_len = o;
	return rc;
}

int latin1_to_utf8(const uint8_t *in, size_t len, char *out, size_t cap, size_t *out_len)
{
	size_t pos = 0;
	int rc;
	for (size_t i = 0; i < len; i++)
		if ((rc = utf8_encode(in[i], (uint8_t *)out, cap, &pos)) != SMS_OK)
			return rc;
	*out_len = pos;
	return SMS_OK;
}
