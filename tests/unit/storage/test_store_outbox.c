/*
 * The forwarding outbox on a real SQLite file: rows inserted with their
 * message in one op; claims per target with a lease (claimed rows are not
 * due again until it ends, also across a reopen); a long message's parts
 * claimed as one job; a part coming after its set was finished is late;
 * results, and "don't save" deleting the message only once no row is
 * pending; the receipt callback row the store adds with a receipt; the reply
 * rate count.
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
	return fixture_setup("store-outbox");
}

static struct store_msg mo(const char *src, const char *text, uint16_t ref, uint8_t total,
			   uint8_t seq, int64_t at)
{
	struct store_msg m = {.direction = STORE_DIR_MO, .state = STORE_ST_QUEUED, .concat_ref = ref,
			      .part_total = total, .part_seq = seq, .created_at = at,
			      .updated_at = at, .next_at = at};
	snprintf(m.src_addr, sizeof m.src_addr, "%s", src);
	snprintf(m.dst_addr, sizeof m.dst_addr, "%s", "12345");
	snprintf(m.connector, sizeof m.connector, "%s", "up");
	m.payload = (const uint8_t *)text;
	m.payload_len = (uint32_t)strlen(text);
	return m;
}

static struct store_outbox_target target(const char *kind, const char *name, unsigned flags)
{
	struct store_outbox_target t = {.expire_at = NOW + 86400000, .flags = flags};
	snprintf(t.kind, sizeof t.kind, "%s", kind);
	snprintf(t.name, sizeof t.name, "%s", name);
	return t;
}

static int64_t insert_fwd(struct store_msg *m, const struct store_outbox_target *t, size_t n)
{
	struct store_op op = {.kind = STORE_OP_MSG_INSERT_FWD, .msgs = m, .n = 1, .targets = t,
			      .n_targets = n};
	run(&op);
	assert_int_equal(op.result, STORE_OK);
	assert_true(m->id > 0);
	return m->id;
}

/* Claims kind/name at `at`; the caller clears op. */
static void claim(struct store_op *op, struct store_outbox_claim *c, const char *kind,
		  const char *name, int64_t at)
{
	*c = (struct store_outbox_claim){.kind = kind, .name = name, .limit = 8, .lease_ms = 60000,
					 .window_ms = 3600000};
	memset(op, 0, sizeof *op);
	op->kind = STORE_OP_OUTBOX_CLAIM;
	op->claim = c;
	op->at = at;
	run(op);
	assert_int_equal(op->result, STORE_OK);
}

static int64_t finish(const int64_t *ids, size_t n, int state)
{
	struct store_outbox_result r = {.ids = ids, .n = n, .state = state, .next_at = NOW,
					.attempts = 1, .error = "x"};
	struct store_op op = {.kind = STORE_OP_OUTBOX_RESULT, .outbox = &r, .at = NOW};
	run(&op);
	assert_int_equal(op.result, STORE_OK);
	return op.count;
}

static bool message_exists(int64_t id)
{
	struct store_op op = {.kind = STORE_OP_MSG_GET, .id = id};
	run(&op);
	store_op_clear(&op);
	return op.result == STORE_OK;
}

static void test_claim_lease_and_drop(void **state)
{
	(void)state;
	struct store_msg m = mo("+4917000001", "hello", 0, 0, 0, NOW);
	struct store_outbox_target t[2] = {target("http", "hook", STORE_OUTBOX_FLAG_DROP),
					   target("email", "mail", 0)};
	int64_t id = insert_fwd(&m, t, 2);

	struct store_op op;
	struct store_outbox_claim c;
	claim(&op, &c, "http", "hook", NOW);
	assert_int_equal(op.n_jobs, 1);
	struct store_outbox_job *j = &op.jobs[0];
	assert_int_equal(j->row.message_id, id);
	assert_string_equal(j->row.kind, "http");
	assert_int_equal(j->row.flags, STORE_OUTBOX_FLAG_DROP);
	assert_int_equal(j->n_parts, 1);
	assert_memory_equal(j->parts[0].payload, "hello", 5);
	assert_int_equal(j->n_ids, 1);
	int64_t http_row = j->ids[0];
	store_op_clear(&op);

	/* Leased: not due again until the lease ends. */
	claim(&op, &c, "http", "hook", NOW + 1000);
	assert_int_equal(op.n_jobs, 0);
	store_op_clear(&op);
	claim(&op, &c, "http", "hook", NOW + 61000);
	assert_int_equal(op.n_jobs, 1);
	store_op_clear(&op);

	/* Done, but the email row is pending: the message stays. */
	assert_int_equal(finish(&http_row, 1, STORE_OUTBOX_DONE), 0);
	assert_true(message_exists(id));
	claim(&op, &c, "email", "", NOW);
	assert_int_equal(op.n_jobs, 1);
	int64_t mail_row = op.jobs[0].ids[0];
	store_op_clear(&op);
	/* Now no row is pending and one asked for it: deleted. */
	assert_int_equal(finish(&mail_row, 1, STORE_OUTBOX_FAILED), 1);
	assert_false(message_exists(id));
}

