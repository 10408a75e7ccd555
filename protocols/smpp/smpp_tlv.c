/*
 * smpp_tlv.c - the TLV table, length rules, lookups and builders
 * (see smpp_tlv.h). Const tables only; no allocation, no logging.
 */
#include "smpp_tlv.h"

#include <string.h>

#include "smpp_pdu.h"
#include "smpp_status.h"

/* private lower-case names, so the .def's SMPP_OPT(name) can refer to tags */
enum smpp_tlv_lc {
#define SMPP_TLV(UP, name, tag, kind, min, max) smpp_tlv_lc_##name = tag,
#include "smpp_tlv.def"
};

enum smpp_tlv_index {
#define SMPP_TLV(UP, name, tag, kind, min, max) SMPP_TLV_IDX_##UP,
#include "smpp_tlv.def"
	SMPP_TLV_IDX_COUNT
};

static const struct smpp_tlv_info smpp_tlv_table[SMPP_TLV_IDX_COUNT] = {
#define SMPP_TLV(UP, name, tag, kind, min, max) \
	[SMPP_TLV_IDX_##UP] = {tag, SMPP_TLV_KIND_##kind, min, max, #name},
#include "smpp_tlv.def"
};

const struct smpp_tlv_info *smpp_tlv_info(uint16_t tag)
{
	switch (tag) {
#define SMPP_TLV(UP, name, tag_, kind, min, max) \
	case tag_:                                 \
		return &smpp_tlv_table[SMPP_TLV_IDX_##UP];
#include "smpp_tlv.def"
	default:
		return NULL;
	}
}

const char *smpp_tlv_name(uint16_t tag)
{
	const struct smpp_tlv_info *i = smpp_tlv_info(tag);
	return i ? i->name : NULL;
}

uint32_t smpp_tlv_check(uint16_t tag, const uint8_t *value, size_t len)
{
	const struct smpp_tlv_info *i = smpp_tlv_info(tag);
	if (!i)
		return SMPP_ESME_ROK;
	if (len < i->min_len || len > i->max_len)
		return SMPP_ESME_RINVPARLEN;
	if (i->kind == SMPP_TLV_KIND_CSTR) {
		/* len >= 1 here: the CSTR rules all have min_len 1 */
		const uint8_t *nul = memchr(value, 0, len);
		if (nul != value + len - 1)
			return SMPP_ESME_RINVOPTPARAMVAL;
	}
	return SMPP_ESME_ROK;
}

bool smpp_tlv_allowed(uint32_t command_id, uint16_t tag)
{
	switch (command_id) {
#define SMPP_BODY(name, fields)
#define SMPP_PDU(UP, name, id, body, opts) \
	case id:                            \
		opts return false;
#define SMPP_PDU0(UP, name, id) \
	case id:                \
		return false;
#define SMPP_U8(n)
#define SMPP_CSTR(n, max, st)
#define SMPP_SM(ln, dn)
#define SMPP_DESTS(cn, ln)
#define SMPP_UNSUCC(cn, ln)
#define SMPP_OPT(t)                 \
	if (tag == smpp_tlv_lc_##t) \
		return true;
#include "smpp_pdu.def"
	default:
		return false;
	}
}

uint32_t smpp_tlv_rules(const struct smpp_tlv_list *l, int sm_length, const char **field)
{
	const char *f = "";
	uint32_t st = SMPP_ESME_ROK;
	int sar = !!smpp_tlv_find(l, SMPP_TLV_SAR_MSG_REF_NUM) +
		  !!smpp_tlv_find(l, SMPP_TLV_SAR_TOTAL_SEGMENTS) +
		  !!smpp_tlv_find(l, SMPP_TLV_SAR_SEGMENT_SEQNUM);
	if (sar != 0 && sar != 3) {
		st = SMPP_ESME_RMISSINGOPTPARAM;
		f = "sar_msg_ref_num";
	} else if (sm_length > 0 && smpp_tlv_find(l, SMPP_TLV_MESSAGE_PAYLOAD)) {
		st = SMPP_ESME_RINVOPTPARAMVAL;
		f = "message_payload";
	}
	if (field)
		*field = f;
	return st;
}

const uint8_t *smpp_tlv_value(const struct smpp_tlv *t)
{
	return t->value ? t->value : t->inl;
}

const struct smpp_tlv *smpp_tlv_find(const struct smpp_tlv_list *l, uint16_t tag)
{
	for (size_t i = 0; i < l->count; i++)
		if (l->items[i].tag == tag)
			return &l->items[i];
	return NULL;
}

static int smpp_tlv_get_int(const struct smpp_tlv_list *l, uint16_t tag, size_t size, uint32_t *v)
{
	const struct smpp_tlv *t = smpp_tlv_find(l, tag);
	if (!t)
		return SMPP_ENOTFOUND;
	if (t->len != size)
		return SMPP_EINVAL;
	const uint8_t *p = smpp_tlv_value(t);
	uint32_t x = 0;
	for (size_t i = 0; i < size; i++)
		x = (x << 8) | p[i];
	*v = x;
	return SMPP_OK;
}

int smpp_tlv_get_u8(const struct smpp_tlv_list *l, uint16_t tag, uint8_t *v)
{
	uint32_t x;
	int rc = smpp_tlv_get_int(l, tag, 1, &x);
	if (rc == SMPP_OK)
		*v = (uint8_t)x;
	return rc;
}

int smpp_tlv_get_u16(const struct smpp_tlv_list *l, uint16_t tag, uint16_t *v)
{
	uint32_t x;
	int rc = smpp_tlv_get_int(l, tag, 2, &x);
	if (rc == SMPP_OK)
		*v = (uint16_t)x;
	return rc;
}

int smpp_tlv_get_u32(const struct smpp_tlv_list *l, uint16_t tag, uint32_t *v)
{
	return smpp_tlv_get_int(l, tag, 4, v);
}

int smpp_tlv_get_cstring(const struct smpp_tlv_list *l, uint16_t tag, char *dst, size_t dst_size)
{
	if (dst_size > 0)
		dst[0] = '\0';
	const struct smpp_tlv *t = smpp_tlv_find(l, tag);
	if (!t)
		return SMPP_ENOTFOUND;
	const uint8_t *p = smpp_tlv_value(t);
	if (t->len == 0 || memchr(p, 0, t->len) != p + t->len - 1)
		return SMPP_EINVAL;
	if (t->len > dst_size)
		return SMPP_ENOSPACE;
	memcpy(dst, p, t->len);
	return SMPP_OK;
}

static struct smpp_tlv *smpp_tlv_push(struct smpp_tlv_list *l, uint16_t tag, size_t len)
{
	if (l->count >= SMPP_MAX_TLVS || len > UINT16_MAX)
		return NULL;
	struct smpp_tlv *t = &l->items[l->count++];
	t->tag = tag;
	t->len = (uint16_t)len;
	t->value = NULL;
	memset(t->inl, 0, sizeof t->inl);
	return t;
}

int smpp_tlv_add(struct smpp_tlv_list *l, uint16_t tag, const void *value, size_t len)
{
	if (len > UINT16_MAX)
		return SMPP_ETOOLONG;
	if (!value && len > 0)
		return SMPP_EINVAL;
	struct smpp_tlv *t = smpp_tlv_push(l, tag, len);
	if (!t)
		return SMPP_ENOSPACE;
	t->value = value;
	return SMPP_OK;
}

static int smpp_tlv_add_int(struct smpp_tlv_list *l, uint16_t tag, uint32_t v, size_t size)
{
	struct smpp_tlv *t = smpp_tlv_push(l, tag, size);
	if (!t)
		return SMPP_ENOSPACE;
	for (size_t i = 0; i < size; i++)
		t->inl[i] = (uint8_t)(v >> (8 * (size - 1 - i)));
	return SMPP_OK;
}

int smpp_tlv_add_u8(struct smpp_tlv_list *l, uint16_t tag, uint8_t v)
{
	return smpp_tlv_add_int(l, tag, v, 1);
}

int smpp_tlv_add_u16(struct smpp_tlv_list *l, uint16_t tag, uint16_t v)
{
	return smpp_tlv_add_int(l, tag, v, 2);
}

int smpp_tlv_add_u32(struct smpp_tlv_list *l, uint16_t tag, uint32_t v)
{
	return smpp_tlv_add_int(l, tag, v, 4);
}

int smpp_tlv_add_cstring(struct smpp_tlv_list *l, uint16_t tag, const char *s)
{
	if (!s)
		return SMPP_EINVAL;
	size_t n = strnlen(s, UINT16_MAX);
	if (n == UINT16_MAX)
		return SMPP_ETOOLONG;
	return smpp_tlv_add(l, tag, s, n + 1);
}
