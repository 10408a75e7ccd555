/*
 * sms_text.c - encoding choice and code units for a UTF-8 text (see
 * sms_text.h). Candidates are encoded into the caller's buffer and counted
 * with sms_segment_count; the winner is encoded last so it stays there.
 */
#include "sms_text.h"

#include "latin1.h"
#include "sms_err.h"
#include "sms_segment.h"
#include "translit.h"
#include "ucs2.h"
#include "utf8.h"

enum translit_mode {
	TRANSLIT_OFF,
	TRANSLIT_STRICT, /* no look-alike: SMS_ECHARSET */
	TRANSLIT_LOSSY,  /* no look-alike: '?' */
};

static int put_septets(const uint8_t *sep, unsigned k, uint8_t *buf, size_t cap, size_t *n)
{
	if (cap - *n < k)
		return SMS_ENOSPACE;
	for (unsigned i = 0; i < k; i++)
		buf[(*n)++] = sep[i];
	return SMS_OK;
}

/* GSM 7-bit default alphabet with look-alike replacement. */
static int gsm7_translit(const char *s, size_t len, enum translit_mode mode, uint8_t *buf,
			 size_t cap, size_t *n_out, bool *replaced, size_t *err_pos)
{
	const struct gsm7_charset dflt = {0, 0};
	const uint8_t *p = (const uint8_t *)s;
	size_t pos = 0, n = 0;
	int rc;
	*replaced = false;
	while (pos < len) {
		size_t at = pos;
		uint32_t cp;
		uint8_t sep[2];
		if (utf8_decode(p, len, &pos, &cp) != SMS_OK) {
			*err_pos = at;
			return SMS_EUTF8;
		}
		unsigned k = gsm7_encode_char(cp, dflt, sep);
		if (k) {
			if ((rc = put_septets(sep, k, buf, cap, &n)) != SMS_OK)
				return rc;
			continue;
		}
		char rep[TRANSLIT_MAX];
		int rl = translit_char(cp, rep);
		if (rl < 0) {
			if (mode == TRANSLIT_STRICT) {
				*err_pos = at;
				return SMS_ECHARSET;
			}
			rep[0] = '?';
			rep[1] = '\0';
			rl = 1;
		}
		*replaced = true;
		size_t rn = 0;
		int r = gsm7_from_utf8(rep, (size_t)rl, dflt, buf + n, cap - n, &rn, NULL);
		if (r != SMS_OK)
			return r == SMS_ENOSPACE ? r : SMS_EINVAL; /* a replacement GSM lacks: table bug */
		n += rn;
	}
	*n_out = n;
	return SMS_OK;
}

static unsigned count_gsm7(uint8_t *buf, size_t n, struct gsm7_charset cs)
{
	struct sms_text t = {.charset = SMS_CS_GSM7, .nls = cs, .units = buf, .len = n};
	return sms_segment_count(&t, NULL);
}

/* The national table pair that carries the text in the fewest segments, or -1. */
static int best_nls(const char *s, size_t len, const struct sms_text_opts *o, uint8_t *buf,
		    size_t cap, struct gsm7_charset *best, unsigned *best_segs)
{
	int found = -1;
	size_t best_len = 0;
	for (unsigned lang = 1; lang < GSM7_LANG_COUNT; lang++) {
		if (!(o->nls_langs & (1u << lang)))
			continue;
		struct gsm7_charset cand[3] = {{0, (uint8_t)lang}, {(uint8_t)lang, (uint8_t)lang},
					       {(uint8_t)lang, 0}};
		for (unsigned c = 0; c < 3; c++) {
			if (c > 0 && !o->nls_locking)
				break;
			if (!gsm7_has_locking(cand[c].locking) || !gsm7_has_single(cand[c].single))
				continue;
			size_t n;
			if (gsm7_from_utf8(s, len, cand[c], buf, cap, &n, NULL) != SMS_OK)
				continue;
			unsigned segs = count_gsm7(buf, n, cand[c]);
			if (found < 0 || segs < *best_segs || (segs == *best_segs && n < best_len)) {
				found = 1;
				*best = cand[c];
				*best_segs = segs;
				best_len = n;
			}
		}
	}
	return found;
}

