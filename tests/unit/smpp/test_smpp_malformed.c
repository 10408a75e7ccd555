/*
 * Malformed SMPP input: every truncation, bad command_length, unknown
 * command_id, broken strings, sm_length and TLVs. Each must give the right
 * status and answer and never read out of bounds: every input is copied to
 * a heap block of exactly its size, so ASan sees any over-read.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "smpp_pdu.h"
#include "smpp_test_util.h"

#define SEQ 0x01020304u

static struct smpp_pdu pdu;
static struct smpp_test_vector vectors[SMPP_TEST_MAX_VECTORS];
static int nvectors;

static int setup(void **state)
{
	(void)state;
	nvectors = smpp_test_load_vectors("vectors.txt", vectors, SMPP_TEST_MAX_VECTORS);
	return nvectors > 0 ? 0 : -1;
}

static const struct smpp_test_vector *vec(const char *name)
{
	for (int i = 0; i < nvectors; i++)
		if (strcmp(vectors[i].name, name) == 0)
			return &vectors[i];
	fail_msg("no vector %s", name);
	return NULL;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* Decode len bytes from an exact-size heap copy. */
static int decode_exact(const uint8_t *bytes, size_t len, struct smpp_decode_err *err)
{
	uint8_t *copy = malloc(len ? len : 1);
	assert_non_null(copy);
	memcpy(copy, bytes, len);
	int rc = smpp_decode(copy, len, &pdu, err);
	free(copy);
	return rc;
}

/* A PDU of command_id whose body is the given hex; command_length is set
 * to the real size and the sequence number to SEQ. */
static int decode_body(uint32_t command_id, const char *body_hex, struct smpp_decode_err *err)
{
	uint8_t buf[2048];
	long n = smpp_test_unhex(body_hex, buf + 16, sizeof buf - 16);
	assert_true(n >= 0);
	put32(buf, (uint32_t)n + 16);
	put32(buf + 4, command_id);
	put32(buf + 8, 0);
	put32(buf + 12, SEQ);
	return decode_exact(buf, (size_t)n + 16, err);
}

static void expect(uint32_t command_id, const char *body_hex, uint32_t status, uint32_t answer_id)
{
	struct smpp_decode_err err;
	int rc = decode_body(command_id, body_hex, &err);
	if (status == SMPP_ESME_ROK) {
		assert_int_equal(rc, SMPP_OK);
		return;
	}
	assert_int_equal(rc, SMPP_EDECODE);
	if (err.status != status)
		fail_msg("status %s (field %s), expected %s", smpp_status_name(err.status), err.field,
			 smpp_status_name(status));
	assert_int_equal(err.command_id, command_id);
	assert_int_equal(err.sequence_number, SEQ);
	assert_int_equal(err.answer_id, answer_id);
	assert_false(err.fatal);
	assert_non_null(err.field);
}

/* ---- frame check ---------------------------------------------------- */

static void test_frame_need_more(void **state)
{
	(void)state;
	const struct smpp_test_vector *v = vec("submit_sm_basic");
	for (size_t k = 0; k < v->len; k++) {
		size_t n = 1234;
		uint8_t *copy = malloc(k ? k : 1);
		memcpy(copy, v->bytes, k);
		assert_int_equal(smpp_frame_check(copy, k, SMPP_FRAME_MAX_DEFAULT, &n, NULL), SMPP_ENEEDMORE);
		assert_int_equal(n, k < 4 ? 0 : v->len);
		free(copy);
	}
}

static void frame_bad(uint32_t command_length, size_t have, size_t max)
{
	uint8_t buf[16] = {0};
	struct smpp_decode_err err;
	size_t n;
	put32(buf, command_length);
	put32(buf + 4, SMPP_CMD_SUBMIT_SM);
	put32(buf + 12, SEQ);
	uint8_t *copy = malloc(have);
	memcpy(copy, buf, have);
	assert_int_equal(smpp_frame_check(copy, have, max, &n, &err), SMPP_EFRAME);
	free(copy);
	assert_int_equal(err.status, SMPP_ESME_RINVCMDLEN);
	assert_true(err.fatal);
	assert_int_equal(err.answer_id, SMPP_CMD_GENERIC_NACK);
	assert_int_equal(err.command_id, have >= 8 ? SMPP_CMD_SUBMIT_SM : 0);
	assert_int_equal(err.sequence_number, have >= 16 ? SEQ : 0);
}

