/*
 * gsm7.c - GSM 7-bit characters <-> code points and UTF-8 (see gsm7.h).
 * The tables are generated into gsm7_tables.c; this file only looks up.
 */
#include "gsm7.h"

#include "gsm7_tables.h"
#include "sms_err.h"
#include "utf8.h"

bool gsm7_has_locking(unsigned lang)
{
	return lang < GSM7_LANG_COUNT && gsm7_tables_lock[lang].fwd != NULL;
}

bool gsm7_has_single(unsigned lang)
{
	return lang < GSM7_LANG_COUNT && gsm7_tables_shift[lang].fwd != NULL;
}

static int rev_find(const struct gsm7_table *t, uint32_t cp)
{
	size_t lo = 0, hi = t->n_rev;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uint32_t v = t->rev[mid].cp;
		if (v == cp)
			return t->rev[mid].code;
		if (v < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

unsigned gsm7_encode_char(uint32_t cp, struct gsm7_charset cs, uint8_t out[2])
{
	if (cs.locking == 0 && cs.single == 0 && cp < 0x80) {
		uint8_t v = gsm7_tables_ascii[cp];
		if (v == 0xFF)
			return 0;
		if (v & 0x80) {
			out[0] = GSM7_ESC;
			out[1] = v & 0x7F;
			return 2;
		}
		out[0] = v;
		return 1;
	}
	if (!gsm7_has_locking(cs.locking) || !gsm7_has_single(cs.single) || cp == 0 || cp > 0xFFFF)
		return 0;
	int c = rev_find(&gsm7_tables_lock[cs.locking], cp);
	if (c >= 0) {
		out[0] = (uint8_t)c;
		return 1;
	}
	c = rev_find(&gsm7_tables_shift[cs.single], cp);
	if (c >= 0) {
		out[0] = GSM7_ESC;
		out[1] = (uint8_t)c;
		return 2;
	}
	return 0;
}

uint32_t gsm7_decode_char(uint8_t septet, bool escaped, struct gsm7_charset cs)
{
	if (septet > 0x7F || !gsm7_has_locking(cs.locking) || !gsm7_has_single(cs.single))
		return 0;
	if (escaped) {
		uint32_t cp = gsm7_tables_shift[cs.single].fwd[septet];
		if (cp)
			return cp;
	}
	return gsm7_tables_lock[cs.locking].fwd[septet];
}

int gsm7_from_utf8(const char *s, size_t len, struct gsm7_charset cs, uint8_t *out,
		   size_t cap, size_t *n_septets, size_t *err_pos)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t pos = 0, n = 0;
	bool plain = cs.locking == 0 && cs.single == 0;
	int rc = SMS_OK;

	if (!gsm7_has_locking(cs.locking) || !gsm7_has_single(cs.single))
		return SMS_EINVAL;
	while (pos < len) {
		uint8_t sep[2];
		unsigned k;
		size_t at = pos;
		if (plain && p[pos] < 0x80) {
			uint8_t v = gsm7_tables_ascii[p[pos]];
			if (v == 0xFF) {
				rc = SMS_ECHARSET;
				goto fail;
			}
			pos++;
			if (v & 0x80) {
				sep[0] = GSM7_ESC;
				sep[1] = v & 0x7F;
				k = 2;
			} else {
				sep[0] = v;
				k = 1;
			}
		} else {
			uint32_t cp;
			if (utf8_decode(p, len, &pos, &cp) != SMS_OK) {
				rc = SMS_EUTF8;
				goto fail;
			}
			k = gsm7_encode_char(cp, cs, sep);
			if (k == 0) {
				pos = at;
				rc = SMS_ECHARSET;
				goto fail;
			}
		}
		if (out) {
			if (cap - n < k) {
				rc = SMS_ENOSPACE;
				goto fail;
			}
			out[n] = sep[0];
			if (k == 2)
				out[n + 1] = sep[1];
		}
		n += k;
	}
	*n_septets = n;
	return SMS_OK;
fail:
	if (err_pos)
		*err_pos = pos;
	*n_septets = n;
	return rc;
}

int gsm7_to_utf8(const uint8_t *septets, size_t n, struct gsm7_charset cs, char *out, size_t cap,
		 size_t *out_len)
{
	uint8_t *o = (uint8_t *)out;
	size_t pos = 0;
	int rc;

	if (!gsm7_has_locking(cs.locking) || !gsm7_has_single(cs.single))
		return SMS_EINVAL;
	const uint16_t *lock = gsm7_tables_lock[cs.locking].fwd;
	const uint16_t *shift = gsm7_tables_shift[cs.single].fwd;
	for (size_t i = 0; i < n; i++) {
		uint8_t s = septets[i];
		uint32_t cp;
		if (s > 0x7F)
			return SMS_EBADCODE;
		if (s == GSM7_ESC) {
			if (i + 1 == n)
				break; /* lone trailing escape: nothing to show */
			uint8_t t = septets[++i];
			if (t > 0x7F)
				return SMS_EBADCODE;
			/* ESC ESC: reserved for a further table, shown as a space */
			cp = t == GSM7_ESC ? 0x20 : shift[t] ? shift[t] : lock[t];
		} else {
			cp = lock[s];
		}
		if (cp < 0x80 && cp != 0 && pos < cap) {
			o[pos++] = (uint8_t)cp; /* the common case, inline */
			continue;
		}
		if (cp == 0)
			cp = 0x20; /* undefined position in a national table: show a space */
		if ((rc = utf8_encode(cp, o, cap, &pos)) != SMS_OK)
			return rc;
	}
	*out_len = pos;
	return SMS_OK;
}
