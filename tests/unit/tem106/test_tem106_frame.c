/*
 * TEM-106 frames against vectors worked out by hand from the seed: every
 * checksum below is NOT(sum of the bytes before it), summed on paper, start
 * byte included. Faults: each bad answer is refused with its own reason.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "tem106_frame.h"

/* Identify answer from address 1 carrying "TEMC106" in ASCII:
 * AA+01+FE+00+00+07+54+45+4D+43+31+30+36 = 0x370, ~0x70 = 0x8F. */
static const uint8_t ident_answer[] = {0xAA, 0x01, 0xFE, 0x00, 0x00, 0x07, 'T', 'E',
				       'M',  'C',  '1',  '0',  '6',  0x8F};
/* Timer read answer from address 1, four bytes 01 4D 0F 11: sum 0x22B, CS D4. */
static const uint8_t t2k_answer[] = {0xAA, 0x01, 0xFE, 0x0F, 0x01, 0x04,
				     0x01, 0x4D, 0x0F, 0x11, 0xD4};

static void test_checksum_includes_start_byte(void **state)
{
	(void)state;
	const uint8_t hdr[] = {0x55, 0x01, 0xFE, 0x00, 0x00, 0x00};
	assert_int_equal(tem106_checksum(hdr, sizeof hdr), 0xAB);
	assert_int_equal(tem106_checksum(hdr, 0), 0xFF);
}

static void test_identify_request(void **state)
{
	(void)state;
	/* the vector: 55+01+FE = 0x154, ~0x54 = 0xAB */
	const uint8_t want[] = {0x55, 0x01, 0xFE, 0x00, 0x00, 0x00, 0xAB};
	uint8_t buf[16];
	size_t n = 0;
	struct tem106_expect exp;
	assert_int_equal(tem106_build_identify(0x01, buf, sizeof buf, &n, &exp), TEM106_OK);
	assert_int_equal(n, sizeof want);
	assert_memory_equal(buf, want, sizeof want);
	assert_int_equal(exp.addr, 0x01);
	assert_int_equal(exp.cgrp, 0x00);
	assert_int_equal(exp.cmd, 0x00);
	assert_true(exp.any_len);

	/* ADDR + !ADDR is always FF, so the identify CS is AB at any address */
	const uint8_t want12[] = {0x55, 0x12, 0xED, 0x00, 0x00, 0x00, 0xAB};
	assert_int_equal(tem106_build_identify(0x12, buf, sizeof buf, &n, NULL), TEM106_OK);
	assert_memory_equal(buf, want12, sizeof want12);

	/* one byte short of room: refused, not truncated */
	assert_int_equal(tem106_build_identify(0x01, buf, 6, &n, NULL), TEM106_E_NOSPACE);
}

static void test_read_t2k_request(void **state)
{
	(void)state;
	/* the seed's example: address 0180, 0x40 bytes; sum 0x228, CS D7 */
	const uint8_t want[] = {0x55, 0x01, 0xFE, 0x0F, 0x01, 0x03, 0x01, 0x80, 0x40, 0xD7};
	uint8_t buf[16];
	size_t n = 0;
	struct tem106_expect exp;
	assert_int_equal(tem106_build_read_t2k(0x01, 0x0180, 0x40, buf, sizeof buf, &n, &exp),
			 TEM106_OK);
	assert_int_equal(n, sizeof want);
	assert_memory_equal(buf, want, sizeof want);
	assert_int_equal(exp.cgrp, 0x0F);
	assert_int_equal(exp.cmd, 0x01);
	assert_int_equal(exp.len, 0x40);
	assert_false(exp.any_len);

	assert_int_equal(tem106_build_read_t2k(1, 0, 0, buf, sizeof buf, &n, NULL), TEM106_E_ARG);
	assert_int_equal(tem106_build_read_t2k(1, 0, 65, buf, sizeof buf, &n, NULL), TEM106_E_ARG);
	/* the last 64 bytes of 2K fit, one byte further does not */
	assert_int_equal(tem106_build_read_t2k(1, 0x7C0, 64, buf, sizeof buf, &n, NULL), TEM106_OK);
	assert_int_equal(tem106_build_read_t2k(1, 0x7C1, 64, buf, sizeof buf, &n, NULL), TEM106_E_ARG);
	assert_int_equal(tem106_build_read_t2k(1, 0, 1, buf, 9, &n, NULL), TEM106_E_NOSPACE);
}

