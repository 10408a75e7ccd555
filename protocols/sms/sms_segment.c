/*
 * sms_segment.c - cutting encoded text into segments and writing each
 * segment's user data (see sms_segment.h for capacities and the
 * truncation policy).
 */
#include "sms_segment.h"

#include <string.h>

#include "gsm7_pack.h"
#include "sms_err.h"
#include "ucs2.h"

/* Units of t->charset that fit in TP-UD after a header of udh octets. */
static size_t capacity(enum sms_charset cs, size_t udh)
{
	if (udh >= SMS_UD_MAX)
		return 0;
	switch (cs) {
	case SMS_CS_GSM7:
		return (SMS_UD_MAX * 8 - udh * 8) / 7;
	case SMS_CS_UCS2:
		return (SMS_UD_MAX - udh) / 2 * 2; /* octets, whole units */
	default:
		return SMS_UD_MAX - udh;
	}
}

/*
 * The end of a segment that starts at pos and may hold cap units, moved
 * back so it does not split an escape or surrogate pair.
 */
static size_t cut(const struct sms_text *t, size_t pos, size_t cap)
{
	size_t end = t->len - pos > cap ? pos + cap : t->len;
	if (end == t->len)
		return end;
	if (t->charset == SMS_CS_GSM7) {
		size_t i = pos;
		while (i < end)
			i += t->units[i] == GSM7_ESC ? 2 : 1;
		if (i > end)
			end--; /* the escape would be the segment's last septet */
	} else if (t->charset == SMS_CS_UCS2) {
		if (end - pos >= 2 && ucs2_is_high_surrogate(&t->units[end - 2]))
			end -= 2;
	}
	return end;
}

static void base_fields(const struct sms_text *t, const struct sms_segment_opts *o,
			struct udh_fields *f)
{
	memset(f, 0, sizeof *f);
	f->ports = o->ports;
	f->dst_port = o->dst_port;
	f->src_port = o->src_port;
	if (t->charset == SMS_CS_GSM7) {
		if (t->nls.single) {
			f->has_single_shift = true;
			f->single_shift = t->nls.single;
		}
		if (t->nls.locking) {
			f->has_locking_shift = true;
			f->locking_shift = t->nls.locking;
		}
	}
}

/*
 * Fills plan->start[] for up to SMS_MAX_SEGMENTS segments of at most cap
 * units each and returns how many segments the whole text takes.
 */
static unsigned split(const struct sms_text *t, size_t cap, struct sms_plan *p)
{
	unsigned n = 0;
	size_t pos = 0;
	p->start[0] = 0;
	while (pos < t->len) {
		size_t end = cut(t, pos, cap);
		if (end == pos)
			end = pos + 1; /* cannot happen with cap >= 2; guard against looping */
		n++;
		if (n <= SMS_MAX_SEGMENTS)
			p->start[n] = end;
		pos = end;
		if (n == ~0u)
			break;
	}
	return n;
}

static const struct sms_segment_opts default_opts = {.split = SMS_SPLIT_UDH8};

int sms_segment_plan(const struct sms_text *t, const struct sms_segment_opts *opts,
		     struct sms_plan *p)
{
	const struct sms_segment_opts *o = opts ? opts : &default_opts;
	unsigned max = o->max_segments ? o->max_segments : SMS_DEFAULT_MAX_SEGMENTS;
	if (max > SMS_MAX_SEGMENTS || o->split > SMS_SPLIT_PAYLOAD ||
	    (o->ports != 0 && o->ports != 8 && o->ports != 16) ||
	    (o->ports == 8 && (o->dst_port > 0xFF || o->src_port > 0xFF)) ||
	    (t->len && !t->units))
		return SMS_EINVAL;

	memset(p, 0, sizeof *p);
	p->split = o->split;
	p->charset = t->charset;
	base_fields(t, o, &p->udh);