static void test_frame_bad_length(void **state)
{
	(void)state;
	for (uint32_t cl = 0; cl < 16; cl++)
		frame_bad(cl, 16, SMPP_FRAME_MAX_DEFAULT);
	frame_bad(15, 4, SMPP_FRAME_MAX_DEFAULT); /* fatal as soon as the length is read */
	frame_bad(0xFFFFFFFFu, 16, SMPP_FRAME_MAX_DEFAULT); /* 4 GB */
	frame_bad(0x80000000u, 8, SMPP_FRAME_MAX_DEFAULT);
	frame_bad(1025, 16, 1024);
	frame_bad(SMPP_FRAME_MAX_DEFAULT + 1, 16, SMPP_FRAME_MAX_DEFAULT);

	/* exactly the maximum is fine */
	uint8_t buf[16] = {0};
	size_t n;
	put32(buf, 1024);
	assert_int_equal(smpp_frame_check(buf, 16, 1024, &n, NULL), SMPP_ENEEDMORE);
	assert_int_equal(n, 1024);
}

static void test_frame_ok_with_following_bytes(void **state)
{
	(void)state;
	const struct smpp_test_vector *a = vec("enquire_link");
	const struct smpp_test_vector *b = vec("submit_sm_basic");
	uint8_t buf[256];
	size_t n;
	memcpy(buf, a->bytes, a->len);
	memcpy(buf + a->len, b->bytes, b->len);
	assert_int_equal(smpp_frame_check(buf, a->len + b->len, 4096, &n, NULL), SMPP_OK);
	assert_int_equal(n, a->len);
	assert_int_equal(smpp_frame_check(buf + n, b->len, 4096, &n, NULL), SMPP_OK);
	assert_int_equal(n, b->len);
}

/* ---- decode: framing -------------------------------------------------- */

/* Every prefix of every vector: not a whole frame, so a fatal length error. */
static void test_decode_every_prefix(void **state)
{
	(void)state;
	for (int i = 0; i < nvectors; i++) {
		const struct smpp_test_vector *v = &vectors[i];
		for (size_t k = 0; k < v->len; k++) {
			struct smpp_decode_err err;
			assert_int_equal(decode_exact(v->bytes, k, &err), SMPP_EFRAME);
			assert_int_equal(err.status, SMPP_ESME_RINVCMDLEN);
			assert_true(err.fatal);
		}
	}
}

/* Every vector cut short with command_length saying so: the body is what
 * is short. Any outcome but a crash is checked for its status below; here
 * only that it is not a fatal error and never reads past the cut. */
static void test_decode_every_consistent_cut(void **state)
{
	(void)state;
	for (int i = 0; i < nvectors; i++) {
		const struct smpp_test_vector *v = &vectors[i];
		uint8_t buf[SMPP_TEST_MAX_BYTES];
		for (size_t k = 16; k < v->len; k++) {
			struct smpp_decode_err err;
			memcpy(buf, v->bytes, k);
			put32(buf, (uint32_t)k);
			int rc = decode_exact(buf, k, &err);
			assert_true(rc == SMPP_OK || rc == SMPP_EDECODE);
			assert_false(err.fatal);
			if (rc == SMPP_EDECODE)
				assert_int_not_equal(err.status, SMPP_ESME_ROK);
		}
	}
}

struct cut_rule {
	size_t from, to; /* cuts k with from <= k <= to */
	uint32_t status;
};

static void check_cuts(const char *name, const struct cut_rule *rules, size_t nrules)
{
	const struct smpp_test_vector *v = vec(name);
	uint8_t buf[SMPP_TEST_MAX_BYTES];
	size_t checked = 0;
	for (size_t r = 0; r < nrules; r++) {
		for (size_t k = rules[r].from; k <= rules[r].to; k++) {
			struct smpp_decode_err err;
			memcpy(buf, v->bytes, k);
			put32(buf, (uint32_t)k);
			int rc = decode_exact(buf, k, &err);
			if (err.status != rules[r].status)
				fail_msg("%s cut at %zu: %s (%s), expected %s", name, k,
					 smpp_status_name(err.status), err.field,
					 smpp_status_name(rules[r].status));
			assert_int_equal(rc, rules[r].status ? SMPP_EDECODE : SMPP_OK);
			checked++;
		}
	}
	assert_int_equal(checked, v->len - 16);
}

