/* smpp_msg.c - a stored message as an sm body (see smpp_msg.h). */
#include "smpp_msg.h"

#include <string.h>

#include "wire.h"

/* The stored TLVs (wire form) back into the PDU's list; a broken one is skipped. */
static void add_stored_tlvs(struct smpp_tlv_list *l, const uint8_t *p, uint32_t len)
{
	struct wire_reader r;
	wire_reader_init(&r, p, len);
	uint16_t tag, n;
	const uint8_t *v;
	while (wire_get_u16be(&r, &tag) == WIRE_OK && wire_get_u16be(&r, &n) == WIRE_OK &&
	       wire_get_bytes(&r, n, &v) == WIRE_OK)
		smpp_tlv_add(l, tag, v, n);
}

/* Stored addresses may be longer than SMPP's 20 characters (modems, email): cut, never overrun. */
static void copy_addr(char *dst, size_t size, const char *src)
{
	size_t n = strnlen(src, size - 1);
	memcpy(dst, src, n);
	dst[n] = '\0';
}

void smpp_msg_to_sm(struct smpp_pdu *p, uint32_t command_id, uint32_t seq,
		    const struct store_msg *m)
{
	memset(&p->hdr, 0, sizeof p->hdr);
	memset(&p->sm, 0, sizeof p->sm);
	p->tlvs.count = 0;
	p->hdr.command_id = command_id;
	p->hdr.sequence_number = seq;
	struct smpp_sm *b = &p->sm;
	memcpy(b->service_type, m->service_type, sizeof b->service_type);
	b->source_addr_ton = m->src_ton;
	b->source_addr_npi = m->src_npi;
	copy_addr(b->source_addr, sizeof b->source_addr, m->src_addr);
	b->dest_addr_ton = m->dst_ton;
	b->dest_addr_npi = m->dst_npi;
	copy_addr(b->destination_addr, sizeof b->destination_addr, m->dst_addr);
	b->esm_class = m->esm_class;
	b->protocol_id = m->protocol_id;
	b->priority_flag = m->priority;
	b->data_coding = m->data_coding;
	add_stored_tlvs(&p->tlvs, m->tlvs, m->tlvs_len);
	if (m->payload_len <= SMPP_MAX_SM_LEN) {
		b->sm_length = (uint8_t)m->payload_len;
		b->short_message = m->payload;
	} else {
		smpp_tlv_add(&p->tlvs, SMPP_TLV_MESSAGE_PAYLOAD, m->payload, m->payload_len);
	}
}
