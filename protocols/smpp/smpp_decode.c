/*
 * smpp_decode.c - frame check and decoder (see smpp_pdu.h).
 *
 * Every byte is read through a wire_reader bounded by the frame, so no input
 * can make it read past len. The per-body decoders are generated from
 * smpp_pdu.def. Must not allocate, log, keep state or abort: a bad PDU is a
 * return value carrying the command_status to answer with.
 */
#include <string.h>

#include "smpp_pdu.h"
#include "wire.h"

/* Record a failure in e; always returns SMPP_EDECODE for `return fail(...)`. */
static int smpp_fail(struct smpp_decode_err *e, uint32_t status, const char *field)
{
	e->status = status;
	e->field = field;
	return SMPP_EDECODE;
}

static int smpp_get_u8(struct wire_reader *r, uint8_t *v, const char *field, struct smpp_decode_err *e)
{
	if (wire_get_u8(r, v) != WIRE_OK)
		return smpp_fail(e, SMPP_ESME_RINVCMDLEN, field);
	return SMPP_OK;
}

/*
 * A C-octet string of at most max octets with its NUL. Over-long is the
 * field's own status; the body ending first means the body is shorter than
 * its mandatory part: ESME_RINVCMDLEN.
 */
static int smpp_get_cstr(struct wire_reader *r, char *dst, size_t max, uint32_t status,
			 const char *field, struct smpp_decode_err *e)
{
	int rc = wire_get_cstring(r, max, dst, max);
	if (rc == WIRE_ETOOLONG)
		return smpp_fail(e, status, field);
	if (rc != WIRE_OK)
		return smpp_fail(e, SMPP_ESME_RINVCMDLEN, field);
	return SMPP_OK;
}

static int smpp_get_sm(struct wire_reader *r, uint8_t *len, const uint8_t **data,
		       struct smpp_decode_err *e)
{
	if (wire_get_u8(r, len) != WIRE_OK)
		return smpp_fail(e, SMPP_ESME_RINVCMDLEN, "sm_length");
	if (*len > SMPP_MAX_SM_LEN)
		return smpp_fail(e, SMPP_ESME_RINVMSGLEN, "sm_length");
	if (wire_get_bytes(r, *len, data) != WIRE_OK)
		return smpp_fail(e, SMPP_ESME_RINVMSGLEN, "short_message");
	return SMPP_OK;
}

static int smpp_get_dests(struct wire_reader *r, uint8_t *count, struct smpp_dest_address *list,
			  struct smpp_decode_err *e)
{
	if (wire_get_u8(r, count) != WIRE_OK)
		return smpp_fail(e, SMPP_ESME_RINVCMDLEN, "number_of_dests");
	if (*count == 0 || *count > SMPP_MAX_DESTS)
		return smpp_fail(e, SMPP_ESME_RINVNUMDESTS, "number_of_dests");
	for (unsigned i = 0; i < *count; i++) {
		struct smpp_dest_address *d = &list[i];
		int rc = smpp_get_u8(r, &d->dest_flag, "dest_flag", e);
		if (rc)
			return rc;
		if (d->dest_flag == SMPP_DEST_SME_ADDRESS) {
			if ((rc = smpp_get_u8(r, &d->dest_addr_ton, "dest_addr_ton", e)) ||
			    (rc = smpp_get_u8(r, &d->dest_addr_npi, "dest_addr_npi", e)) ||
			    (rc = smpp_get_cstr(r, d->destination_addr, sizeof d->destination_addr,
						SMPP_ESME_RINVDSTADR, "destination_addr", e)))
				return rc;
		} else if (d->dest_flag == SMPP_DEST_DL_NAME) {
			d->dest_addr_ton = 0;
			d->dest_addr_npi = 0;
			if ((rc = smpp_get_cstr(r, d->dl_name, sizeof d->dl_name, SMPP_ESME_RINVDLNAME,
						"dl_name", e)))
				return rc;
		} else {
			return smpp_fail(e, SMPP_ESME_RINVDESTFLAG, "dest_flag");
		}
	}
	return SMPP_OK;
}

