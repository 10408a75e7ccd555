/*
 * tpdu.c - SMS-SUBMIT encoding and SMS-DELIVER / SMS-STATUS-REPORT /
 * SMS-SUBMIT decoding (see tpdu.h). Fields in 23.040 9.2.2 order.
 */
#include "tpdu.h"

#include <string.h>

#include "gsm7_pack.h"
#include "sms_err.h"
#include "wire.h"

#define MAX_UD 140
#define MAX_SEPTETS 160

/* Octets that a TP-UDL of udl covers under this DCS. */
static size_t ud_octets(uint8_t udl, const struct dcs_info *d)
{
	if (d->charset == SMS_CS_GSM7 && !d->compressed)
		return gsm7_packed_len(udl, 0);
	return udl;
}

int tpdu_submit_encode(const struct tpdu_submit *s, uint8_t *out, size_t cap, size_t *len,
		       size_t *tpdu_len)
{
	struct dcs_info d;
	struct wire_writer w;
	int rc;

	dcs_decode(s->dcs, &d);
	if (s->ud_len > MAX_UD || (s->ud_len && !s->ud) || (unsigned)s->vpf > 3 ||
	    ud_octets(s->udl, &d) != s->ud_len ||
	    (d.charset == SMS_CS_GSM7 && !d.compressed && s->udl > MAX_SEPTETS))
		return SMS_EINVAL;
	wire_writer_init(&w, out, cap);
	if ((rc = tpdu_sca_write(&w, &s->sca)) != SMS_OK)
		return rc;
	size_t start = w.pos;
	uint8_t first = 0x01; /* MTI 01 */
	if (s->reject_duplicates)
		first |= 0x04;
	first |= (uint8_t)(s->vpf << 3);
	if (s->srr)
		first |= 0x20;
	if (s->udhi)
		first |= 0x40;
	if (s->reply_path)
		first |= 0x80;
	wire_put_u8(&w, first);
	wire_put_u8(&w, s->mr);
	if ((rc = tpdu_addr_write(&w, &s->da)) != SMS_OK)
		return rc;
	wire_put_u8(&w, s->pid);
	wire_put_u8(&w, s->dcs);
	switch (s->vpf) {
	case TPDU_VPF_RELATIVE:
		wire_put_u8(&w, s->vp_relative);
		break;
	case TPDU_VPF_ABSOLUTE:
		if ((rc = tpdu_time_write(&w, &s->vp_absolute)) != SMS_OK)
			return rc;
		break;
	case TPDU_VPF_ENHANCED:
		wire_put_bytes(&w, s->vp_enhanced, sizeof s->vp_enhanced);
		break;
	default:
		break;
	}
	wire_put_u8(&w, s->udl);
	wire_put_bytes(&w, s->ud, s->ud_len);
	if (w.err)
		return SMS_ENOSPACE;
	*len = w.pos;
	*tpdu_len = w.pos - start;
	return SMS_OK;
}

enum tpdu_status tpdu_status_class(uint8_t st)
{
	if (st <= 0x1F)
		return TPDU_ST_DELIVERED;
	if (st <= 0x3F)
		return TPDU_ST_PENDING;
	return TPDU_ST_FAILED;
}

/* TP-UDL and TP-UD at the reader, checked against the DCS. */
static int read_ud(struct wire_reader *r, struct tpdu *t)
{
	if (wire_get_u8(r, &t->udl) != WIRE_OK)
		return SMS_ESHORT;
	bool septets = t->dcs_info.charset == SMS_CS_GSM7 && !t->dcs_info.compressed;
	if ((septets && t->udl > MAX_SEPTETS) || (!septets && t->udl > MAX_UD))
		return SMS_EBADLEN;
	size_t n = ud_octets(t->udl, &t->dcs_info);
	if (wire_remaining(r) < n)
		return SMS_EBADLEN;
	t->ud_len = n;
	return wire_get_bytes(r, n, &t->ud) == WIRE_OK ? SMS_OK : SMS_ESHORT;
}

static int need(int wire_rc)
{
	return wire_rc == WIRE_OK ? SMS_OK : SMS_ESHORT;
}

