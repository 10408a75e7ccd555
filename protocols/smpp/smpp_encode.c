/*
 * smpp_encode.c - the encoder (see smpp_pdu.h).
 *
 * Writes through a wire_writer bounded by the caller's capacity; the body
 * encoders are generated from smpp_pdu.def. Every field is checked against
 * its maximum, so what we send always decodes. Must not allocate, log or
 * keep state.
 */
#include <string.h>

#include "smpp_pdu.h"
#include "wire.h"

/* A C-octet string from a char[max] that must hold its NUL within max. */
static int smpp_put_cstr(struct wire_writer *w, const char *s, size_t max)
{
	size_t n = strnlen(s, max);
	if (n == max)
		return SMPP_ETOOLONG;
	wire_put_bytes(w, s, n + 1);
	return SMPP_OK;
}

static int smpp_put_sm(struct wire_writer *w, uint8_t len, const uint8_t *data)
{
	if (len > SMPP_MAX_SM_LEN)
		return SMPP_ETOOLONG;
	if (len > 0 && !data)
		return SMPP_EINVAL;
	wire_put_u8(w, len);
	wire_put_bytes(w, data, len);
	return SMPP_OK;
}

static int smpp_put_dests(struct wire_writer *w, uint8_t count, const struct smpp_dest_address *list)
{
	if (count > SMPP_MAX_DESTS)
		return SMPP_ETOOLONG;
	wire_put_u8(w, count);
	for (unsigned i = 0; i < count; i++) {
		const struct smpp_dest_address *d = &list[i];
		int rc;
		wire_put_u8(w, d->dest_flag);
		if (d->dest_flag == SMPP_DEST_SME_ADDRESS) {
			wire_put_u8(w, d->dest_addr_ton);
			wire_put_u8(w, d->dest_addr_npi);
			rc = smpp_put_cstr(w, d->destination_addr, sizeof d->destination_addr);
		} else if (d->dest_flag == SMPP_DEST_DL_NAME) {
			rc = smpp_put_cstr(w, d->dl_name, sizeof d->dl_name);
		} else {
			rc = SMPP_EINVAL;
		}
		if (rc)
			return rc;
	}
	return SMPP_OK;
}

static int smpp_put_unsucc(struct wire_writer *w, uint8_t count, const struct smpp_unsuccess_sme *list)
{
	if (count > SMPP_MAX_DESTS)
		return SMPP_ETOOLONG;
	wire_put_u8(w, count);
	for (unsigned i = 0; i < count; i++) {
		const struct smpp_unsuccess_sme *u = &list[i];
		wire_put_u8(w, u->dest_addr_ton);
		wire_put_u8(w, u->dest_addr_npi);
		int rc = smpp_put_cstr(w, u->destination_addr, sizeof u->destination_addr);
		if (rc)
			return rc;
		wire_put_u32be(w, u->error_status_code);
	}
	return SMPP_OK;
}

#define SMPP_BODY(name, fields)                                                          \
	static int smpp_enc_##name(struct wire_writer *w, const struct smpp_##name *b, \
				   int *sm_len)                                                  \
	{                                                                                \
		int rc = SMPP_OK;                                                        \
		(void)sm_len;                                                            \
		fields return rc;                                                        \
	}
#define SMPP_PDU(UP, name, id, body, opts)
#define SMPP_PDU0(UP, name, id)
#define SMPP_U8(n) wire_put_u8(w, b->n);
#define SMPP_CSTR(n, max, st)                                 \
	if ((rc = smpp_put_cstr(w, b->n, sizeof b->n)) != 0) \
		return rc;
#define SMPP_SM(ln, dn)                                    \
	if ((rc = smpp_put_sm(w, b->ln, b->dn)) != 0) \
		return rc;                                 \
	*sm_len = b->ln;
#define SMPP_DESTS(cn, ln)                                    \
	if ((rc = smpp_put_dests(w, b->cn, b->ln)) != 0) \
		return rc;
#define SMPP_UNSUCC(cn, ln)                                    \
	if ((rc = smpp_put_unsucc(w, b->cn, b->ln)) != 0) \
		return rc;
#define SMPP_OPT(t)
#include "smpp_pdu.def"

static int smpp_enc_body(struct wire_writer *w, const struct smpp_pdu *p, int *sm_len)
{
	switch (p->hdr.command_id) {
#define SMPP_BODY(name, fields)
#define SMPP_PDU(UP, name, id, body, opts) \
	case id:                            \
		return smpp_enc_##body(w, &p->body, sm_len);
#define SMPP_PDU0(UP, name, id) \
	case id:                \
		return SMPP_OK;
#define SMPP_U8(n)
#define SMPP_CSTR(n, max, st)
#define SMPP_SM(ln, dn)
#define SMPP_DESTS(cn, ln)
#define SMPP_UNSUCC(cn, ln)
#define SMPP_OPT(t)
#include "smpp_pdu.def"
	default:
		return SMPP_EINVAL;
	}
}

static int smpp_enc_tlvs(struct wire_writer *w, const struct smpp_tlv_list *l)
{
	if (l->count > SMPP_MAX_TLVS)
		return SMPP_EINVAL;
	for (size_t i = 0; i < l->count; i++) {
		const struct smpp_tlv *t = &l->items[i];
		const uint8_t *v = smpp_tlv_value(t);
		if (t->value == NULL && t->len > sizeof t->inl)
			return SMPP_EINVAL;
		if (smpp_tlv_check(t->tag, v, t->len) != SMPP_ESME_ROK)
			return SMPP_ETOOLONG;
		wire_put_u16be(w, t->tag);
		wire_put_u16be(w, t->len);
		wire_put_bytes(w, v, t->len);
	}
	return SMPP_OK;
}

int smpp_encode(const struct smpp_pdu *pdu, uint8_t *buf, size_t cap, size_t *len)
{
	struct wire_writer w;
	const struct smpp_header *h = &pdu->hdr;

	*len = 0;
	wire_writer_init(&w, buf, cap);
	wire_put_u32be(&w, 0); /* command_length, patched below */
	wire_put_u32be(&w, h->command_id);
	wire_put_u32be(&w, h->command_status);
	wire_put_u32be(&w, h->sequence_number);
	int sm_len = -1;
	int rc = smpp_enc_body(&w, pdu, &sm_len);
	if (rc == SMPP_OK)
		rc = smpp_enc_tlvs(&w, &pdu->tlvs);
	if (rc == SMPP_OK && smpp_tlv_rules(&pdu->tlvs, sm_len, NULL) != SMPP_ESME_ROK)
		rc = SMPP_EINVAL;
	if (rc != SMPP_OK)
		return rc;
	if (w.err == WIRE_OK && w.pos > UINT32_MAX)
		return SMPP_ETOOLONG;
	if (w.err == WIRE_OK)
		wire_patch_u32be(&w, 0, (uint32_t)w.pos);
	if (w.err != WIRE_OK)
		return w.err == WIRE_ENOSPACE ? SMPP_ENOSPACE : SMPP_ETOOLONG;
	*len = w.pos;
	return SMPP_OK;
}