	/* one segment without a concatenation header? */
	size_t u1 = udh_len(&p->udh, 0);
	size_t cap1 = capacity(t->charset, u1);
	if (cap1 < 2)
		return SMS_EINVAL;
	if (t->len <= cap1) {
		p->count = p->needed = 1;
		p->udh_octets = u1;
		p->capacity = cap1;
		p->start[1] = p->sent_units = t->len;
		return SMS_OK;
	}

	struct udh_fields multi = p->udh;
	multi.concat = o->split == SMS_SPLIT_UDH16 ? 16 : 8;
	multi.total = multi.seq = 1;
	size_t capm = capacity(t->charset, udh_len(&multi, 0));
	if (capm < 2)
		return SMS_EINVAL;
	p->needed = split(t, capm, p);

	unsigned count = p->needed;
	if (count > max) {
		if (o->overflow == SMS_OVERFLOW_REFUSE)
			return SMS_ETOOMANY;
		p->truncated = true;
		count = max;
		if (max == 1) {
			p->count = 1;
			p->udh_octets = u1;
			p->capacity = cap1;
			p->start[1] = p->sent_units = cut(t, 0, cap1);
			return SMS_OK;
		}
	}
	p->count = count;
	p->capacity = capm;
	p->sent_units = p->start[count];
	if (o->split == SMS_SPLIT_UDH8 || o->split == SMS_SPLIT_UDH16) {
		p->udh.concat = multi.concat;
		p->udh.ref = o->split == SMS_SPLIT_UDH8 ? (o->ref & 0xFF) : o->ref;
		p->udh.total = (uint8_t)count;
		p->udh.seq = 1;
	} else {
		p->udh.ref = o->ref; /* SAR / payload: reference for the TLVs, no IE */
		p->udh.total = (uint8_t)count;
	}
	p->udh_octets = udh_len(&p->udh, 0);
	if (o->split == SMS_SPLIT_PAYLOAD) {
		p->count = 1;
		p->start[1] = p->sent_units;
		p->capacity = p->sent_units;
	}
	return SMS_OK;
}

unsigned sms_segment_count(const struct sms_text *t, const struct sms_segment_opts *opts)
{
	struct sms_segment_opts o = opts ? *opts : default_opts;
	struct sms_plan p;
	if (o.split == SMS_SPLIT_PAYLOAD)
		o.split = SMS_SPLIT_UDH8;
	o.max_segments = SMS_MAX_SEGMENTS;
	o.overflow = SMS_OVERFLOW_TRUNCATE;
	if (sms_segment_plan(t, &o, &p) != SMS_OK)
		return 0;
	return p.needed;
}

int sms_segment_ud(const struct sms_text *t, const struct sms_plan *p, unsigned idx, bool packed,
		   uint8_t *out, size_t cap, struct sms_ud *ud)
{
	if (idx >= p->count || p->start[idx + 1] < p->start[idx] || p->start[idx + 1] > t->len)
		return SMS_EINVAL;
	struct udh_fields f = p->udh;
	if (f.concat)
		f.seq = (uint8_t)(idx + 1);
	size_t u;
	int rc = udh_build(&f, NULL, 0, out, cap, &u);
	if (rc != SMS_OK)
		return rc;
	const uint8_t *body = t->units + p->start[idx];
	size_t n = p->start[idx + 1] - p->start[idx];

	ud->udhi = u > 0;
	ud->seq = idx + 1;
	ud->total = p->count;
	ud->ref = p->udh.ref;
	if (t->charset == SMS_CS_GSM7 && packed) {
		unsigned fill = (unsigned)((7 - (u * 8) % 7) % 7);
		size_t blen;
		rc = gsm7_pack(body, n, fill, 0, out + u, cap - u, &blen, NULL);
		if (rc != SMS_OK)
			return rc;
		ud->len = u + blen;
		ud->udl = (u * 8 + fill) / 7 + n;
		return SMS_OK;
	}
	if (cap - u < n)
		return SMS_ENOSPACE;
	if (n)
		memcpy(out + u, body, n);
	ud->len = ud->udl = u + n;
	return SMS_OK;
}
