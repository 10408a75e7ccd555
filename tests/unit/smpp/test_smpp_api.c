/*
 * The SMPP codec's smaller contracts: encoder errors, TLV lookups and
 * builders, the dump's truncation and masking, status and command names.
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
#include "smpp_status.h"
#include "smpp_tlv.h"

static struct smpp_pdu pdu;

static void make_submit(void)
{
	memset(&pdu, 0, sizeof pdu);
	pdu.hdr.command_id = SMPP_CMD_SUBMIT_SM;
	pdu.hdr.sequence_number = 5;
	strcpy(pdu.sm.source_addr, "12");
	strcpy(pdu.sm.destination_addr, "34");
	pdu.sm.sm_length = 2;
	pdu.sm.short_message = (const uint8_t *)"hi";
}

static void test_encode_field_maxima(void **state)
{
	(void)state;
	uint8_t out[512];
	size_t len = 7;
	make_submit();
	assert_int_equal(smpp_encode(&pdu, out, sizeof out, &len), SMPP_OK);
	assert_int_equal(len, 16 + 1 + 2 + 3 + 2 + 3 + 3 + 1 + 1 + 4 + 1 + 2);

	/* a string filling its whole array has no room for its NUL */
	memset(pdu.sm.source_addr, '1', sizeof pdu.sm.source_addr);
	assert_int_equal(smpp_encode(&pdu, out, sizeof out, &len), SMPP_ETOOLONG);
	assert_int_equal(len, 0);
	pdu.sm.source_addr[20] = '\0'; /* 20 digits + NUL = 21: the maximum */
	assert_int_equal(smpp_encode(&pdu, out, sizeof out, &len), SMPP_OK);

	make_submit();
	pdu.sm.sm_length = 255;
	static const uint8_t big[255];
	pdu.sm.short_message = big;
	assert_int_equal(smpp_encode(&pdu, out, sizeof out, &len), SMPP_ETOOLONG);
	pdu.sm.sm_length = 254;
	assert_int_equal(smpp_encode(&pdu, out, sizeof out, &len), SMPP_OK);
	pdu.sm.short_message = NULL;
	assert_int_equal(smpp_encode(&pdu, out, sizeof out, &len), SMPP_EINVAL);

	make_submit();
	pdu.hdr.command_id = 0x00000099;
	assert_int_equal(smpp_encode(&pdu, out, sizeof out, &len), SMPP_EINVAL);

	memset(&pdu, 0, sizeof pdu);
	pdu.hdr.command_id = SMPP_CMD_SUBMIT_MULTI;
	pdu.submit_multi.number_of_dests = 1;
	pdu.submit_multi.dest_address[0].dest_flag = 7;
	assert_int_equal(smpp_encode(&pdu, out, sizeof out, &len), SMPP_EINVAL);
	pdu.submit_multi.number_of_dests = 255;
	assert_int_equal(smpp_encode(&pdu, out, sizeof out, &len), SMPP_ETOOLONG);
}

static void test_encode_tlv_rules(void **state)
{
	(void)state;
	uint8_t out[512];
	size_t len;
	make_submit();
	assert_int_equal(smpp_tlv_add_u8(&pdu.tlvs, SMPP_TLV_SAR_MSG_REF_NUM, 1), SMPP_OK);
	assert_int_equal(smpp_encode(&pdu, out, sizeof out, &len), SMPP_ETOOLONG); /* needs 2 octets */
	make_submit();
	assert_int_equal(smpp_tlv_add_u16(&pdu.tlvs, SMPP_TLV_SAR_MSG_REF_NUM, 1), SMPP_OK);
	assert_int_equal(smpp_encode(&pdu, out, sizeof out, &len), SMPP_EINVAL); /* sar set incomplete */
	make_submit();
	assert_int_equal(smpp_tlv_add(&pdu.tlvs, SMPP_TLV_MESSAGE_PAYLOAD, "x", 1), SMPP_OK);
	assert_int_equal(smpp_encode(&pdu, out, sizeof out, &len), SMPP_EINVAL); /* with short_message */
	pdu.sm.sm_length = 0;
	assert_int_equal(smpp_encode(&pdu, out, sizeof out, &len), SMPP_OK);
}

/* Every capacity short of the PDU fails cleanly, never writing past it. */
static void test_encode_every_short_capacity(void **state)
{
	(void)state;
	uint8_t full[512];
	size_t need, len;
	make_submit();
	assert_int_equal(smpp_tlv_add_cstring(&pdu.tlvs, 0x1402, "vendor"), SMPP_OK);
	assert_int_equal(smpp_encode(&pdu, full, sizeof full, &need), SMPP_OK);
	for (size_t cap = 0; cap < need; cap++) {
		uint8_t *out = malloc(cap ? cap : 1);
		assert_int_equal(smpp_encode(&pdu, out, cap, &len), SMPP_ENOSPACE);
		assert_int_equal(len, 0);
		free(out);
	}
	uint8_t *out = malloc(need);
	assert_int_equal(smpp_encode(&pdu, out, need, &len), SMPP_OK);
	assert_memory_equal(out, full, need);
	free(out);
}

