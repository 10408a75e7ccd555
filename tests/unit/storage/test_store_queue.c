/*
 * The queue ops on a real SQLite file: claiming due messages in priority
 * and time order (and only due ones), recording an attempt's outcome with
 * its receipt in the same transaction, finding a message by the id another
 * hop gave it, waking an account's waiting deliveries, and the ESME's
 * cancel and replace, which only touch messages not yet handed on.
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
	return fixture_setup("store-queue");
}

static int64_t insert(int dir, int st, int prio, int64_t next_at, const char *acct,
		      const char *src, const char *dst)
{
	struct store_msg m = {.direction = (uint8_t)dir, .state = (uint8_t)st,
			      .priority = (uint8_t)prio, .next_at = next_at,
			      .created_at = NOW, .updated_at = NOW};
	snprintf(m.account, sizeof m.account, "%s", acct);
	snprintf(m.src_addr, sizeof m.src_addr, "%s", src);
	snprintf(m.dst_addr, sizeof m.dst_addr, "%s", dst);
	m.payload = (const uint8_t *)"x";
	m.payload_len = 1;
	struct store_op op = {.kind = STORE_OP_MSG_INSERT, .msgs = &m, .n = 1};
	run(&op);
	assert_int_equal(op.result, STORE_OK);
	return m.id;
}

static int get_state(int64_t id)
{
	struct store_op op = {.kind = STORE_OP_MSG_GET, .id = id};
	run(&op);
	assert_int_equal(op.result, STORE_OK);
	int st = op.msg.state;
	store_op_clear(&op);
	return st;
}

static void test_claim_order_and_due_only(void **state)
{
	(void)state;
	int64_t late_low = insert(0, STORE_ST_QUEUED, 0, NOW - 5000, "a", "s", "1");
	int64_t early_low = insert(0, STORE_ST_QUEUED, 0, NOW - 9000, "a", "s", "2");
	int64_t high = insert(0, STORE_ST_QUEUED, 3, NOW - 1000, "a", "s", "3");
	int64_t future = insert(0, STORE_ST_QUEUED, 3, NOW + 60000, "a", "s", "4");
	int64_t sched_due = insert(0, STORE_ST_SCHEDULED, 0, NOW - 1, "a", "s", "5");
	int64_t sched_later = insert(0, STORE_ST_SCHEDULED, 0, NOW + 1, "a", "s", "6");
	int64_t done = insert(0, STORE_ST_DELIVERED, 3, 0, "a", "s", "7");

	struct store_op claim = {.kind = STORE_OP_MSG_CLAIM, .at = NOW, .limit = 3};
	run(&claim);
	assert_int_equal(claim.result, STORE_OK);
	assert_int_equal(claim.n_rows, 3);
	assert_int_equal(claim.rows[0].id, sched_due);
	assert_int_equal(claim.rows[1].id, high);
	assert_int_equal(claim.rows[2].id, early_low);
	assert_int_equal(claim.rows[0].state, STORE_ST_DISPATCHING);
	assert_string_equal(claim.rows[1].dst_addr, "3");
	store_op_clear(&claim);

	claim = (struct store_op){.kind = STORE_OP_MSG_CLAIM, .at = NOW, .limit = 10};
	run(&claim);
	assert_int_equal(claim.n_rows, 1);
	assert_int_equal(claim.rows[0].id, late_low);
	store_op_clear(&claim);

	assert_int_equal(get_state(high), STORE_ST_DISPATCHING);
	assert_int_equal(get_state(future), STORE_ST_QUEUED);
	assert_int_equal(get_state(sched_later), STORE_ST_SCHEDULED);
	assert_int_equal(get_state(done), STORE_ST_DELIVERED);

	claim = (struct store_op){.kind = STORE_OP_MSG_CLAIM, .at = NOW, .limit = 10};
	run(&claim);
	assert_int_equal(claim.n_rows, 0);
	store_op_clear(&claim);
}

static void test_update_with_receipt_and_find_remote(void **state)
{
	(void)state;
	int64_t id = insert(0, STORE_ST_DISPATCHING, 0, NOW, "acct", "111", "222");
	struct store_msg receipt = {.direction = STORE_DIR_DR, .state = STORE_ST_QUEUED,
				    .receipt_of = id, .created_at = NOW, .updated_at = NOW};
	strcpy(receipt.account, "acct");
	receipt.payload = (const uint8_t *)"id:1 stat:DELIVRD";
	receipt.payload_len = 17;
	struct store_op up = {.kind = STORE_OP_MSG_UPDATE, .at = NOW + 5};
	up.update = (struct store_update){.id = id, .state = STORE_ST_DELIVERED, .attempts = 1,
					  .receipt = &receipt};
	strcpy(up.update.connector, "up1");
	strcpy(up.update.remote_id, "0xABC");
	run(&up);
	assert_int_equal(up.result, STORE_OK);
	assert_true(receipt.id > id);

	struct store_op find = {.kind = STORE_OP_MSG_FIND_REMOTE};
	strcpy(find.connector, "up1");
	strcpy(find.remote_id, "0xABC");
	run(&find);
	assert_int_equal(find.result, STORE_OK);
	assert_int_equal(find.msg.id, id);
	assert_int_equal(find.msg.state, STORE_ST_DELIVERED);
	assert_int_equal(find.msg.done_at, NOW + 5);
	assert_int_equal(find.msg.attempts, 1);
	store_op_clear(&find);

	struct store_op get = {.kind = STORE_OP_MSG_GET, .id = receipt.id};
	run(&get);
	assert_int_equal(get.msg.direction, STORE_DIR_DR);
	assert_int_equal(get.msg.receipt_of, id);
	store_op_clear(&get);

	struct store_op miss = {.kind = STORE_OP_MSG_FIND_REMOTE};
	strcpy(miss.connector, "up1");
	strcpy(miss.remote_id, "abc"); /* ids are compared exactly */
	run(&miss);
	assert_int_equal(miss.result, STORE_ENOTFOUND);

	struct store_op gone = {.kind = STORE_OP_MSG_UPDATE, .at = NOW};
	gone.update.id = 987654321;
	run(&gone);
	assert_int_equal(gone.result, STORE_ENOTFOUND);
}

