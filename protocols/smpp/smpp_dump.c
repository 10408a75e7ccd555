/*
 * smpp_dump.c - PDU to one-line text, generated from smpp_pdu.def (see
 * smpp_dump.h). For trace logs only: formats into the caller's buffer,
 * never allocates or logs, masks the password.
 */
#include "smpp_dump.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct smpp_out {
	char *buf;
	size_t cap;
	size_t pos;
	int full;
};

static void smpp_out_ch(struct smpp_out *o, char c)
{
	if (o->full)
		return;
	if (o->pos + 1 >= o->cap) { /* keep room for the NUL */
		o->full = 1;
		return;
	}
	o->buf[o->pos++] = c;
}

static void smpp_out_str(struct smpp_out *o, const char *s)
{
	while (*s)
		smpp_out_ch(o, *s++);
}

static void smpp_out_fmt(struct smpp_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void smpp_out_fmt(struct smpp_out *o, const char *fmt, ...)
{
	char tmp[64];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	smpp_out_str(o, tmp);
}

static void smpp_out_hex(struct smpp_out *o, const uint8_t *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n && !o->full; i++) {
		smpp_out_ch(o, digits[p[i] >> 4]);
		smpp_out_ch(o, digits[p[i] & 15]);
	}
}

/* A quoted string of at most max bytes (the array may lack its NUL). */
static void smpp_out_quoted(struct smpp_out *o, const char *s, size_t max)
{
	size_t n = strnlen(s, max);
	smpp_out_ch(o, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			smpp_out_ch(o, '\\');
			smpp_out_ch(o, (char)c);
		} else if (c < 0x20 || c > 0x7e) {
			smpp_out_fmt(o, "\\x%02x", c);
		} else {
			smpp_out_ch(o, (char)c);
		}
	}
	smpp_out_ch(o, '"');
}

static void smpp_out_cstr(struct smpp_out *o, const char *name, const char *s, size_t max)
{
	smpp_out_fmt(o, " %s=", name);
	if (strcmp(name, "password") == 0)
		smpp_out_str(o, "***");
	else
		smpp_out_quoted(o, s, max);
}

static void smpp_out_dests(struct smpp_out *o, uint8_t count, const struct smpp_dest_address *list)
{
	smpp_out_fmt(o, " number_of_dests=%u", count);
	for (unsigned i = 0; i < count && i < SMPP_MAX_DESTS; i++) {
		const struct smpp_dest_address *d = &list[i];
		if (d->dest_flag == SMPP_DEST_DL_NAME) {
			smpp_out_fmt(o, " dest[%u].dl_name=", i);
			smpp_out_quoted(o, d->dl_name, sizeof d->dl_name);
		} else {
			smpp_out_fmt(o, " dest[%u]=%u/%u/", i, d->dest_addr_ton, d->dest_addr_npi);
			smpp_out_quoted(o, d->destination_addr, sizeof d->destination_addr);
		}
	}
}

static void smpp_out_unsucc(struct smpp_out *o, uint8_t count, const struct smpp_unsuccess_sme *list)
{
	smpp_out_fmt(o, " no_unsuccess=%u", count);
	for (unsigned i = 0; i < count && i < SMPP_MAX_DESTS; i++) {
		const struct smpp_unsuccess_sme *u = &list[i];
		smpp_out_fmt(o, " unsuccess[%u]=%u/%u/", i, u->dest_addr_ton, u->dest_addr_npi);
		smpp_out_quoted(o, u->destination_addr, sizeof u->destination_addr);
		smpp_out_fmt(o, ":0x%08x", (unsigned)u->error_status_code);
	}
}

#define SMPP_BODY(name, fields)                                                              \
	static void smpp_dump_##name(struct smpp_out *o, const struct smpp_##name *b) \
	{                                                                                    \
		fields                                                                       \
	}