int sms_text_encode(const char *utf8, size_t len, const struct sms_text_opts *opts, uint8_t *buf,
		    size_t cap, struct sms_text *out, size_t *err_pos)
{
	const struct sms_text_opts none = {0};
	const struct sms_text_opts *o = opts ? opts : &none;
	size_t n = 0, bad = 0;
	int rc;

	if (!utf8 && len)
		return SMS_EINVAL;
	out->transliterated = false;
	out->nls = (struct gsm7_charset){0, 0};
	out->units = buf;
	out->len = 0;

	switch (o->coding) {
	case SMS_CODING_UCS2:
		out->charset = SMS_CS_UCS2;
		rc = ucs2_from_utf8(utf8, len, buf, cap, &out->len, &bad);
		goto done;
	case SMS_CODING_LATIN1:
		out->charset = SMS_CS_LATIN1;
		rc = latin1_from_utf8(utf8, len, buf, cap, &out->len, &bad);
		goto done;
	case SMS_CODING_AUTO:
	case SMS_CODING_GSM7:
		break;
	default:
		return SMS_EINVAL;
	}

	/* 1. the default alphabet */
	out->charset = SMS_CS_GSM7;
	rc = gsm7_from_utf8(utf8, len, out->nls, buf, cap, &out->len, &bad);
	if (rc != SMS_ECHARSET)
		goto done;
	size_t first_bad = bad;

	/* 2. national language tables, if fewer segments than UCS-2 */
	struct gsm7_charset cs;
	unsigned nls_segs = 0;
	if (o->nls_langs && best_nls(utf8, len, o, buf, cap, &cs, &nls_segs) > 0) {
		unsigned ucs2_segs = ~0u;
		if (o->coding == SMS_CODING_AUTO &&
		    ucs2_from_utf8(utf8, len, buf, cap, &n, NULL) == SMS_OK) {
			struct sms_text u = {.charset = SMS_CS_UCS2, .units = buf, .len = n};
			ucs2_segs = sms_segment_count(&u, NULL);
		}
		if (nls_segs < ucs2_segs) {
			out->nls = cs;
			rc = gsm7_from_utf8(utf8, len, cs, buf, cap, &out->len, &bad);
			goto done;
		}
	}

	/* 3. transliteration */
	if (o->transliterate) {
		enum translit_mode mode = o->coding == SMS_CODING_AUTO ? TRANSLIT_STRICT : TRANSLIT_LOSSY;
		rc = gsm7_translit(utf8, len, mode, buf, cap, &out->len, &out->transliterated, &bad);
		if (rc != SMS_ECHARSET || o->coding == SMS_CODING_GSM7)
			goto done;
	}

	/* 4. UCS-2 */
	if (o->coding == SMS_CODING_GSM7) {
		bad = first_bad;
		rc = SMS_ECHARSET;
		goto done;
	}
	out->charset = SMS_CS_UCS2;
	out->transliterated = false;
	rc = ucs2_from_utf8(utf8, len, buf, cap, &out->len, &bad);
done:
	if (rc != SMS_OK && err_pos)
		*err_pos = bad;
	return rc;
}

void sms_text_binary(const uint8_t *data, size_t len, struct sms_text *out)
{
	out->charset = SMS_CS_8BIT;
	out->nls = (struct gsm7_charset){0, 0};
	out->transliterated = false;
	out->units = data;
	out->len = len;
}

int sms_text_to_utf8(const struct sms_text *t, char *out, size_t cap, size_t *out_len)
{
	switch (t->charset) {
	case SMS_CS_GSM7:
		return gsm7_to_utf8(t->units, t->len, t->nls, out, cap, out_len);
	case SMS_CS_UCS2:
		return ucs2_to_utf8(t->units, t->len, out, cap, out_len);
	case SMS_CS_LATIN1:
		return latin1_to_utf8(t->units, t->len, out, cap, out_len);
	case SMS_CS_ASCII:
		for (size_t i = 0; i < t->len; i++)
			if (t->units[i] > 0x7F)
				return SMS_EBADCODE;
		return latin1_to_utf8(t->units, t->len, out, cap, out_len);
	default:
		return SMS_EUNSUPPORTED;
	}
}