static void test_wake_account(void **state)
{
	(void)state;
	/* Rows earlier tests left due (a receipt) are claimed first, out of the way. */
	struct store_op drain = {.kind = STORE_OP_MSG_CLAIM, .at = NOW, .limit = 1000};
	run(&drain);
	store_op_clear(&drain);
	int64_t dr = insert(STORE_DIR_DR, STORE_ST_QUEUED, 0, NOW + 600000, "rx", "", "9");
	int64_t other = insert(STORE_DIR_DR, STORE_ST_QUEUED, 0, NOW + 600000, "other", "", "9");
	struct store_op wake = {.kind = STORE_OP_MSG_WAKE_ACCOUNT, .at = NOW};
	strcpy(wake.account, "rx");
	run(&wake);
	assert_int_equal(wake.count, 1);
	struct store_op claim = {.kind = STORE_OP_MSG_CLAIM, .at = NOW, .limit = 10};
	run(&claim);
	assert_int_equal(claim.n_rows, 1);
	assert_int_equal(claim.rows[0].id, dr);
	store_op_clear(&claim);
	assert_int_equal(get_state(other), STORE_ST_QUEUED);
}

static void test_cancel(void **state)
{
	(void)state;
	int64_t a = insert(0, STORE_ST_QUEUED, 0, NOW + 1e7, "c", "src1", "dst1");
	int64_t b = insert(0, STORE_ST_SCHEDULED, 0, NOW + 1e7, "c", "src2", "dst1");
	int64_t c = insert(0, STORE_ST_QUEUED, 0, NOW + 1e7, "c", "src1", "dst1");
	int64_t sent = insert(0, STORE_ST_SENT, 0, NOW + 1e7, "c", "src1", "dst1");
	int64_t theirs = insert(0, STORE_ST_QUEUED, 0, NOW + 1e7, "d", "src1", "dst1");

	struct store_op by_id = {.kind = STORE_OP_MSG_CANCEL, .at = NOW};
	strcpy(by_id.account, "c");
	by_id.cancel.id = a;
	strcpy(by_id.cancel.src_addr, "wrong");
	run(&by_id);
	assert_int_equal(by_id.result, STORE_ENOTFOUND); /* source must match when given */
	by_id.cancel.src_addr[0] = '\0';
	run(&by_id);
	assert_int_equal(by_id.result, STORE_OK);
	assert_int_equal(by_id.count, 1);
	assert_int_equal(get_state(a), STORE_ST_CANCELLED);

	struct store_op match = {.kind = STORE_OP_MSG_CANCEL, .at = NOW};
	strcpy(match.account, "c");
	strcpy(match.cancel.dst_addr, "dst1");
	strcpy(match.cancel.src_addr, "src1");
	run(&match);
	assert_int_equal(match.count, 1); /* c only: a is gone, b other source, sent handed on */
	assert_int_equal(get_state(c), STORE_ST_CANCELLED);
	assert_int_equal(get_state(b), STORE_ST_SCHEDULED);
	assert_int_equal(get_state(sent), STORE_ST_SENT);
	assert_int_equal(get_state(theirs), STORE_ST_QUEUED);

	struct store_op again = {.kind = STORE_OP_MSG_CANCEL, .at = NOW};
	strcpy(again.account, "c");
	again.cancel.id = sent;
	run(&again);
	assert_int_equal(again.result, STORE_ENOTFOUND);
}