#define SMPP_PDU(UP, name, id, body, opts)
#define SMPP_PDU0(UP, name, id)
#define SMPP_U8(n) smpp_out_fmt(o, " " #n "=%u", b->n);
#define SMPP_CSTR(n, max, st) smpp_out_cstr(o, #n, b->n, sizeof b->n);
#define SMPP_SM(ln, dn)                               \
	smpp_out_fmt(o, " " #ln "=%u " #dn "=", b->ln); \
	if (b->dn)                                    \
		smpp_out_hex(o, b->dn, b->ln);
#define SMPP_DESTS(cn, ln) smpp_out_dests(o, b->cn, b->ln);
#define SMPP_UNSUCC(cn, ln) smpp_out_unsucc(o, b->cn, b->ln);
#define SMPP_OPT(t)
#include "smpp_pdu.def"

static void smpp_dump_body(struct smpp_out *o, const struct smpp_pdu *p)
{
	switch (p->hdr.command_id) {
#define SMPP_BODY(name, fields)
#define SMPP_PDU(UP, name, id, body, opts) \
	case id:                            \
		smpp_dump_##body(o, &p->body); \
		break;
#define SMPP_PDU0(UP, name, id) \
	case id:                \
		break;
#define SMPP_U8(n)
#define SMPP_CSTR(n, max, st)
#define SMPP_SM(ln, dn)
#define SMPP_DESTS(cn, ln)
#define SMPP_UNSUCC(cn, ln)
#define SMPP_OPT(t)
#include "smpp_pdu.def"
	default:
		break;
	}
}

static void smpp_dump_tlv(struct smpp_out *o, const struct smpp_tlv *t)
{
	const struct smpp_tlv_info *info = smpp_tlv_info(t->tag);
	const uint8_t *v = smpp_tlv_value(t);
	if (info)
		smpp_out_fmt(o, " tlv.%s=", info->name);
	else
		smpp_out_fmt(o, " tlv.0x%04x=", t->tag);
	if (info && info->kind == SMPP_TLV_KIND_INT && t->len == info->min_len) {
		uint32_t x = 0;
		for (size_t i = 0; i < t->len; i++)
			x = (x << 8) | v[i];
		smpp_out_fmt(o, "%u", (unsigned)x);
	} else if (info && info->kind == SMPP_TLV_KIND_CSTR && t->len > 0) {
		smpp_out_quoted(o, (const char *)v, t->len);
	} else {
		smpp_out_hex(o, v, t->len);
	}
}

int smpp_dump(const struct smpp_pdu *pdu, char *buf, size_t cap)
{
	struct smpp_out o = {buf, cap, 0, 0};
	const char *name = smpp_command_name(pdu->hdr.command_id);
	if (cap == 0)
		return SMPP_ENOSPACE;
	if (name)
		smpp_out_str(&o, name);
	else
		smpp_out_fmt(&o, "command_id=0x%08x", (unsigned)pdu->hdr.command_id);
	const char *status = smpp_status_name(pdu->hdr.command_status);
	smpp_out_fmt(&o, " seq=%u status=%s", (unsigned)pdu->hdr.sequence_number, status);
	if (strncmp(status, "ESME_", 5) != 0)
		smpp_out_fmt(&o, "(0x%08x)", (unsigned)pdu->hdr.command_status);
	smpp_dump_body(&o, pdu);
	for (size_t i = 0; i < pdu->tlvs.count && i < SMPP_MAX_TLVS; i++)
		smpp_dump_tlv(&o, &pdu->tlvs.items[i]);
	if (o.full) /* mark the cut over the last characters written */
		for (size_t i = o.pos >= 3 ? o.pos - 3 : 0; i < o.pos; i++)
			o.buf[i] = '.';
	o.buf[o.pos] = '\0';
	return o.full ? SMPP_ENOSPACE : SMPP_OK;
}

int smpp_hex(const uint8_t *p, size_t n, char *dst, size_t cap)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;
	if (cap == 0)
		return SMPP_ENOSPACE;
	for (i = 0; i < n && 2 * i + 2 < cap; i++) {
		dst[2 * i] = digits[p[i] >> 4];
		dst[2 * i + 1] = digits[p[i] & 15];
	}
	dst[2 * i] = '\0';
	return i == n ? SMPP_OK : SMPP_ENOSPACE;
}
