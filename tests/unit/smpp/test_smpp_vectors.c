/*
 * Byte-exact SMPP vectors, both directions: every vector in
 * tests/data/smpp/vectors.txt decodes to the fields written beside it, and
 * encoding the result gives the same bytes. A few PDUs are also built field
 * by field here and must encode to their vector.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "smpp_dump.h"
#include "smpp_pdu.h"
#include "smpp_test_util.h"

static struct smpp_test_vector vectors[SMPP_TEST_MAX_VECTORS];
static int nvectors;

static const struct smpp_test_vector *vec(const char *name)
{
	for (int i = 0; i < nvectors; i++)
		if (strcmp(vectors[i].name, name) == 0)
			return &vectors[i];
	fail_msg("no vector %s", name);
	return NULL;
}

static int setup(void **state)
{
	(void)state;
	nvectors = smpp_test_load_vectors("vectors.txt", vectors, SMPP_TEST_MAX_VECTORS);
	return nvectors > 0 ? 0 : -1;
}

static void test_every_vector_both_ways(void **state)
{
	(void)state;
	static struct smpp_pdu pdu;
	uint8_t out[SMPP_TEST_MAX_BYTES];
	char text[2048];
	for (int i = 0; i < nvectors; i++) {
		const struct smpp_test_vector *v = &vectors[i];
		struct smpp_decode_err err;
		size_t n;
		print_message("vector %s\n", v->name);
		assert_int_equal(smpp_frame_check(v->bytes, v->len, SMPP_FRAME_MAX_DEFAULT, &n, &err), SMPP_OK);
		assert_int_equal(n, v->len);
		assert_int_equal(smpp_decode(v->bytes, v->len, &pdu, &err), SMPP_OK);
		assert_int_equal(err.status, SMPP_ESME_ROK);
		assert_true(v->dump[0] != '\0');
		assert_int_equal(smpp_dump(&pdu, text, sizeof text), SMPP_OK);
		assert_string_equal(text, v->dump);
		if (v->decode_only)
			continue;
		size_t len;
		assert_int_equal(smpp_encode(&pdu, out, sizeof out, &len), SMPP_OK);
		assert_int_equal(len, v->len);
		assert_memory_equal(out, v->bytes, len);
	}
}

/* The vectors cover every v3.4 command. */
static void test_every_command_has_a_vector(void **state)
{
	(void)state;
	static const uint32_t ids[] = {
		SMPP_CMD_GENERIC_NACK, SMPP_CMD_BIND_RECEIVER, SMPP_CMD_BIND_RECEIVER_RESP,
		SMPP_CMD_BIND_TRANSMITTER, SMPP_CMD_BIND_TRANSMITTER_RESP, SMPP_CMD_BIND_TRANSCEIVER,
		SMPP_CMD_BIND_TRANSCEIVER_RESP, SMPP_CMD_OUTBIND, SMPP_CMD_UNBIND, SMPP_CMD_UNBIND_RESP,
		SMPP_CMD_ENQUIRE_LINK, SMPP_CMD_ENQUIRE_LINK_RESP, SMPP_CMD_SUBMIT_SM,
		SMPP_CMD_SUBMIT_SM_RESP, SMPP_CMD_SUBMIT_MULTI, SMPP_CMD_SUBMIT_MULTI_RESP,
		SMPP_CMD_DELIVER_SM, SMPP_CMD_DELIVER_SM_RESP, SMPP_CMD_DATA_SM, SMPP_CMD_DATA_SM_RESP,
		SMPP_CMD_QUERY_SM, SMPP_CMD_QUERY_SM_RESP, SMPP_CMD_CANCEL_SM, SMPP_CMD_CANCEL_SM_RESP,
		SMPP_CMD_REPLACE_SM, SMPP_CMD_REPLACE_SM_RESP, SMPP_CMD_ALERT_NOTIFICATION,
	};
	for (size_t k = 0; k < sizeof ids / sizeof ids[0]; k++) {
		int found = 0;
		for (int i = 0; i < nvectors && !found; i++) {
			const uint8_t *b = vectors[i].bytes;
			uint32_t id = (uint32_t)b[4] << 24 | (uint32_t)b[5] << 16 | (uint32_t)b[6] << 8 | b[7];
			found = id == ids[k] && !vectors[i].decode_only;
		}
		if (!found)
			fail_msg("no encode+decode vector for %s", smpp_command_name(ids[k]));
	}
}