static int smpp_get_unsucc(struct wire_reader *r, uint8_t *count, struct smpp_unsuccess_sme *list,
			   struct smpp_decode_err *e)
{
	if (wire_get_u8(r, count) != WIRE_OK)
		return smpp_fail(e, SMPP_ESME_RINVCMDLEN, "no_unsuccess");
	if (*count > SMPP_MAX_DESTS)
		return smpp_fail(e, SMPP_ESME_RINVNUMDESTS, "no_unsuccess");
	for (unsigned i = 0; i < *count; i++) {
		struct smpp_unsuccess_sme *u = &list[i];
		int rc;
		if ((rc = smpp_get_u8(r, &u->dest_addr_ton, "dest_addr_ton", e)) ||
		    (rc = smpp_get_u8(r, &u->dest_addr_npi, "dest_addr_npi", e)) ||
		    (rc = smpp_get_cstr(r, u->destination_addr, sizeof u->destination_addr,
					SMPP_ESME_RINVDSTADR, "destination_addr", e)))
			return rc;
		if (wire_get_u32be(r, &u->error_status_code) != WIRE_OK)
			return smpp_fail(e, SMPP_ESME_RINVCMDLEN, "error_status_code");
	}
	return SMPP_OK;
}

/* The body decoders, one per SMPP_BODY: smpp_dec_bind(), smpp_dec_sm(), ... */
#define SMPP_BODY(name, fields)                                                          \
	static int smpp_dec_##name(struct wire_reader *r, struct smpp_##name *b, int *sm_len, \
				   struct smpp_decode_err *e)                            \
	{                                                                                \
		int rc = SMPP_OK;                                                        \
		(void)sm_len;                                                            \
		fields return rc;                                                        \
	}
