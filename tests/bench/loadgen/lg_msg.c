/*
 * lg_msg.c - submit_sm templates and the per-session mix (see lg_msg.h).
 * Destinations cycle through +44790000000..+44790099999 so rows differ.
 */
#include "lg_msg.h"

#include <stdio.h>
#include <string.h>

#include "smpp_pdu.h"

#define DST_PREFIX "447900"
#define DST_DIGITS 5

/* 64 GSM characters: a typical one-time-password text. */
static const char gsm7_text[] =
	"Your code is 493817. It expires in 10 minutes. Do not share it!";

/* 35 characters outside GSM 03.38 (Cyrillic and Greek), in UTF-16BE. */
static const uint16_t ucs2_text[] = {
	0x041f, 0x0440, 0x0438, 0x0432, 0x0435, 0x0442, 0x002c, 0x0020, 0x043a, 0x043e, 0x0434,
	0x003a, 0x0020, 0x0034, 0x0039, 0x0033, 0x0038, 0x0031, 0x0037, 0x002e, 0x0020, 0x039a,
	0x03b1, 0x03bb, 0x03b7, 0x03bc, 0x03ad, 0x03c1, 0x03b1, 0x0020, 0x03ba, 0x03cc, 0x03c3,
	0x03bc, 0x03b5,
};

/* Offset of the first needle in hay, or -1 (memmem is a GNU extension). */
static long find(const uint8_t *hay, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = 0; i + n <= len; i++)
		if (!memcmp(hay + i, needle, n))
			return (long)i;
	return -1;
}

static int build(struct lg_msg_tmpl *t, const uint8_t *sm, size_t sm_len, uint8_t esm_class,
		 uint8_t data_coding, bool regdlv)
{
	struct smpp_pdu pdu;
	memset(&pdu, 0, sizeof pdu);
	pdu.hdr.command_id = SMPP_CMD_SUBMIT_SM;
	pdu.hdr.sequence_number = 1;
	struct smpp_sm *b = &pdu.sm;
	snprintf(b->source_addr, sizeof b->source_addr, "BENCH");
	b->source_addr_ton = 5; /* alphanumeric */
	b->source_addr_npi = 0;
	snprintf(b->destination_addr, sizeof b->destination_addr, "%s%0*d", DST_PREFIX,
		 DST_DIGITS, 0);
	b->dest_addr_ton = 1;
	b->dest_addr_npi = 1;
	b->esm_class = esm_class;
	b->registered_delivery = regdlv ? 1 : 0;
	b->data_coding = data_coding;
	b->sm_length = (uint8_t)sm_len;
	b->short_message = sm;
	if (smpp_encode(&pdu, t->pdu, sizeof t->pdu, &t->len) != SMPP_OK)
		return -1;
	/* The destination follows service_type, the source and two TON/NPI octets. */
	const char *dst = DST_PREFIX "00000";
	long at = find(t->pdu + SMPP_HEADER_LEN, t->len - SMPP_HEADER_LEN, dst);
	if (at < 0)
		return -1;
	t->dst_digits = SMPP_HEADER_LEN + (size_t)at + strlen(DST_PREFIX);
	/* short_message is the last field: no TLVs are added. */
	t->udh = (esm_class & 0x40) ? t->len - sm_len : 0;
	return 0;
}

int lg_msg_init(struct lg_msg_set *set, const struct lg_opts *o)
{
	memset(set, 0, sizeof *set);
	set->pct_gsm7 = o->pct_gsm7;
	set->pct_ucs2 = o->pct_ucs2;
	set->parts = o->parts;

	uint8_t ucs2[2 * sizeof ucs2_text / sizeof ucs2_text[0]];
	for (size_t i = 0; i < sizeof ucs2_text / sizeof ucs2_text[0]; i++) {
		ucs2[2 * i] = (uint8_t)(ucs2_text[i] >> 8);
		ucs2[2 * i + 1] = (uint8_t)ucs2_text[i];
	}
	/* A full part: 6 octets of UDH, then 134 octets of 8-bit-safe text (data_coding 0
	 * with UDH is counted in septets by the handset; the broker stores octets). */
	uint8_t part[140] = {0x05, 0x00, 0x03, 0x00, 0x00, 0x00};
	for (size_t i = 6; i < sizeof part; i++)
		part[i] = (uint8_t)('a' + (i % 26));

	if (build(&set->tmpl[LG_MSG_GSM7], (const uint8_t *)gsm7_text, strlen(gsm7_text), 0x00,
		  0x00, o->registered_delivery) ||
	    build(&set->tmpl[LG_MSG_UCS2], ucs2, sizeof ucs2, 0x00, 0x08, o->registered_delivery) ||
	    build(&set->tmpl[LG_MSG_MULTI], part, sizeof part, 0x40, 0x00, o->registered_delivery))
		return -1;
	return 0;
}

void lg_msg_cursor_init(struct lg_msg_cursor *c, unsigned session_index)
{
	memset(c, 0, sizeof *c);
	c->rnd = 0x9e3779b9u ^ (session_index * 0x85ebca6bu + 1u);
}

static uint32_t xorshift(uint32_t *s)
{
	uint32_t x = *s;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return *s = x;
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

size_t lg_msg_next(const struct lg_msg_set *set, struct lg_msg_cursor *c, uint32_t seq,
		   uint8_t *out, enum lg_msg_kind *kind)
{
	enum lg_msg_kind k = LG_MSG_MULTI;
	if (c->part == 0) {
		c->msgs++;
		unsigned r = xorshift(&c->rnd) % 100u;
		if (r < set->pct_gsm7)
			k = LG_MSG_GSM7;
		else if (r < set->pct_gsm7 + set->pct_ucs2)
			k = LG_MSG_UCS2;
		if (k == LG_MSG_MULTI) {
			c->part = 1;
			c->ref++;
		}
	}
	const struct lg_msg_tmpl *t = &set->tmpl[k];
	memcpy(out, t->pdu, t->len);
	put_be32(out + 12, seq);
	uint32_t d = c->msgs % 100000u;
	for (int i = DST_DIGITS - 1; i >= 0; i--, d /= 10)
		out[t->dst_digits + (size_t)i] = (uint8_t)('0' + d % 10);
	if (k == LG_MSG_MULTI) {
		out[t->udh + 3] = c->ref;
		out[t->udh + 4] = (uint8_t)set->parts;
		out[t->udh + 5] = (uint8_t)c->part;
		c->part = c->part >= set->parts ? 0 : c->part + 1;
	}
	*kind = k;
	return t->len;
}

const char *lg_msg_kind_name(enum lg_msg_kind k)
{
	static const char *const names[LG_MSG_KINDS] = {"gsm7", "ucs2", "multi"};
	return (unsigned)k < LG_MSG_KINDS ? names[k] : "?";
}