static void test_decode_cut_statuses(void **state)
{
	(void)state;
	/* submit_sm_basic: mandatory fields end at 57, short_message 57..61 */
	static const struct cut_rule basic[] = {
		{16, 56, SMPP_ESME_RINVCMDLEN},
		{57, 61, SMPP_ESME_RINVMSGLEN},
	};
	check_cuts("submit_sm_basic", basic, 2);

	/* submit_sm_tlvs: mandatory part ends at 68 (sm_length 0); TLVs
	 * message_payload 68..75, sar_msg_ref_num 76..81, sar_total_segments
	 * 82..86, sar_segment_seqnum 87..91, vendor 0x1401 92..98 */
	static const struct cut_rule tlvs[] = {
		{16, 67, SMPP_ESME_RINVCMDLEN},
		{68, 68, SMPP_ESME_ROK},
		{69, 75, SMPP_ESME_RINVOPTPARSTREAM},
		{76, 76, SMPP_ESME_ROK},
		{77, 81, SMPP_ESME_RINVOPTPARSTREAM},
		{82, 82, SMPP_ESME_RMISSINGOPTPARAM},
		{83, 86, SMPP_ESME_RINVOPTPARSTREAM},
		{87, 87, SMPP_ESME_RMISSINGOPTPARAM},
		{88, 91, SMPP_ESME_RINVOPTPARSTREAM},
		{92, 92, SMPP_ESME_ROK},
		{93, 98, SMPP_ESME_RINVOPTPARSTREAM},
	};
	check_cuts("submit_sm_tlvs", tlvs, sizeof tlvs / sizeof tlvs[0]);
}

static void test_decode_length_mismatch_is_fatal(void **state)
{
	(void)state;
	const struct smpp_test_vector *v = vec("enquire_link");
	uint8_t buf[32] = {0};
	struct smpp_decode_err err;
	memcpy(buf, v->bytes, v->len);
	/* a longer buffer than command_length says is also not one frame */
	assert_int_equal(decode_exact(buf, v->len + 4, &err), SMPP_EFRAME);
	assert_true(err.fatal);
	assert_int_equal(err.sequence_number, 10);
	put32(buf, 0xFFFFFFFFu);
	assert_int_equal(decode_exact(buf, v->len, &err), SMPP_EFRAME);
	assert_int_equal(err.answer_id, SMPP_CMD_GENERIC_NACK);
}

/* ---- decode: bodies --------------------------------------------------- */

static void test_unknown_command_id(void **state)
{
	(void)state;
	expect(0x00000099, "", SMPP_ESME_RINVCMDID, SMPP_CMD_GENERIC_NACK);
	expect(0x80000099, "0102", SMPP_ESME_RINVCMDID, SMPP_CMD_GENERIC_NACK);
	expect(0x00000000, "", SMPP_ESME_RINVCMDID, SMPP_CMD_GENERIC_NACK);
	/* v5.0 broadcast_sm is not v3.4 */
	expect(0x00000111, "00", SMPP_ESME_RINVCMDID, SMPP_CMD_GENERIC_NACK);
}

#define BIND_REST "00 00 34 00 00 00" /* password, system_type, version, ton, npi, range */