static void test_replace(void **state)
{
	(void)state;
	int64_t q = insert(0, STORE_ST_QUEUED, 0, NOW, "r", "src", "dst");
	int64_t sent = insert(0, STORE_ST_SENT, 0, NOW, "r", "src", "dst");
	struct store_op rep = {.kind = STORE_OP_MSG_REPLACE, .at = NOW};
	strcpy(rep.account, "r");
	rep.replace = (struct store_replace){.id = q, .payload = (const uint8_t *)"new text",
					     .payload_len = 8, .schedule_at = NOW + 3600000,
					     .expire_at = -1, .registered_delivery = 1};
	strcpy(rep.replace.src_addr, "src");
	run(&rep);
	assert_int_equal(rep.result, STORE_OK);
	struct store_op get = {.kind = STORE_OP_MSG_GET, .id = q};
	run(&get);
	assert_int_equal(get.msg.state, STORE_ST_SCHEDULED);
	assert_int_equal(get.msg.schedule_at, NOW + 3600000);
	assert_int_equal(get.msg.next_at, NOW + 3600000);
	assert_int_equal(get.msg.registered_delivery, 1);
	assert_memory_equal(get.msg.payload, "new text", 8);
	store_op_clear(&get);

	rep.replace.id = sent;
	run(&rep);
	assert_int_equal(rep.result, STORE_ESTATE);
	rep.replace.id = q;
	strcpy(rep.account, "someone");
	run(&rep);
	assert_int_equal(rep.result, STORE_ENOTFOUND);
}

/* Parts of a message the broker split share one receipt: the last delivery, or the first failure. */
static bool update_says_receipt(int64_t id, int64_t group, int state)
{
	struct store_msg receipt = {.direction = STORE_DIR_DR, .state = STORE_ST_QUEUED,
				    .receipt_of = group, .created_at = NOW, .updated_at = NOW};
	struct store_op up = {.kind = STORE_OP_MSG_UPDATE, .at = NOW};
	up.update = (struct store_update){.id = id, .state = (uint8_t)state, .receipt = &receipt,
					  .group_id = group};
	run(&up);
	assert_int_equal(up.result, STORE_OK);
	return receipt.id > 0;
}

static void test_split_message_has_one_receipt(void **state)
{
	(void)state;
	for (int failing = 0; failing < 2; failing++) {
		struct store_msg parts[3];
		for (int i = 0; i < 3; i++) {
			parts[i] = (struct store_msg){.direction = STORE_DIR_MT, .state = STORE_ST_QUEUED,
						      .part_total = 3, .part_seq = (uint8_t)(i + 1),
						      .created_at = NOW, .updated_at = NOW};
			strcpy(parts[i].account, "grp");
			strcpy(parts[i].dst_addr, "37060000009");
		}
		struct store_op ins = {.kind = STORE_OP_MSG_INSERT, .msgs = parts, .n = 3,
				       .group_parts = true};
		run(&ins);
		assert_int_equal(ins.result, STORE_OK);
		int64_t g = parts[0].id;
		for (int i = 0; i < 3; i++)
			assert_int_equal(parts[i].group_id, g);
		struct store_op get = {.kind = STORE_OP_MSG_GET, .id = g};
		run(&get);
		assert_int_equal(get.msg.group_id, g); /* the first part names the group after itself */
		store_op_clear(&get);

		if (!failing) {
			/* Delivered in any order: only the last one reports. */
			assert_false(update_says_receipt(parts[1].id, g, STORE_ST_DELIVERED));
			assert_false(update_says_receipt(parts[0].id, g, STORE_ST_DELIVERED));
			assert_true(update_says_receipt(parts[2].id, g, STORE_ST_DELIVERED));
		} else {
			/* The first failure reports at once; what follows says nothing more. */
			assert_false(update_says_receipt(parts[0].id, g, STORE_ST_DELIVERED));
			assert_true(update_says_receipt(parts[2].id, g, STORE_ST_UNDELIVERABLE));
			assert_false(update_says_receipt(parts[1].id, g, STORE_ST_EXPIRED));
		}
	}
	/* A row outside any group reports on its own, and non-final notifications always go. */
	int64_t lone = insert(0, STORE_ST_DISPATCHING, 0, NOW, "grp", "s", "1");
	assert_true(update_says_receipt(lone, 0, STORE_ST_DELIVERED));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_claim_order_and_due_only),
		cmocka_unit_test(test_update_with_receipt_and_find_remote),
		cmocka_unit_test(test_wake_account),
		cmocka_unit_test(test_cancel),
		cmocka_unit_test(test_replace),
		cmocka_unit_test(test_split_message_has_one_receipt),
	};
	return cmocka_run_group_tests(tests, setup, fixture_teardown);
}