static void test_tlv_helpers(void **state)
{
	(void)state;
	struct smpp_tlv_list l = {0};
	uint8_t u8;
	uint16_t u16;
	uint32_t u32;
	char s[8];
	assert_int_equal(smpp_tlv_get_u8(&l, SMPP_TLV_MESSAGE_STATE, &u8), SMPP_ENOTFOUND);
	assert_int_equal(smpp_tlv_add_u8(&l, SMPP_TLV_MESSAGE_STATE, 2), SMPP_OK);
	assert_int_equal(smpp_tlv_add_u16(&l, SMPP_TLV_SOURCE_PORT, 0xBEEF), SMPP_OK);
	assert_int_equal(smpp_tlv_add_u32(&l, SMPP_TLV_QOS_TIME_TO_LIVE, 0xA1B2C3D4), SMPP_OK);
	assert_int_equal(smpp_tlv_add_cstring(&l, SMPP_TLV_RECEIPTED_MESSAGE_ID, "abcdef"), SMPP_OK);
	assert_int_equal(smpp_tlv_get_u8(&l, SMPP_TLV_MESSAGE_STATE, &u8), SMPP_OK);
	assert_int_equal(u8, 2);
	assert_int_equal(smpp_tlv_get_u16(&l, SMPP_TLV_SOURCE_PORT, &u16), SMPP_OK);
	assert_int_equal(u16, 0xBEEF);
	assert_int_equal(smpp_tlv_get_u32(&l, SMPP_TLV_QOS_TIME_TO_LIVE, &u32), SMPP_OK);
	assert_int_equal(u32, 0xA1B2C3D4);
	/* the wrong width is refused, not truncated */
	u16 = 7;
	assert_int_equal(smpp_tlv_get_u16(&l, SMPP_TLV_MESSAGE_STATE, &u16), SMPP_EINVAL);
	assert_int_equal(u16, 7);
	assert_int_equal(smpp_tlv_get_cstring(&l, SMPP_TLV_RECEIPTED_MESSAGE_ID, s, sizeof s), SMPP_OK);
	assert_string_equal(s, "abcdef");
	assert_int_equal(smpp_tlv_get_cstring(&l, SMPP_TLV_RECEIPTED_MESSAGE_ID, s, 4), SMPP_ENOSPACE);
	assert_string_equal(s, "");
	assert_int_equal(smpp_tlv_get_cstring(&l, SMPP_TLV_SOURCE_PORT, s, sizeof s), SMPP_EINVAL);
	/* a copied list keeps its integer values */
	struct smpp_tlv_list copy = l;
	memset(&l, 0xAA, sizeof l);
	assert_int_equal(smpp_tlv_get_u16(&copy, SMPP_TLV_SOURCE_PORT, &u16), SMPP_OK);
	assert_int_equal(u16, 0xBEEF);
	/* full list, bad arguments */
	copy.count = SMPP_MAX_TLVS;
	assert_int_equal(smpp_tlv_add_u8(&copy, 1, 1), SMPP_ENOSPACE);
	copy.count = 0;
	assert_int_equal(smpp_tlv_add(&copy, 1, NULL, 1), SMPP_EINVAL);
	assert_int_equal(smpp_tlv_add(&copy, 1, "x", 70000), SMPP_ETOOLONG);
	assert_int_equal(smpp_tlv_add(&copy, SMPP_TLV_ALERT_ON_MESSAGE_DELIVERY, NULL, 0), SMPP_OK);
}

