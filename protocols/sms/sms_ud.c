/* sms_ud.c - user data to text units (see sms_ud.h). */
#include "sms_ud.h"

#include <string.h>

#include "gsm7.h"
#include "gsm7_pack.h"
#include "sms_err.h"

int sms_ud_decode(const struct sms_ud_in *in, struct udh *udh, uint8_t *units, size_t cap,
		  struct sms_text *text)
{
	size_t h = 0;
	int rc;

	memset(&udh->f, 0, sizeof udh->f);
	udh->raw_len = 0;
	udh->n_ies = 0;
	text->charset = in->charset;
	text->nls = (struct gsm7_charset){0, 0};
	text->transliterated = false;
	text->units = NULL;
	text->len = 0;
	if (in->ud_len && !in->ud)
		return SMS_EINVAL;
	if (in->udhi) {
		if ((rc = udh_parse(in->ud, in->ud_len, udh, &h)) != SMS_OK)
			return rc;
		if (udh->f.has_single_shift && gsm7_has_single(udh->f.single_shift))
			text->nls.single = udh->f.single_shift;
		if (udh->f.has_locking_shift && gsm7_has_locking(udh->f.locking_shift))
			text->nls.locking = udh->f.locking_shift;
	}
	if (in->charset == SMS_CS_GSM7 && in->packed) {
		size_t hs = (h * 8 + 6) / 7; /* header septets, fill bits included */
		if (in->udl < hs)
			return SMS_EBADLEN;
		size_t n = in->udl - hs;
		unsigned fill = (unsigned)(hs * 7 - h * 8);
		if (gsm7_packed_len(in->udl, 0) > in->ud_len)
			return SMS_EBADLEN;
		if ((rc = gsm7_unpack(in->ud + h, in->ud_len - h, fill, n, units, cap)) != SMS_OK)
			return rc == SMS_ESHORT ? SMS_EBADLEN : rc;
		text->units = units;
		text->len = n;
		return SMS_OK;
	}
	if (in->udl > in->ud_len || in->udl < h)
		return SMS_EBADLEN;
	text->units = in->ud + h;
	text->len = in->udl - h;
	if (in->charset == SMS_CS_GSM7)
		for (size_t i = 0; i < text->len; i++)
			if (text->units[i] > 0x7F)
				return SMS_EBADCODE;
	return SMS_OK;
}