static void test_cstring_errors(void **state)
{
	(void)state;
	/* system_id of 16 characters: no NUL within its maximum of 16 */
	expect(SMPP_CMD_BIND_TRANSMITTER, "41414141414141414141414141414141 00" BIND_REST,
	       SMPP_ESME_RINVSYSID, SMPP_CMD_BIND_TRANSMITTER_RESP);
	/* 15 characters fit */
	expect(SMPP_CMD_BIND_TRANSMITTER, "414141414141414141414141414141 00" BIND_REST, SMPP_ESME_ROK, 0);
	/* no NUL before the body ends: the mandatory part is short */
	expect(SMPP_CMD_BIND_TRANSCEIVER, "414243", SMPP_ESME_RINVCMDLEN, SMPP_CMD_BIND_TRANSCEIVER_RESP);
	/* password of 9 characters */
	expect(SMPP_CMD_BIND_RECEIVER, "6100 707070707070707070 00 00 34 00 00 00", SMPP_ESME_RINVPASWD,
	       SMPP_CMD_BIND_RECEIVER_RESP);
	/* system_type of 13 characters */
	expect(SMPP_CMD_BIND_RECEIVER, "6100 00 74747474747474747474747474 00 34 00 00 00",
	       SMPP_ESME_RINVSYSTYP, SMPP_CMD_BIND_RECEIVER_RESP);
}

/* submit_sm pieces: service_type | src | dst | esm pid prio | sched | validity | rest */
#define SM_SRC "01 01 313200"
#define SM_DST "01 01 333400"
#define SM_MID "00 00 00"
#define SM_TAIL "00 00 00 00"

static void test_submit_sm_field_errors(void **state)
{
	(void)state;
	const uint32_t id = SMPP_CMD_SUBMIT_SM, resp = SMPP_CMD_SUBMIT_SM_RESP;
	/* the well-formed base */
	expect(id, "00" SM_SRC SM_DST SM_MID "00 00" SM_TAIL "02 6869", SMPP_ESME_ROK, 0);
	/* source_addr of 21 digits (max 21 with its NUL) */
	expect(id, "00 01 01 313233343536373839303132333435363738393031 00" SM_DST SM_MID "00 00" SM_TAIL "00",
	       SMPP_ESME_RINVSRCADR, resp);
	/* destination_addr of 22 digits */
	expect(id, "00" SM_SRC "01 01 31323334353637383930313233343536373839303132 00" SM_MID "00 00" SM_TAIL "00",
	       SMPP_ESME_RINVDSTADR, resp);
	/* service_type of 6 characters (max 6) */
	expect(id, "414243444546 00" SM_SRC SM_DST SM_MID "00 00" SM_TAIL "00", SMPP_ESME_RINVSERTYP, resp);
	/* schedule_delivery_time of 17 characters */
	expect(id, "00" SM_SRC SM_DST SM_MID "3030303030303030303030303030303030 00 00" SM_TAIL "00",
	       SMPP_ESME_RINVSCHED, resp);
	/* validity_period of 17 characters */
	expect(id, "00" SM_SRC SM_DST SM_MID "00 3030303030303030303030303030303030 00" SM_TAIL "00",
	       SMPP_ESME_RINVEXPIRY, resp);
	/* sm_length beyond the body */
	expect(id, "00" SM_SRC SM_DST SM_MID "00 00" SM_TAIL "05 6869", SMPP_ESME_RINVMSGLEN, resp);
	/* sm_length 255 is over the spec's 254 even when the bytes are there */
	char big[2048] = "00" SM_SRC SM_DST SM_MID "00 00" SM_TAIL "ff";
	for (int i = 0; i < 255; i++)
		strcat(big, "41");
	expect(id, big, SMPP_ESME_RINVMSGLEN, resp);
	/* the body ends before sm_length */
	expect(id, "00" SM_SRC SM_DST SM_MID "00 00" SM_TAIL, SMPP_ESME_RINVCMDLEN, resp);
	/* deliver_sm answers with deliver_sm_resp */
	expect(SMPP_CMD_DELIVER_SM, "00" SM_SRC SM_DST SM_MID "00 00" SM_TAIL "09 6869",
	       SMPP_ESME_RINVMSGLEN, SMPP_CMD_DELIVER_SM_RESP);
}

#define SM_OK "00" SM_SRC SM_DST SM_MID "00 00" SM_TAIL "00"

