/* udh.c - user data header parse/build (see udh.h). */
#include "udh.h"

#include <string.h>

#include "sms_err.h"
#include "wire.h"

static void decode_ie(struct udh_fields *f, uint8_t iei, const uint8_t *d, uint8_t len)
{
	switch (iei) {
	case UDH_IEI_CONCAT8:
		if (len == 3 && d[1] != 0 && d[2] != 0 && d[2] <= d[1]) {
			f->concat = 8;
			f->ref = d[0];
			f->total = d[1];
			f->seq = d[2];
		}
		break;
	case UDH_IEI_CONCAT16:
		if (len == 4 && d[2] != 0 && d[3] != 0 && d[3] <= d[2]) {
			f->concat = 16;
			f->ref = (uint16_t)(d[0] << 8 | d[1]);
			f->total = d[2];
			f->seq = d[3];
		}
		break;
	case UDH_IEI_PORTS8:
		if (len == 2) {
			f->ports = 8;
			f->dst_port = d[0];
			f->src_port = d[1];
		}
		break;
	case UDH_IEI_PORTS16:
		if (len == 4) {
			f->ports = 16;
			f->dst_port = (uint16_t)(d[0] << 8 | d[1]);
			f->src_port = (uint16_t)(d[2] << 8 | d[3]);
		}
		break;
	case UDH_IEI_SINGLE_SHIFT:
		if (len == 1) {
			f->has_single_shift = true;
			f->single_shift = d[0];
		}
		break;
	case UDH_IEI_LOCKING_SHIFT:
		if (len == 1) {
			f->has_locking_shift = true;
			f->locking_shift = d[0];
		}
		break;
	default:
		break;
	}
}

int udh_parse(const uint8_t *ud, size_t ud_len, struct udh *out, size_t *udh_octets)
{
	struct wire_reader r;
	uint8_t udhl;
	const uint8_t *ies;

	memset(&out->f, 0, sizeof out->f);
	out->raw_len = 0;
	out->n_ies = 0;
	wire_reader_init(&r, ud, ud_len);
	if (wire_get_u8(&r, &udhl) != WIRE_OK || wire_get_bytes(&r, udhl, &ies) != WIRE_OK)
		return SMS_ESHORT;
	if (udhl >= UDH_MAX_OCTETS)
		return SMS_EBADLEN;
	memcpy(out->raw, ies, udhl);
	out->raw_len = udhl;

	struct wire_reader ie;
	wire_reader_init(&ie, out->raw, udhl);
	while (wire_remaining(&ie) > 0) {
		uint8_t iei, len;
		const uint8_t *data;
		if (wire_get_u8(&ie, &iei) != WIRE_OK || wire_get_u8(&ie, &len) != WIRE_OK ||
		    wire_get_bytes(&ie, len, &data) != WIRE_OK)
			return SMS_EBADLEN;
		if (out->n_ies >= UDH_MAX_IES)
			return SMS_EBADLEN; /* cannot happen within 139 octets; kept as a guard */
		struct udh_ie *e = &out->ies[out->n_ies++];
		e->iei = iei;
		e->len = len;
		e->off = (uint8_t)(data - out->raw);
		decode_ie(&out->f, iei, data, len);
	}
	*udh_octets = (size_t)udhl + 1;
	return SMS_OK;
}

size_t udh_len(const struct udh_fields *f, size_t extra_len)
{
	size_t n = extra_len;
	if (f->concat == 8)
		n += 5;
	else if (f->concat == 16)
		n += 6;
	if (f->ports == 8)
		n += 4;
	else if (f->ports == 16)
		n += 6;
	if (f->has_single_shift)
		n += 3;
	if (f->has_locking_shift)
		n += 3;
	return n ? n + 1 : 0;
}

int udh_build(const struct udh_fields *f, const uint8_t *extra, size_t extra_len, uint8_t *out,
	      size_t cap, size_t *out_len)
{
	if ((f->concat != 0 && f->concat != 8 && f->concat != 16) ||
	    (f->ports != 0 && f->ports != 8 && f->ports != 16))
		return SMS_EINVAL;
	if (f->concat && (f->total == 0 || f->seq == 0 || f->seq > f->total ||
			  (f->concat == 8 && f->ref > 0xFF)))
		return SMS_EINVAL;
	if (f->ports == 8 && (f->dst_port > 0xFF || f->src_port > 0xFF))
		return SMS_EINVAL;
	size_t n = udh_len(f, extra_len);
	*out_len = 0;
	if (n == 0)
		return SMS_OK;
	if (n > UDH_MAX_OCTETS)
		return SMS_ENOSPACE;

	struct wire_writer w;
	wire_writer_init(&w, out, cap);
	wire_put_u8(&w, (uint8_t)(n - 1));
	if (f->concat == 8) {
		const uint8_t ie[] = {UDH_IEI_CONCAT8, 3, (uint8_t)f->ref, f->total, f->seq};
		wire_put_bytes(&w, ie, sizeof ie);
	} else if (f->concat == 16) {
		const uint8_t ie[] = {UDH_IEI_CONCAT16, 4, (uint8_t)(f->ref >> 8), (uint8_t)f->ref,
				      f->total, f->seq};
		wire_put_bytes(&w, ie, sizeof ie);
	}
	if (f->ports == 8) {
		const uint8_t ie[] = {UDH_IEI_PORTS8, 2, (uint8_t)f->dst_port, (uint8_t)f->src_port};
		wire_put_bytes(&w, ie, sizeof ie);
	} else if (f->ports == 16) {
		wire_put_u8(&w, UDH_IEI_PORTS16);
		wire_put_u8(&w, 4);
		wire_put_u16be(&w, f->dst_port);
		wire_put_u16be(&w, f->src_port);
	}
	if (f->has_single_shift) {
		const uint8_t ie[] = {UDH_IEI_SINGLE_SHIFT, 1, f->single_shift};
		wire_put_bytes(&w, ie, sizeof ie);
	}
	if (f->has_locking_shift) {
		const uint8_t ie[] = {UDH_IEI_LOCKING_SHIFT, 1, f->locking_shift};
		wire_put_bytes(&w, ie, sizeof ie);
	}
	wire_put_bytes(&w, extra, extra_len);
	if (w.err)
		return SMS_ENOSPACE;
	*out_len = w.pos;
	return SMS_OK;
}