/* What the dump masks, checked directly. */
static void test_bind_fields(void **state)
{
	(void)state;
	static struct smpp_pdu pdu;
	struct smpp_decode_err err;
	const struct smpp_test_vector *v = vec("bind_transmitter");
	assert_int_equal(smpp_decode(v->bytes, v->len, &pdu, &err), SMPP_OK);
	assert_int_equal(pdu.hdr.command_id, SMPP_CMD_BIND_TRANSMITTER);
	assert_int_equal(pdu.hdr.command_length, 42);
	assert_string_equal(pdu.bind.system_id, "smppclient1");
	assert_string_equal(pdu.bind.password, "password");
	assert_int_equal(pdu.bind.interface_version, SMPP_INTERFACE_VERSION_34);
	assert_int_equal(pdu.tlvs.count, 0);
}

static void encode_matches(const struct smpp_pdu *pdu, const char *name)
{
	const struct smpp_test_vector *v = vec(name);
	uint8_t out[SMPP_TEST_MAX_BYTES];
	size_t len = 99;
	assert_int_equal(smpp_encode(pdu, out, sizeof out, &len), SMPP_OK);
	assert_int_equal(len, v->len);
	assert_memory_equal(out, v->bytes, len);
}

static void test_build_bind_transmitter(void **state)
{
	(void)state;
	static struct smpp_pdu pdu;
	memset(&pdu, 0, sizeof pdu);
	pdu.hdr.command_id = SMPP_CMD_BIND_TRANSMITTER;
	pdu.hdr.sequence_number = 1;
	strcpy(pdu.bind.system_id, "smppclient1");
	strcpy(pdu.bind.password, "password");
	pdu.bind.interface_version = 0x34;
	encode_matches(&pdu, "bind_transmitter");
}

static void test_build_submit_sm_with_tlvs(void **state)
{
	(void)state;
	static struct smpp_pdu pdu;
	static const uint8_t payload[] = {0x00, 'H', 0x00, 'i'};
	memset(&pdu, 0, sizeof pdu);
	pdu.hdr.command_id = SMPP_CMD_SUBMIT_SM;
	pdu.hdr.sequence_number = 43;
	struct smpp_sm *sm = &pdu.sm;
	strcpy(sm->service_type, "CMT");
	sm->source_addr_ton = 5;
	strcpy(sm->source_addr, "Brand");
	sm->dest_addr_ton = 1;
	sm->dest_addr_npi = 1;
	strcpy(sm->destination_addr, "46701234567");
	sm->esm_class = 0x40;
	sm->priority_flag = 1;
	strcpy(sm->validity_period, "000001000000000R");
	sm->data_coding = 8;
	assert_int_equal(smpp_tlv_add(&pdu.tlvs, SMPP_TLV_MESSAGE_PAYLOAD, payload, sizeof payload), SMPP_OK);
	assert_int_equal(smpp_tlv_add_u16(&pdu.tlvs, SMPP_TLV_SAR_MSG_REF_NUM, 0x1234), SMPP_OK);
	assert_int_equal(smpp_tlv_add_u8(&pdu.tlvs, SMPP_TLV_SAR_TOTAL_SEGMENTS, 2), SMPP_OK);
	assert_int_equal(smpp_tlv_add_u8(&pdu.tlvs, SMPP_TLV_SAR_SEGMENT_SEQNUM, 1), SMPP_OK);
	assert_int_equal(smpp_tlv_add(&pdu.tlvs, 0x1401, "abc", 3), SMPP_OK);
	encode_matches(&pdu, "submit_sm_tlvs");
}