#define SMPP_PDU(UP, name, id, body, opts)
#define SMPP_PDU0(UP, name, id)
#define SMPP_U8(n)                                    \
	if ((rc = smpp_get_u8(r, &b->n, #n, e)) != 0) \
		return rc;
#define SMPP_CSTR(n, max, st)                                            \
	if ((rc = smpp_get_cstr(r, b->n, sizeof b->n, st, #n, e)) != 0) \
		return rc;
#define SMPP_SM(ln, dn)                                         \
	if ((rc = smpp_get_sm(r, &b->ln, &b->dn, e)) != 0) \
		return rc;                                      \
	*sm_len = b->ln;
#define SMPP_DESTS(cn, ln)                                     \
	if ((rc = smpp_get_dests(r, &b->cn, b->ln, e)) != 0) \
		return rc;
#define SMPP_UNSUCC(cn, ln)                                     \
	if ((rc = smpp_get_unsucc(r, &b->cn, b->ln, e)) != 0) \
		return rc;
#define SMPP_OPT(t)
#include "smpp_pdu.def"

/*
 * The TLVs after the mandatory part, kept in wire order. A header or value
 * running past the frame, a repeated standard tag or too many TLVs break
 * the stream (ESME_RINVOPTPARSTREAM); a standard tag with the wrong length
 * is ESME_RINVPARLEN. Unknown tags are kept as they are.
 */
static int smpp_get_tlvs(struct wire_reader *r, struct smpp_tlv_list *l, struct smpp_decode_err *e)
{
	l->count = 0;
	while (wire_remaining(r) > 0) {
		uint16_t tag, len;
		const uint8_t *v;
		if (wire_get_u16be(r, &tag) != WIRE_OK || wire_get_u16be(r, &len) != WIRE_OK)
			return smpp_fail(e, SMPP_ESME_RINVOPTPARSTREAM, "tlv");
		const struct smpp_tlv_info *info = smpp_tlv_info(tag);
		const char *name = info ? info->name : "tlv";
		if (wire_get_bytes(r, len, &v) != WIRE_OK)
			return smpp_fail(e, SMPP_ESME_RINVOPTPARSTREAM, name);
		if (l->count == SMPP_MAX_TLVS)
			return smpp_fail(e, SMPP_ESME_RINVOPTPARSTREAM, "tlv");
		if (info) {
			if (smpp_tlv_find(l, tag))
				return smpp_fail(e, SMPP_ESME_RINVOPTPARSTREAM, name);
			uint32_t st = smpp_tlv_check(tag, v, len);
			if (st != SMPP_ESME_ROK)
				return smpp_fail(e, st, name);
		}
		struct smpp_tlv *t = &l->items[l->count++];
		t->tag = tag;
		t->len = len;
		t->value = v;
		memset(t->inl, 0, sizeof t->inl);
	}
	return SMPP_OK;
}

/*
 * The spec omits the body of a response whose command_status is not zero
 * (e.g. submit_sm_resp, bind_*_resp); such a 16-byte response is accepted
 * with its body left empty.
 */
static bool smpp_error_resp_without_body(const struct smpp_pdu *p, const struct wire_reader *r)
{
	return (p->hdr.command_id & SMPP_RESP_BIT) && p->hdr.command_status != SMPP_ESME_ROK &&
	       wire_remaining(r) == 0;
}

static int smpp_dec_body(struct wire_reader *r, struct smpp_pdu *p, int *sm_len, struct smpp_decode_err *e)
{
	switch (p->hdr.command_id) {
#define SMPP_BODY(name, fields)
#define SMPP_PDU(UP, name, id, body, opts)                  \
	case id:                                             \
		memset(&p->body, 0, sizeof p->body);         \
		if (smpp_error_resp_without_body(p, r))      \
			return SMPP_OK;                      \
		return smpp_dec_##body(r, &p->body, sm_len, e);
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
		return smpp_fail(e, SMPP_ESME_RINVCMDID, "command_id");
	}
}

static void smpp_err_init(struct smpp_decode_err *e)
{
	e->status = SMPP_ESME_ROK;
	e->command_id = 0;
	e->sequence_number = 0;
	e->answer_id = 0;
	e->fatal = false;
	e->field = "";
}

/* Fill what the header gives (up to 16 bytes of buf) into e. */
static void smpp_err_header(struct smpp_decode_err *e, const uint8_t *buf, size_t len)
{
	struct wire_reader r;
	uint32_t v;
	wire_reader_init(&r, buf, len);
	if (wire_skip(&r, 4) == WIRE_OK && wire_get_u32be(&r, &v) == WIRE_OK) {
		e->command_id = v;
		if (wire_skip(&r, 4) == WIRE_OK && wire_get_u32be(&r, &v) == WIRE_OK)
			e->sequence_number = v;
	}
}

static int smpp_frame_fail(struct smpp_decode_err *e, const uint8_t *buf, size_t len)
{
	smpp_err_header(e, buf, len);
	e->status = SMPP_ESME_RINVCMDLEN;
	e->answer_id = SMPP_CMD_GENERIC_NACK;
	e->fatal = true;
	e->field = "command_length";
	return SMPP_EFRAME;
}

int smpp_frame_check(const uint8_t *buf, size_t len, size_t max_len, size_t *pdu_len,
		     struct smpp_decode_err *err)
{
	struct smpp_decode_err scratch;
	struct smpp_decode_err *e = err ? err : &scratch;
	struct wire_reader r;
	uint32_t cl;

	smpp_err_init(e);
	*pdu_len = 0;
	wire_reader_init(&r, buf, len);
	if (wire_get_u32be(&r, &cl) != WIRE_OK)
		return SMPP_ENEEDMORE;
	if (cl < SMPP_HEADER_LEN || cl > max_len)
		return smpp_frame_fail(e, buf, len);
	*pdu_len = cl;
	if (len < cl)
		return SMPP_ENEEDMORE;
	return SMPP_OK;
}

int smpp_decode(const uint8_t *buf, size_t len, struct smpp_pdu *pdu, struct smpp_decode_err *err)
{
	struct wire_reader r;
	struct smpp_header *h = &pdu->hdr;
	int sm_len = -1;

	smpp_err_init(err);
	pdu->tlvs.count = 0;
	wire_reader_init(&r, buf, len);
	if (wire_get_u32be(&r, &h->command_length) != WIRE_OK ||
	    wire_get_u32be(&r, &h->command_id) != WIRE_OK ||
	    wire_get_u32be(&r, &h->command_status) != WIRE_OK ||
	    wire_get_u32be(&r, &h->sequence_number) != WIRE_OK || h->command_length != len)
		return smpp_frame_fail(err, buf, len);
	err->command_id = h->command_id;
	err->sequence_number = h->sequence_number;

	int rc = smpp_dec_body(&r, pdu, &sm_len, err);
	if (rc == SMPP_OK)
		rc = smpp_get_tlvs(&r, &pdu->tlvs, err);
	if (rc == SMPP_OK) {
		const char *field;
		uint32_t st = smpp_tlv_rules(&pdu->tlvs, sm_len, &field);
		if (st != SMPP_ESME_ROK)
			rc = smpp_fail(err, st, field);
	}
	if (rc == SMPP_OK)
		return SMPP_OK;
	if (err->status == SMPP_ESME_RINVCMDID)
		err->answer_id = SMPP_CMD_GENERIC_NACK;
	else if (!(h->command_id & SMPP_RESP_BIT))
		err->answer_id = smpp_response_id(h->command_id) ? smpp_response_id(h->command_id)
								 : SMPP_CMD_GENERIC_NACK;
	return SMPP_EDECODE;
}