static void test_read_flash_request(void **state)
{
	(void)state;
	/* the seed's example: TLEN 40, address 00 01 00 80; sum 0x22C, CS D3 */
	const uint8_t want[] = {0x55, 0x01, 0xFE, 0x0F, 0x03, 0x05, 0x40,
				0x00, 0x01, 0x00, 0x80, 0xD3};
	uint8_t buf[16];
	size_t n = 0;
	struct tem106_expect exp;
	assert_int_equal(tem106_build_read_flash(0x01, 0x00010080, 0x40, buf, sizeof buf, &n, &exp),
			 TEM106_OK);
	assert_int_equal(n, sizeof want);
	assert_memory_equal(buf, want, sizeof want);
	assert_int_equal(exp.cmd, 0x03);
	assert_int_equal(exp.len, 0x40);

	/* address 5, first monthly record of the 1 MB layout: sum 0x229, CS D6 */
	const uint8_t want5[] = {0x55, 0x05, 0xFA, 0x0F, 0x03, 0x05, 0x40,
				 0x00, 0x0E, 0x70, 0x00, 0xD6};
	assert_int_equal(tem106_build_read_flash(0x05, 0x000E7000, 0x40, buf, sizeof buf, &n, NULL),
			 TEM106_OK);
	assert_memory_equal(buf, want5, sizeof want5);

	assert_int_equal(tem106_build_read_flash(1, 0, 0, buf, sizeof buf, &n, NULL), TEM106_E_ARG);
	assert_int_equal(tem106_build_read_flash(1, 0xFFFFFFF0u, 64, buf, sizeof buf, &n, NULL),
			 TEM106_E_ARG);
	assert_int_equal(tem106_build_read_flash(1, 0, 64, buf, 11, &n, NULL), TEM106_E_NOSPACE);
}

static void test_identify_answer(void **state)
{
	(void)state;
	struct tem106_expect exp;
	uint8_t req[16];
	size_t n;
	assert_int_equal(tem106_build_identify(0x01, req, sizeof req, &n, &exp), TEM106_OK);
	const uint8_t *data = NULL;
	size_t dlen = 0;
	assert_int_equal(tem106_answer_parse(&exp, ident_answer, sizeof ident_answer, &data, &dlen),
			 TEM106_OK);
	assert_int_equal(dlen, 7);
	char name[16];
	assert_int_equal(tem106_ident_copy(data, dlen, name, sizeof name), TEM106_OK);
	assert_string_equal(name, "TEMC106");
	assert_int_equal(tem106_ident_copy(data, dlen, name, 7), TEM106_E_NOSPACE);
	assert_string_equal(name, "");
}

static void test_read_answers(void **state)
{
	(void)state;
	struct tem106_expect exp;
	uint8_t req[16];
	size_t n;
	const uint8_t *data = NULL;
	size_t dlen = 0;
	assert_int_equal(tem106_build_read_t2k(0x01, 0x0152, 4, req, sizeof req, &n, &exp),
			 TEM106_OK);
	assert_int_equal(tem106_answer_parse(&exp, t2k_answer, sizeof t2k_answer, &data, &dlen),
			 TEM106_OK);
	assert_int_equal(dlen, 4);
	assert_ptr_equal(data, t2k_answer + 6);

	/* flash answer, two bytes 12 34: sum 0x203, CS FC */
	const uint8_t fl[] = {0xAA, 0x01, 0xFE, 0x0F, 0x03, 0x02, 0x12, 0x34, 0xFC};
	assert_int_equal(tem106_build_read_flash(0x01, 0x100, 2, req, sizeof req, &n, &exp),
			 TEM106_OK);
	assert_int_equal(tem106_answer_parse(&exp, fl, sizeof fl, &data, &dlen), TEM106_OK);
	assert_int_equal(dlen, 2);
	assert_int_equal(data[0], 0x12);
	assert_int_equal(data[1], 0x34);
}

/* Expectation of a 4-byte timer read from address 1. */
static struct tem106_expect t2k_expect(void)
{
	struct tem106_expect exp;
	uint8_t req[16];
	size_t n;
	assert_int_equal(tem106_build_read_t2k(0x01, 0x0152, 4, req, sizeof req, &n, &exp),
			 TEM106_OK);
	return exp;
}

/* A copy of t2k_answer with byte i set to v and the checksum redone by the
 * hand-checked rule (only for faults that are not about the checksum). */
static void mutate(uint8_t *out, size_t i, uint8_t v)
{
	memcpy(out, t2k_answer, sizeof t2k_answer);
	out[i] = v;
	unsigned sum = 0;
	for (size_t k = 0; k + 1 < sizeof t2k_answer; k++)
		sum += out[k];
	out[sizeof t2k_answer - 1] = (uint8_t)~sum;
}

static void assert_refused(const uint8_t *buf, size_t len, int reason)
{
	struct tem106_expect exp = t2k_expect();
	const uint8_t *data = NULL;
	size_t dlen = 0;
	assert_int_equal(tem106_answer_parse(&exp, buf, len, &data, &dlen), reason);
	assert_null(data);
}