static void test_tlv_table(void **state)
{
	(void)state;
	assert_string_equal(smpp_tlv_name(0x0424), "message_payload");
	assert_string_equal(smpp_tlv_name(SMPP_TLV_ITS_SESSION_INFO), "its_session_info");
	assert_null(smpp_tlv_name(0x1401));
	const struct smpp_tlv_info *i = smpp_tlv_info(SMPP_TLV_CALLBACK_NUM);
	assert_non_null(i);
	assert_int_equal(i->min_len, 4);
	assert_int_equal(i->max_len, 19);
	assert_int_equal(smpp_tlv_check(SMPP_TLV_USSD_SERVICE_OP, (const uint8_t *)"\x01", 1), SMPP_ESME_ROK);
	assert_int_equal(smpp_tlv_check(0x1401, NULL, 0), SMPP_ESME_ROK);
	assert_true(smpp_tlv_allowed(SMPP_CMD_SUBMIT_SM, SMPP_TLV_MESSAGE_PAYLOAD));
	assert_true(smpp_tlv_allowed(SMPP_CMD_DELIVER_SM, SMPP_TLV_RECEIPTED_MESSAGE_ID));
	assert_false(smpp_tlv_allowed(SMPP_CMD_SUBMIT_SM, SMPP_TLV_RECEIPTED_MESSAGE_ID));
	assert_true(smpp_tlv_allowed(SMPP_CMD_BIND_TRANSCEIVER_RESP, SMPP_TLV_SC_INTERFACE_VERSION));
	assert_false(smpp_tlv_allowed(SMPP_CMD_ENQUIRE_LINK, SMPP_TLV_SC_INTERFACE_VERSION));
	assert_false(smpp_tlv_allowed(0x99, SMPP_TLV_SC_INTERFACE_VERSION));
}

static void test_dump_masks_and_truncates(void **state)
{
	(void)state;
	char full[512];
	memset(&pdu, 0, sizeof pdu);
	pdu.hdr.command_id = SMPP_CMD_BIND_TRANSCEIVER;
	strcpy(pdu.bind.system_id, "sys\"1\n");
	strcpy(pdu.bind.password, "hunter2");
	assert_int_equal(smpp_dump(&pdu, full, sizeof full), SMPP_OK);
	assert_null(strstr(full, "hunter2"));
	assert_non_null(strstr(full, "password=***"));
	assert_non_null(strstr(full, "system_id=\"sys\\\"1\\x0a\""));
	size_t n = strlen(full);
	for (size_t cap = 1; cap <= n; cap++) {
		char *b = malloc(cap);
		assert_int_equal(smpp_dump(&pdu, b, cap), SMPP_ENOSPACE);
		assert_true(strlen(b) < cap);
		free(b);
	}
	char *b = malloc(n + 1);
	assert_int_equal(smpp_dump(&pdu, b, n + 1), SMPP_OK);
	assert_string_equal(b, full);
	free(b);
	assert_int_equal(smpp_dump(&pdu, full, 0), SMPP_ENOSPACE);

	/* unknown command and status appear by number */
	memset(&pdu, 0, sizeof pdu);
	pdu.hdr.command_id = 0x99;
	pdu.hdr.command_status = 0x401;
	assert_int_equal(smpp_dump(&pdu, full, sizeof full), SMPP_OK);
	assert_string_equal(full, "command_id=0x00000099 seq=0 status=vendor_specific(0x00000401)");
}

static void test_hex(void **state)
{
	(void)state;
	char s[7];
	const uint8_t b[] = {0x00, 0xAB, 0x7F, 0x10};
	assert_int_equal(smpp_hex(b, 3, s, sizeof s), SMPP_OK);
	assert_string_equal(s, "00ab7f");
	assert_int_equal(smpp_hex(b, 4, s, sizeof s), SMPP_ENOSPACE);
	assert_string_equal(s, "00ab7f");
	assert_int_equal(smpp_hex(b, 0, s, 1), SMPP_OK);
	assert_string_equal(s, "");
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(smpp_status_name(SMPP_ESME_ROK), "ESME_ROK");
	assert_string_equal(smpp_status_name(0x0A), "ESME_RINVSRCADR");
	assert_string_equal(smpp_status_name(SMPP_ESME_RINVTLVSTREAM), "ESME_RINVOPTPARSTREAM");
	assert_string_equal(smpp_status_name(0xC2), "ESME_RINVPARLEN");
	assert_string_equal(smpp_status_name(0x400), "vendor_specific");
	assert_string_equal(smpp_status_name(0x09), "unknown");
	assert_string_equal(smpp_status_desc(0x0E), "Invalid Password");
	assert_string_equal(smpp_command_name(SMPP_CMD_DATA_SM_RESP), "data_sm_resp");
	assert_string_equal(smpp_command_name(0x80000000), "generic_nack");
	assert_null(smpp_command_name(0x0000000A));
	assert_true(smpp_command_known(SMPP_CMD_ALERT_NOTIFICATION));
	assert_false(smpp_command_known(0x80000102)); /* alert_notification has no response */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encode_field_maxima),
		cmocka_unit_test(test_encode_tlv_rules),
		cmocka_unit_test(test_encode_every_short_capacity),
		cmocka_unit_test(test_tlv_helpers),
		cmocka_unit_test(test_tlv_table),
		cmocka_unit_test(test_dump_masks_and_truncates),
		cmocka_unit_test(test_hex),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