static void test_tlv_errors(void **state)
{
	(void)state;
	const uint32_t id = SMPP_CMD_SUBMIT_SM, resp = SMPP_CMD_SUBMIT_SM_RESP;
	/* value running past the end */
	expect(id, SM_OK "0424 0010 4142", SMPP_ESME_RINVOPTPARSTREAM, resp);
	expect(id, SM_OK "1401 ffff", SMPP_ESME_RINVOPTPARSTREAM, resp);
	/* 1 to 3 trailing bytes: not even a TLV header */
	expect(id, SM_OK "02", SMPP_ESME_RINVOPTPARSTREAM, resp);
	expect(id, SM_OK "0204", SMPP_ESME_RINVOPTPARSTREAM, resp);
	expect(id, SM_OK "020400", SMPP_ESME_RINVOPTPARSTREAM, resp);
	/* standard tags with the wrong length */
	expect(id, SM_OK "0204 0001 01", SMPP_ESME_RINVPARLEN, resp);        /* user_message_reference: 2 */
	expect(id, SM_OK "0019 0002 0001", SMPP_ESME_RINVPARLEN, resp);      /* payload_type: 1 */
	expect(id, SM_OK "0381 0003 010203", SMPP_ESME_RINVPARLEN, resp);    /* callback_num: 4..19 */
	expect(id, SM_OK "130c 0001 00", SMPP_ESME_RINVPARLEN, resp);        /* alert_on_message_delivery: 0 */
	expect(id, SM_OK "0017 0000", SMPP_ESME_RINVPARLEN, resp);           /* qos_time_to_live: 4 */
	expect(SMPP_CMD_DELIVER_SM, SM_OK "0423 0002 0300", SMPP_ESME_RINVPARLEN,
	       SMPP_CMD_DELIVER_SM_RESP);                                    /* network_error_code: 3 */
	expect(SMPP_CMD_DELIVER_SM, SM_OK "001e 0000", SMPP_ESME_RINVPARLEN,
	       SMPP_CMD_DELIVER_SM_RESP);                                    /* receipted_message_id: 1..65 */
	/* a C-octet string TLV without its NUL, or with one inside */
	expect(SMPP_CMD_DELIVER_SM, SM_OK "001e 0003 616263", SMPP_ESME_RINVOPTPARAMVAL,
	       SMPP_CMD_DELIVER_SM_RESP);
	expect(SMPP_CMD_DELIVER_SM, SM_OK "001e 0003 610000", SMPP_ESME_RINVOPTPARAMVAL,
	       SMPP_CMD_DELIVER_SM_RESP);
	/* a standard tag twice */
	expect(id, SM_OK "0204 0002 0001 0204 0002 0002", SMPP_ESME_RINVOPTPARSTREAM, resp);
	/* an unknown tag twice is carried through, both kept */
	expect(id, SM_OK "1401 0001 01 1401 0001 02", SMPP_ESME_ROK, 0);
	assert_int_equal(pdu.tlvs.count, 2);
	/* sar_* incomplete */
	expect(id, SM_OK "020c 0002 0001 020e 0001 02", SMPP_ESME_RMISSINGOPTPARAM, resp);
	expect(id, SM_OK "020f 0001 01", SMPP_ESME_RMISSINGOPTPARAM, resp);
	/* short_message and message_payload at once */
	expect(id, "00" SM_SRC SM_DST SM_MID "00 00" SM_TAIL "01 41 0424 0001 42", SMPP_ESME_RINVOPTPARAMVAL,
	       resp);
	/* too many TLVs */
	char many[2048] = SM_OK;
	for (int i = 0; i <= SMPP_MAX_TLVS; i++)
		strcat(many, "1401 0000");
	expect(id, many, SMPP_ESME_RINVOPTPARSTREAM, resp);
	/* but exactly the maximum is fine */
	many[strlen(many) - strlen("1401 0000")] = '\0';
	expect(id, many, SMPP_ESME_ROK, 0);
	assert_int_equal(pdu.tlvs.count, SMPP_MAX_TLVS);
}

static void test_trailing_garbage(void **state)
{
	(void)state;
	expect(SMPP_CMD_ENQUIRE_LINK, "00", SMPP_ESME_RINVOPTPARSTREAM, SMPP_CMD_ENQUIRE_LINK_RESP);
	expect(SMPP_CMD_UNBIND, "ffffff", SMPP_ESME_RINVOPTPARSTREAM, SMPP_CMD_UNBIND_RESP);
	expect(SMPP_CMD_QUERY_SM, "6100 01 01 3100 99", SMPP_ESME_RINVOPTPARSTREAM, SMPP_CMD_QUERY_SM_RESP);
	/* generic_nack is a response: nothing to answer */
	expect(SMPP_CMD_GENERIC_NACK, "0000", SMPP_ESME_RINVOPTPARSTREAM, 0);
}