static void test_faults_each_with_reason(void **state)
{
	(void)state;
	uint8_t bad[sizeof t2k_answer];

	memcpy(bad, t2k_answer, sizeof bad);
	bad[sizeof bad - 1] ^= 0x01;
	assert_refused(bad, sizeof bad, TEM106_E_CHECKSUM);

	memcpy(bad, t2k_answer, sizeof bad);
	bad[7] ^= 0x80; /* a data bit flipped in transit */
	assert_refused(bad, sizeof bad, TEM106_E_CHECKSUM);

	mutate(bad, 0, 0x55); /* our own request echoed back */
	assert_refused(bad, sizeof bad, TEM106_E_START);

	/* a consistent frame from meter 2: AA+02+FD = AA+01+FE, so CS stays D4 */
	const uint8_t other[] = {0xAA, 0x02, 0xFD, 0x0F, 0x01, 0x04, 0x01, 0x4D, 0x0F, 0x11, 0xD4};
	memcpy(bad, other, sizeof bad);
	assert_refused(bad, sizeof bad, TEM106_E_ADDR);

	mutate(bad, 2, 0xFF);
	assert_refused(bad, sizeof bad, TEM106_E_ADDR_INV);

	mutate(bad, 3, 0x00);
	assert_refused(bad, sizeof bad, TEM106_E_GROUP);

	mutate(bad, 4, 0x03);
	assert_refused(bad, sizeof bad, TEM106_E_CMD);

	mutate(bad, 5, 0x03);
	assert_refused(bad, sizeof bad, TEM106_E_LEN);

	mutate(bad, 5, 0x41);
	assert_refused(bad, sizeof bad, TEM106_E_LEN_MAX);

	assert_refused(t2k_answer, sizeof t2k_answer - 1, TEM106_E_SHORT);
	assert_refused(t2k_answer, 3, TEM106_E_SHORT);
	assert_refused(t2k_answer, 0, TEM106_E_SHORT);

	uint8_t longer[sizeof t2k_answer + 1];
	memcpy(longer, t2k_answer, sizeof t2k_answer);
	longer[sizeof t2k_answer] = 0x00;
	assert_refused(longer, sizeof longer, TEM106_E_TRAILING);

	uint8_t noisy[sizeof t2k_answer + 2] = {0x00, 0xFF};
	memcpy(noisy + 2, t2k_answer, sizeof t2k_answer);
	assert_refused(noisy, sizeof noisy, TEM106_E_START);
	assert_int_equal(tem106_answer_resync(noisy, sizeof noisy), 2);
	assert_int_equal(tem106_answer_resync(t2k_answer, 1), 1);
	assert_int_equal(tem106_answer_resync(noisy, 2), 2);
}

static void test_scan_byte_by_byte(void **state)
{
	(void)state;
	struct tem106_expect exp = t2k_expect();
	size_t flen = 0;
	for (size_t i = 0; i < sizeof t2k_answer; i++)
		assert_int_equal(tem106_answer_scan(&exp, t2k_answer, i, &flen), TEM106_NEED_MORE);
	assert_int_equal(tem106_answer_scan(&exp, t2k_answer, sizeof t2k_answer, &flen), TEM106_OK);
	assert_int_equal(flen, sizeof t2k_answer);

	/* bytes after a complete frame are left for the caller */
	uint8_t two[2 * sizeof t2k_answer];
	memcpy(two, t2k_answer, sizeof t2k_answer);
	memcpy(two + sizeof t2k_answer, t2k_answer, sizeof t2k_answer);
	flen = 0;
	assert_int_equal(tem106_answer_scan(&exp, two, sizeof two, &flen), TEM106_OK);
	assert_int_equal(flen, sizeof t2k_answer);

	/* a wrong address is reported at the second byte, before any timeout */
	const uint8_t other[] = {0xAA, 0x07};
	assert_int_equal(tem106_answer_scan(&exp, other, sizeof other, &flen), TEM106_E_ADDR);
	const uint8_t junk[] = {0x13};
	assert_int_equal(tem106_answer_scan(&exp, junk, sizeof junk, &flen), TEM106_E_START);

	/* identification takes whatever length, within 64 */
	struct tem106_expect idx;
	uint8_t req[8];
	size_t n;
	assert_int_equal(tem106_build_identify(0x01, req, sizeof req, &n, &idx), TEM106_OK);
	assert_int_equal(tem106_answer_scan(&idx, ident_answer, 6, &flen), TEM106_NEED_MORE);
	assert_int_equal(tem106_answer_scan(&idx, ident_answer, sizeof ident_answer, &flen),
			 TEM106_OK);
	assert_int_equal(flen, 14);
}

static void test_err_names(void **state)
{
	(void)state;
	assert_string_equal(tem106_err_name(TEM106_E_CHECKSUM), "bad checksum");
	assert_string_equal(tem106_err_name(TEM106_E_START), "wrong start byte");
	assert_string_equal(tem106_err_name(-999), "unknown error");
	for (int e = TEM106_NEED_MORE; e >= TEM106_E_INDEX; e--)
		assert_string_not_equal(tem106_err_name(e), "unknown error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_checksum_includes_start_byte),
		cmocka_unit_test(test_identify_request),
		cmocka_unit_test(test_read_t2k_request),
		cmocka_unit_test(test_read_flash_request),
		cmocka_unit_test(test_identify_answer),
		cmocka_unit_test(test_read_answers),
		cmocka_unit_test(test_faults_each_with_reason),
		cmocka_unit_test(test_scan_byte_by_byte),
		cmocka_unit_test(test_err_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
