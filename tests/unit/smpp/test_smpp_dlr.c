/*
 * Receipt text, stat words and the forms of an upstream id (smpp_dlr.h):
 * the standard text, reordered and lower-case keys, missing fields, a
 * "text:" holding look-alike keys, over-long values, and decimal/hex forms.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "smpp_dlr.h"
#include "smpp_err.h"
#include "smpp_pdu.h"

static int parse(const char *text, struct smpp_dlr *d)
{
	return smpp_dlr_parse((const uint8_t *)text, strlen(text), d);
}

static void test_standard_text(void **state)
{
	(void)state;
	struct smpp_dlr d;
	assert_int_equal(parse("id:1A2B sub:001 dlvrd:001 submit date:2401011200 done date:2401011201 "
			       "stat:DELIVRD err:000 text:Hello",
			       &d),
			 SMPP_OK);
	assert_string_equal(d.id, "1A2B");
	assert_string_equal(d.stat, "DELIVRD");
	assert_string_equal(d.err, "000");
	assert_int_equal(smpp_dlr_state(d.stat), SMPP_STATE_DELIVERED);
}

static void test_variants(void **state)
{
	(void)state;
	struct smpp_dlr d;
	assert_int_equal(parse("STAT:undeliv ERR:34 ID:77", &d), SMPP_OK);
	assert_string_equal(d.id, "77");
	assert_int_equal(smpp_dlr_state(d.stat), SMPP_STATE_UNDELIVERABLE);
	assert_string_equal(d.err, "34");
	/* Keys inside the message's own text do not count. */
	assert_int_equal(parse("stat:EXPIRED text:id:99 err:1", &d), SMPP_ENOTFOUND);
	assert_string_equal(d.id, "");
	assert_string_equal(d.err, "");
	assert_int_equal(smpp_dlr_state(d.stat), SMPP_STATE_EXPIRED);
	/* "subid:" is not "id:" */
	assert_int_equal(parse("subid:5 id:6", &d), SMPP_OK);
	assert_string_equal(d.id, "6");
	/* An id longer than 65 octets is cut, never overrun. */
	char long_text[200] = "id:";
	memset(long_text + 3, '7', 150);
	long_text[153] = '\0';
	assert_int_equal(parse(long_text, &d), SMPP_OK);
	assert_int_equal(strlen(d.id), 65);
	assert_int_equal(parse("", &d), SMPP_ENOTFOUND);
	/* Not NUL-terminated: stops at len. */
	assert_int_equal(smpp_dlr_parse((const uint8_t *)"id:12345", 5, &d), SMPP_OK);
	assert_string_equal(d.id, "12");
}

static void test_stat_words(void **state)
{
	(void)state;
	assert_int_equal(smpp_dlr_state("ACCEPTD"), SMPP_STATE_ACCEPTED);
	assert_int_equal(smpp_dlr_state("REJECTD"), SMPP_STATE_REJECTED);
	assert_int_equal(smpp_dlr_state("DELETED"), SMPP_STATE_DELETED);
	assert_int_equal(smpp_dlr_state("UNKNOWN"), SMPP_STATE_UNKNOWN);
	assert_int_equal(smpp_dlr_state("ENROUTE"), SMPP_STATE_ENROUTE);
	assert_int_equal(smpp_dlr_state("DELIVR"), 0);
	assert_int_equal(smpp_dlr_state("DELIVRDX"), 0);
	assert_int_equal(smpp_dlr_state(""), 0);
}

static void test_id_forms(void **state)
{
	(void)state;
	char f[SMPP_DLR_MAX_FORMS][SMPP_DLR_ID_MAX];
	/* decimal: itself, as hex, and (being hex digits too) as a hex number */
	size_t n = smpp_dlr_id_forms("6699", f, SMPP_DLR_MAX_FORMS);
	assert_int_equal(n, 4);
	assert_string_equal(f[0], "6699");
	assert_string_equal(f[1], "1A2B");
	assert_string_equal(f[2], "1a2b");
	assert_string_equal(f[3], "26265");
	/* hex: itself, as decimal, lower case */
	n = smpp_dlr_id_forms("1A2B", f, SMPP_DLR_MAX_FORMS);
	assert_int_equal(n, 3);
	assert_string_equal(f[0], "1A2B");
	assert_string_equal(f[1], "6699");
	assert_string_equal(f[2], "1a2b");
	/* 26265 = 0x6699: the reverse */
	n = smpp_dlr_id_forms("26265", f, SMPP_DLR_MAX_FORMS);
	assert_string_equal(f[1], "6699");
	/* leading zeros */
	n = smpp_dlr_id_forms("000123", f, SMPP_DLR_MAX_FORMS);
	assert_string_equal(f[0], "000123");
	assert_string_equal(f[1], "7B");
	assert_string_equal(f[n - 1], "123");
	/* not a number: itself and its cases */
	n = smpp_dlr_id_forms("msg-42x", f, SMPP_DLR_MAX_FORMS);
	assert_int_equal(n, 2);
	assert_string_equal(f[1], "MSG-42X");
	/* too large for 64 bits: no numeric forms, no overflow */
	n = smpp_dlr_id_forms("123456789012345678901234567890", f, SMPP_DLR_MAX_FORMS);
	assert_int_equal(n, 1);
	/* max is honoured */
	assert_int_equal(smpp_dlr_id_forms("1A2B", f, 1), 1);
	assert_int_equal(smpp_dlr_id_forms("", f, SMPP_DLR_MAX_FORMS), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_standard_text),
		cmocka_unit_test(test_variants),
		cmocka_unit_test(test_stat_words),
		cmocka_unit_test(test_id_forms),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
