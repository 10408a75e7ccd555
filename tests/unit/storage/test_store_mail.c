/*
 * Email-to-SMS records on a real SQLite file: the SMS parts and the record
 * commit together; the same email (by UIDL, or by Message-ID under another
 * UIDL) and recipient is refused as a duplicate with nothing written; the
 * lookup reports which recipients are done and whole-email outcomes; a
 * record survives closing and reopening the store (the crash case).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "store_test_fixture.h"

#define NOW 1800000000000LL

static int setup(void **state)
{
	(void)state;
	return fixture_setup("store-mail");
}

static struct store_mail mail(const char *inbox, const char *uidl, const char *mid, int recipient,
			      unsigned total, int outcome)
{
	struct store_mail m = {.recipient = recipient, .total = total, .outcome = outcome, .at = NOW};
	snprintf(m.inbox, sizeof m.inbox, "%s", inbox);
	snprintf(m.uidl, sizeof m.uidl, "%s", uidl);
	snprintf(m.message_id, sizeof m.message_id, "%s", mid);
	return m;
}

/* Inserts `parts` SMS rows to dst with the record; returns the op's result. */
static int insert(struct store_mail *m, const char *dst, size_t parts)
{
	struct store_msg msgs[3];
	memset(msgs, 0, sizeof msgs);
	for (size_t i = 0; i < parts; i++) {
		msgs[i].state = STORE_ST_QUEUED;
		snprintf(msgs[i].dst_addr, sizeof msgs[i].dst_addr, "%s", dst);
		msgs[i].payload = (const uint8_t *)"hi";
		msgs[i].payload_len = 2;
		msgs[i].created_at = msgs[i].updated_at = NOW;
	}
	struct store_op op = {.kind = STORE_OP_MAIL_INSERT, .msgs = msgs, .n = parts, .mail = m};
	run(&op);
	if (op.result == STORE_OK)
		for (size_t i = 0; i < parts; i++)
			assert_true(msgs[i].id > 0);
	else
		for (size_t i = 0; i < parts; i++)
			assert_int_equal(msgs[i].id, 0);
	return op.result;
}

static int64_t count_messages(void)
{
	struct store_op op = {.kind = STORE_OP_MSG_COUNT, .state = -1};
	run(&op);
	assert_int_equal(op.result, STORE_OK);
	return op.count;
}

static struct store_mail lookup(const char *inbox, const char *uidl, const char *mid)
{
	struct store_mail m = mail(inbox, uidl, mid, 0, 0, 0);
	struct store_op op = {.kind = STORE_OP_MAIL_LOOKUP, .mail = &m};
	run(&op);
	assert_int_equal(op.result, STORE_OK);
	return m;
}

static void test_insert_then_duplicate(void **state)
{
	(void)state;
	int64_t before = count_messages();
	struct store_mail r0 = mail("in1", "u-1", "<a@x>", 0, 2, STORE_MAIL_SENT);
	struct store_mail r1 = mail("in1", "u-1", "<a@x>", 1, 2, STORE_MAIL_SENT);
	assert_int_equal(insert(&r0, "37061234567", 2), STORE_OK);

	struct store_mail l = lookup("in1", "u-1", "");
	assert_int_equal(l.done_mask, 1);
	assert_int_equal(l.total, 2);
	assert_int_equal(l.outcome, -1);

	assert_int_equal(insert(&r1, "37061234568", 1), STORE_OK);
	l = lookup("in1", "u-1", "");
	assert_int_equal(l.done_mask, 3);
	assert_int_equal(count_messages(), before + 3);

	/* Again: same UIDL; then another UIDL with the same Message-ID (a second
	 * copy of one email); then without UIDL (a server lacking it). */
	struct store_mail again = mail("in1", "u-1", "", 0, 2, STORE_MAIL_SENT);
	assert_int_equal(insert(&again, "37061234567", 2), STORE_EDUPLICATE);
	struct store_mail copy = mail("in1", "u-2", "<a@x>", 1, 2, STORE_MAIL_SENT);
	assert_int_equal(insert(&copy, "37061234568", 1), STORE_EDUPLICATE);
	struct store_mail nouidl = mail("in1", "", "<a@x>", 0, 2, STORE_MAIL_SENT);
	assert_int_equal(insert(&nouidl, "37061234567", 1), STORE_EDUPLICATE);
	assert_int_equal(count_messages(), before + 3);

	/* Another inbox, or another recipient index, is not a duplicate. */
	struct store_mail other = mail("in2", "u-1", "<a@x>", 0, 1, STORE_MAIL_SENT);
	assert_int_equal(insert(&other, "37061234567", 1), STORE_OK);
	assert_int_equal(lookup("in2", "", "<a@x>").done_mask, 1);
	assert_int_equal(lookup("in1", "u-9", "").done_mask, 0);
	assert_int_equal(lookup("in1", "u-9", "").outcome, -1);
}

static void test_whole_email_outcomes(void **state)
{
	(void)state;
	int64_t before = count_messages();
	struct store_mail kept = mail("in1", "u-kept", "<k@x>", -1, 0, STORE_MAIL_NOT_NUMBER);
	assert_int_equal(insert(&kept, "", 0), STORE_OK);
	struct store_mail l = lookup("in1", "u-kept", "");
	assert_int_equal(l.outcome, STORE_MAIL_NOT_NUMBER);
	assert_int_equal(l.done_mask, 0);
	assert_int_equal(insert(&kept, "", 0), STORE_EDUPLICATE);
	assert_int_equal(count_messages(), before);

	/* Neither key: refused as malformed, nothing written. */
	struct store_mail none = mail("in1", "", "", -1, 0, STORE_MAIL_REJECTED);
	assert_int_equal(insert(&none, "", 0), STORE_EINVAL);
	struct store_op op = {.kind = STORE_OP_MAIL_LOOKUP, .mail = &none};
	run(&op);
	assert_int_equal(op.result, STORE_EINVAL);
	assert_string_equal(store_strerror(STORE_EDUPLICATE), "email already handled");
}

static void test_survives_reopen(void **state)
{
	(void)state;
	struct store_mail m = mail("in3", "u-crash", "<c@x>", 0, 1, STORE_MAIL_SENT);
	assert_int_equal(insert(&m, "37061234567", 1), STORE_OK);
	reopen(); /* as if the daemon died before DELE */
	assert_int_equal(lookup("in3", "u-crash", "").done_mask, 1);
	assert_int_equal(insert(&m, "37061234567", 1), STORE_EDUPLICATE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_insert_then_duplicate),
		cmocka_unit_test(test_whole_email_outcomes),
		cmocka_unit_test(test_survives_reopen),
	};
	return cmocka_run_group_tests(tests, setup, fixture_teardown);
}