static void test_submit_multi_errors(void **state)
{
	(void)state;
	const uint32_t id = SMPP_CMD_SUBMIT_MULTI, resp = SMPP_CMD_SUBMIT_MULTI_RESP;
	const char *tail = SM_MID "00 00" SM_TAIL "00";
	char buf[1024];
	snprintf(buf, sizeof buf, "00" SM_SRC "00 %s", tail);
	expect(id, buf, SMPP_ESME_RINVNUMDESTS, resp);
	snprintf(buf, sizeof buf, "00" SM_SRC "ff %s", tail);
	expect(id, buf, SMPP_ESME_RINVNUMDESTS, resp);
	snprintf(buf, sizeof buf, "00" SM_SRC "01 03 01 01 3100 %s", tail);
	expect(id, buf, SMPP_ESME_RINVDESTFLAG, resp);
	snprintf(buf, sizeof buf, "00" SM_SRC "01 02 414141414141414141414141414141414141414141 00 %s", tail);
	expect(id, buf, SMPP_ESME_RINVDLNAME, resp);
	snprintf(buf, sizeof buf, "00" SM_SRC "01 01 01 01 313131313131313131313131313131313131313131 00 %s",
		 tail);
	expect(id, buf, SMPP_ESME_RINVDSTADR, resp);
	/* two destinations announced, one given */
	snprintf(buf, sizeof buf, "00" SM_SRC "02 02 6100");
	expect(id, buf, SMPP_ESME_RINVCMDLEN, resp);
	/* unsuccess_sme list cut inside error_status_code: a response, no answer */
	expect(SMPP_CMD_SUBMIT_MULTI_RESP, "6d00 01 01 01 3100 000000", SMPP_ESME_RINVCMDLEN, 0);
}

static void test_answers(void **state)
{
	(void)state;
	/* requests without a response of their own are answered generic_nack */
	expect(SMPP_CMD_OUTBIND, "6100", SMPP_ESME_RINVCMDLEN, SMPP_CMD_GENERIC_NACK);
	expect(SMPP_CMD_ALERT_NOTIFICATION, "01 01 3100 01 01", SMPP_ESME_RINVCMDLEN, SMPP_CMD_GENERIC_NACK);
	/* a broken response is not answered */
	expect(SMPP_CMD_SUBMIT_SM_RESP,
	       "4141414141414141414141414141414141414141414141414141414141414141"
	       "4141414141414141414141414141414141414141414141414141414141414141 41",
	       SMPP_ESME_RINVMSGID, 0);
	/* an empty body is only accepted for an error response */
	expect(SMPP_CMD_SUBMIT_SM_RESP, "", SMPP_ESME_RINVCMDLEN, 0);
	assert_int_equal(smpp_response_id(SMPP_CMD_SUBMIT_SM), SMPP_CMD_SUBMIT_SM_RESP);
	assert_int_equal(smpp_response_id(SMPP_CMD_SUBMIT_SM_RESP), 0);
	assert_int_equal(smpp_response_id(SMPP_CMD_OUTBIND), 0);
	assert_int_equal(smpp_response_id(0x12345), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_frame_need_more),
		cmocka_unit_test(test_frame_bad_length),
		cmocka_unit_test(test_frame_ok_with_following_bytes),
		cmocka_unit_test(test_decode_every_prefix),
		cmocka_unit_test(test_decode_every_consistent_cut),
		cmocka_unit_test(test_decode_cut_statuses),
		cmocka_unit_test(test_decode_length_mismatch_is_fatal),
		cmocka_unit_test(test_unknown_command_id),
		cmocka_unit_test(test_cstring_errors),
		cmocka_unit_test(test_submit_sm_field_errors),
		cmocka_unit_test(test_tlv_errors),
		cmocka_unit_test(test_trailing_garbage),
		cmocka_unit_test(test_submit_multi_errors),
		cmocka_unit_test(test_answers),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