static void test_build_deliver_sm_receipt(void **state)
{
	(void)state;
	static struct smpp_pdu pdu;
	static const char text[] = "id:a1b2c3 stat:DELIVRD";
	static const uint8_t nec[] = {3, 0, 0};
	memset(&pdu, 0, sizeof pdu);
	pdu.hdr.command_id = SMPP_CMD_DELIVER_SM;
	pdu.hdr.sequence_number = 256;
	pdu.sm.source_addr_ton = 1;
	pdu.sm.source_addr_npi = 1;
	strcpy(pdu.sm.source_addr, "46701234567");
	pdu.sm.dest_addr_ton = 1;
	pdu.sm.dest_addr_npi = 1;
	strcpy(pdu.sm.destination_addr, "4420");
	pdu.sm.esm_class = 0x04;
	pdu.sm.sm_length = (uint8_t)strlen(text);
	pdu.sm.short_message = (const uint8_t *)text;
	assert_int_equal(smpp_tlv_add_cstring(&pdu.tlvs, SMPP_TLV_RECEIPTED_MESSAGE_ID, "a1b2c3"), SMPP_OK);
	assert_int_equal(smpp_tlv_add_u8(&pdu.tlvs, SMPP_TLV_MESSAGE_STATE, SMPP_STATE_DELIVERED), SMPP_OK);
	assert_int_equal(smpp_tlv_add(&pdu.tlvs, SMPP_TLV_NETWORK_ERROR_CODE, nec, sizeof nec), SMPP_OK);
	encode_matches(&pdu, "deliver_sm_receipt");
}

static void test_build_submit_multi(void **state)
{
	(void)state;
	static struct smpp_pdu pdu;
	memset(&pdu, 0, sizeof pdu);
	pdu.hdr.command_id = SMPP_CMD_SUBMIT_MULTI;
	pdu.hdr.sequence_number = 21;
	struct smpp_submit_multi *m = &pdu.submit_multi;
	m->source_addr_ton = 1;
	m->source_addr_npi = 1;
	strcpy(m->source_addr, "12345");
	m->number_of_dests = 2;
	m->dest_address[0].dest_flag = SMPP_DEST_SME_ADDRESS;
	m->dest_address[0].dest_addr_ton = 1;
	m->dest_address[0].dest_addr_npi = 1;
	strcpy(m->dest_address[0].destination_addr, "4670");
	m->dest_address[1].dest_flag = SMPP_DEST_DL_NAME;
	strcpy(m->dest_address[1].dl_name, "friends");
	m->sm_length = 2;
	m->short_message = (const uint8_t *)"hi";
	encode_matches(&pdu, "submit_multi");
}

static void test_decoded_tlvs_point_into_input(void **state)
{
	(void)state;
	static struct smpp_pdu pdu;
	struct smpp_decode_err err;
	const struct smpp_test_vector *v = vec("submit_sm_tlvs");
	assert_int_equal(smpp_decode(v->bytes, v->len, &pdu, &err), SMPP_OK);
	assert_int_equal(pdu.tlvs.count, 5);
	/* wire order kept, the unknown one included, values zero-copy */
	static const uint16_t order[] = {0x0424, 0x020c, 0x020e, 0x020f, 0x1401};
	for (size_t i = 0; i < 5; i++)
		assert_int_equal(pdu.tlvs.items[i].tag, order[i]);
	const struct smpp_tlv *t = smpp_tlv_find(&pdu.tlvs, 0x1401);
	assert_non_null(t);
	assert_true(t->value >= v->bytes && t->value + t->len <= v->bytes + v->len);
	assert_memory_equal(t->value, "abc", 3);
	uint16_t ref;
	assert_int_equal(smpp_tlv_get_u16(&pdu.tlvs, SMPP_TLV_SAR_MSG_REF_NUM, &ref), SMPP_OK);
	assert_int_equal(ref, 0x1234);
	assert_ptr_equal(pdu.sm.short_message, v->bytes + v->len - 31);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_vector_both_ways),
		cmocka_unit_test(test_every_command_has_a_vector),
		cmocka_unit_test(test_bind_fields),
		cmocka_unit_test(test_build_bind_transmitter),
		cmocka_unit_test(test_build_submit_sm_with_tlvs),
		cmocka_unit_test(test_build_deliver_sm_receipt),
		cmocka_unit_test(test_build_submit_multi),
		cmocka_unit_test(test_decoded_tlvs_point_into_input),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