static void test_long_message_parts(void **state)
{
	(void)state;
	struct store_outbox_target t = target("sms", "fw/+491", 0);
	struct store_msg p1 = mo("+4917000002", "part one ", 7, 3, 1, NOW);
	struct store_msg p3 = mo("+4917000002", "part three", 7, 3, 3, NOW + 10);
	struct store_msg other = mo("+4917000009", "other sender", 7, 3, 2, NOW + 20);
	insert_fwd(&p1, &t, 1);
	insert_fwd(&p3, &t, 1);
	insert_fwd(&other, &t, 1);

	struct store_op op;
	struct store_outbox_claim c;
	claim(&op, &c, "sms", "", NOW + 100);
	/* Two jobs: the sender's set (both parts, both rows), and the other sender's part. */
	assert_int_equal(op.n_jobs, 2);
	struct store_outbox_job *j = &op.jobs[0];
	assert_int_equal(j->n_parts, 2);
	assert_int_equal(j->n_ids, 2);
	assert_false(j->late);
	assert_int_equal(op.jobs[1].n_parts, 1);
	int64_t ids[2] = {j->ids[0], j->ids[1]};
	store_op_clear(&op);
	finish(ids, 2, STORE_OUTBOX_DONE);

	/* The missing part comes after its set went out: alone, and late. */
	struct store_msg p2 = mo("+4917000002", "part two ", 7, 3, 2, NOW + 200);
	insert_fwd(&p2, &t, 1);
	claim(&op, &c, "sms", "", NOW + 300);
	assert_int_equal(op.n_jobs, 1);
	assert_true(op.jobs[0].late);
	assert_int_equal(op.jobs[0].n_parts, 1);
	assert_int_equal(op.jobs[0].parts[0].part_seq, 2);
	store_op_clear(&op);
}

static void test_receipt_callback_row(void **state)
{
	(void)state;
	struct store_msg mt = mo("+4917000003", "to a phone", 0, 0, 0, NOW);
	mt.direction = STORE_DIR_MT;
	struct store_op op = {.kind = STORE_OP_MSG_INSERT, .msgs = &mt, .n = 1};
	run(&op);
	struct store_op cb = {.kind = STORE_OP_MSG_CALLBACK_SET, .id = mt.id,
			      .url = "http://127.0.0.1:9/r", .at = NOW};
	run(&cb);
	assert_int_equal(cb.result, STORE_OK);
	struct store_msg dr = mo("12345", "id:1 stat:DELIVRD err:000", 0, 0, 0, NOW + 5);
	dr.direction = STORE_DIR_DR;
	dr.receipt_of = mt.id;
	struct store_op up = {.kind = STORE_OP_MSG_UPDATE, .at = NOW + 5};
	up.update.id = mt.id;
	up.update.state = STORE_ST_DELIVERED;
	up.update.receipt = &dr;
	run(&up);
	assert_int_equal(up.result, STORE_OK);
	assert_true(dr.id > 0);

	struct store_outbox_claim c;
	claim(&op, &c, "callback", "receipts", NOW + 10);
	assert_int_equal(op.n_jobs, 1);
	assert_int_equal(op.jobs[0].row.message_id, dr.id);
	assert_string_equal(op.jobs[0].url, "http://127.0.0.1:9/r");
	assert_int_equal(op.jobs[0].about.id, mt.id);
	store_op_clear(&op);
}

static void test_recent_count_and_reopen(void **state)
{
	(void)state;
	struct store_outbox_target t = target("reply", "auto_reply/+4917000004", 0);
	struct store_msg a = mo("+4917000004", "one", 0, 0, 0, NOW);
	struct store_msg b = mo("+4917000004", "two", 0, 0, 0, NOW + 1);
	insert_fwd(&a, &t, 1);
	insert_fwd(&b, &t, 1);
	struct store_op op;
	struct store_outbox_claim c;
	claim(&op, &c, "reply", "", NOW + 2);
	assert_int_equal(op.n_jobs, 2);
	int64_t first = op.jobs[0].ids[0];
	store_op_clear(&op);
	finish(&first, 1, STORE_OUTBOX_DONE);

	/* A crash: the second row's lease holds across a reopen, then it is due. */
	reopen();
	c = (struct store_outbox_claim){.kind = "reply", .name = "", .limit = 8, .lease_ms = 60000,
					.window_ms = 1, .recent_since = NOW - 3600000};
	memset(&op, 0, sizeof op);
	op.kind = STORE_OP_OUTBOX_CLAIM;
	op.claim = &c;
	op.at = NOW + 100;
	run(&op);
	assert_int_equal(op.n_jobs, 0);
	store_op_clear(&op);
	op.at = NOW + 70000;
	run(&op);
	assert_int_equal(op.n_jobs, 1);
	assert_int_equal(op.jobs[0].recent, 1); /* one reply done to this sender in the window */
	store_op_clear(&op);

	struct store_op list = {.kind = STORE_OP_OUTBOX_LIST, .state = -1, .limit = 10};
	run(&list);
	assert_true(list.n_outbox_rows >= 2);
	store_op_clear(&list);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_claim_lease_and_drop, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_long_message_parts, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_receipt_callback_row, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_recent_count_and_reopen, setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