static int decode_deliver(struct wire_reader *r, uint8_t first, struct tpdu *t)
{
	int rc;
	t->more_messages = !(first & 0x04);
	t->loop_prevention = (first & 0x08) != 0;
	t->sri = (first & 0x20) != 0;
	if ((rc = tpdu_addr_read(r, &t->addr)) != SMS_OK)
		return rc;
	if ((rc = need(wire_get_u8(r, &t->pid))) != SMS_OK ||
	    (rc = need(wire_get_u8(r, &t->dcs))) != SMS_OK)
		return rc;
	dcs_decode(t->dcs, &t->dcs_info);
	if ((rc = tpdu_time_read(r, &t->scts)) != SMS_OK)
		return rc;
	return read_ud(r, t);
}

static int decode_submit(struct wire_reader *r, uint8_t first, struct tpdu *t)
{
	int rc;
	t->reject_duplicates = (first & 0x04) != 0;
	t->vpf = (enum tpdu_vpf)((first >> 3) & 3);
	t->srr = (first & 0x20) != 0;
	if ((rc = need(wire_get_u8(r, &t->mr))) != SMS_OK)
		return rc;
	if ((rc = tpdu_addr_read(r, &t->addr)) != SMS_OK)
		return rc;
	if ((rc = need(wire_get_u8(r, &t->pid))) != SMS_OK ||
	    (rc = need(wire_get_u8(r, &t->dcs))) != SMS_OK)
		return rc;
	dcs_decode(t->dcs, &t->dcs_info);
	size_t vpn = t->vpf == TPDU_VPF_NONE ? 0 : t->vpf == TPDU_VPF_RELATIVE ? 1 : 7;
	const uint8_t *vp;
	if ((rc = need(wire_get_bytes(r, vpn, &vp))) != SMS_OK)
		return rc;
	if (vpn)
		memcpy(t->vp, vp, vpn);
	return read_ud(r, t);
}

static int decode_status_report(struct wire_reader *r, uint8_t first, struct tpdu *t)
{
	int rc;
	uint8_t pi;
	t->more_messages = !(first & 0x04);
	t->loop_prevention = (first & 0x08) != 0;
	t->srq = (first & 0x20) != 0;
	if ((rc = need(wire_get_u8(r, &t->mr))) != SMS_OK)
		return rc;
	if ((rc = tpdu_addr_read(r, &t->addr)) != SMS_OK)
		return rc;
	if ((rc = tpdu_time_read(r, &t->scts)) != SMS_OK || (rc = tpdu_time_read(r, &t->dt)) != SMS_OK)
		return rc;
	if ((rc = need(wire_get_u8(r, &t->st))) != SMS_OK)
		return rc;
	t->status = tpdu_status_class(t->st);
	dcs_decode(0, &t->dcs_info);
	/* TP-PI and what it announces are optional (23.040 9.2.2.3) */
	if (wire_get_u8(r, &pi) != WIRE_OK)
		return SMS_OK;
	if (pi & 0x01 && (rc = need(wire_get_u8(r, &t->pid))) != SMS_OK)
		return rc;
	if (pi & 0x02) {
		if ((rc = need(wire_get_u8(r, &t->dcs))) != SMS_OK)
			return rc;
		dcs_decode(t->dcs, &t->dcs_info);
	}
	if (pi & 0x04)
		return read_ud(r, t);
	return SMS_OK;
}

int tpdu_decode(const uint8_t *pdu, size_t len, struct tpdu *t)
{
	struct wire_reader r;
	uint8_t first;
	int rc;

	memset(t, 0, sizeof *t);
	wire_reader_init(&r, pdu, len);
	if ((rc = tpdu_sca_read(&r, &t->sca)) != SMS_OK)
		return rc;
	if (wire_get_u8(&r, &first) != WIRE_OK)
		return SMS_ESHORT;
	t->udhi = (first & 0x40) != 0;
	t->reply_path = (first & 0x80) != 0;
	switch (first & 3) {
	case 0:
		t->type = TPDU_DELIVER;
		rc = decode_deliver(&r, first, t);
		break;
	case 1:
		t->type = TPDU_SUBMIT;
		rc = decode_submit(&r, first, t);
		break;
	case 2:
		t->type = TPDU_STATUS_REPORT;
		t->reply_path = false;
		rc = decode_status_report(&r, first, t);
		break;
	default:
		rc = SMS_EUNSUPPORTED;
		break;
	}
	if (rc != SMS_OK)
		t->ud = NULL;
	return rc;
}
