/*
 * The HTTP API's views of the store on a real SQLite file: a page of
 * messages groups each concatenation's parts under its first part, newest
 * first, with filters (direction, state, number, time range), a cursor that
 * walks every message exactly once, and the caller's text predicate; one
 * message with its parts, state history, receipts and callback URL;
 * deletion (refused while dispatching, everything of it gone after);
 * totals by direction and state.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "store_test_fixture.h"

#define NOW 1800000000000LL

static int setup(void **state)
{
	(void)state;
	return fixture_setup("store-api");
}

static struct store_msg row(int dir, const char *src, const char *dst, const char *text, int64_t at)
{
	struct store_msg m = {.direction = (uint8_t)dir, .state = STORE_ST_QUEUED,
			      .created_at = at, .updated_at = at, .payload = (const uint8_t *)text,
			      .payload_len = (uint32_t)strlen(text)};
	snprintf(m.src_addr, sizeof m.src_addr, "%s", src);
	snprintf(m.dst_addr, sizeof m.dst_addr, "%s", dst);
	return m;
}

/* Inserts n rows in one op; their ids come back in the rows. */
static void insert(struct store_msg *m, size_t n)
{
	struct store_op op = {.kind = STORE_OP_MSG_INSERT, .msgs = m, .n = n};
	run(&op);
	assert_int_equal(op.result, STORE_OK);
}

/* A three-part MT message, a single MO, another MT; returns the ids of the heads. */
static void fill(int64_t *long_mt, int64_t *mo, int64_t *short_mt)
{
	struct store_msg parts[3];
	const char *texts[3] = {"part one ", "part two ", "part three"};
	for (int i = 0; i < 3; i++) {
		parts[i] = row(STORE_DIR_MT, "ACME", "37060000001", texts[i], NOW);
		parts[i].concat_ref = 7;
		parts[i].part_total = 3;
		parts[i].part_seq = (uint8_t)(i + 1);
	}
	insert(parts, 3);
	*long_mt = parts[0].id;
	struct store_msg m = row(STORE_DIR_MO, "37060000002", "1234", "hello broker", NOW + 1000);
	insert(&m, 1);
	*mo = m.id;
	m = row(STORE_DIR_MT, "", "37060000002", "needle in here", NOW + 2000);
	insert(&m, 1);
	*short_mt = m.id;
}

static struct store_op list(const struct store_list_filter *f)
{
	struct store_op op = {.kind = STORE_OP_MSG_LIST, .list = f};
	run(&op);
	assert_int_equal(op.result, STORE_OK);
	return op;
}

static bool has_needle(const struct store_msg *parts, size_t n, void *arg)
{
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k + strlen(arg) <= parts[i].payload_len; k++)
			if (memcmp(parts[i].payload + k, arg, strlen(arg)) == 0)
				return true;
	return false;
}

static void test_list_groups_and_filters(void **state)
{
	(void)state;
	int64_t lm, mo, sm;
	fill(&lm, &mo, &sm);
	struct store_list_filter f = {.direction = -1, .state = -1, .limit = 10};
	struct store_op op = list(&f);
	assert_int_equal(op.count, 3);
	assert_int_equal(op.n_rows, 5);
	assert_int_equal(op.id, 0);
	assert_int_equal(op.rows[0].id, sm); /* newest first */
	assert_int_equal(op.rows[1].id, mo);
	assert_int_equal(op.rows[2].id, lm);
	assert_int_equal(op.rows[3].part_seq, 2);
	assert_int_equal(op.rows[4].part_seq, 3);
	assert_memory_equal(op.rows[4].payload, "part three", 10);
	store_op_clear(&op);

	f.direction = STORE_DIR_MO;
	op = list(&f);
	assert_int_equal(op.count, 1);
	assert_int_equal(op.rows[0].id, mo);
	store_op_clear(&op);

	f.direction = -1;
	f.number = "37060000002"; /* a source or a destination */
	op = list(&f);
	assert_int_equal(op.count, 2);
	store_op_clear(&op);

	f.number = NULL;
	f.since = NOW + 500;
	f.until = NOW + 1500;
	op = list(&f);
	assert_int_equal(op.count, 1);
	assert_int_equal(op.rows[0].id, mo);
	store_op_clear(&op);

	f.since = f.until = 0;
	f.state = STORE_ST_DELIVERED;
	op = list(&f);
	assert_int_equal(op.count, 0);
	assert_int_equal(op.n_rows, 0);
	store_op_clear(&op);

	f.state = -1;
	f.match = has_needle;
	f.match_arg = "needle";
	op = list(&f);
	assert_int_equal(op.count, 1);
	assert_int_equal(op.rows[0].id, sm);
	store_op_clear(&op);
	f.match_arg = "part three"; /* found in the third part: the message matches */
	op = list(&f);
	assert_int_equal(op.count, 1);
	assert_int_equal(op.rows[0].id, lm);
	assert_int_equal(op.n_rows, 3);
	store_op_clear(&op);

	struct store_list_filter bad = {.direction = -1, .state = -1, .limit = 0};
	struct store_op inv = {.kind = STORE_OP_MSG_LIST, .list = &bad};
	run(&inv);
	assert_int_equal(inv.result, STORE_EINVAL);
}

static void test_cursor_walks_everything_once(void **state)
{
	(void)state;
	struct store_msg m[25];
	for (int i = 0; i < 25; i++)
		m[i] = row(STORE_DIR_MO, "37060000009", "1234", "x", NOW + i);
	insert(m, 25);
	struct store_list_filter f = {.direction = -1, .state = -1, .limit = 7,
				      .number = "37060000009"};
	int seen = 0, pages = 0;
	int64_t last = INT64_MAX;
	do {
		struct store_op op = list(&f);
		pages++;
		for (size_t i = 0; i < op.n_rows; i++) {
			assert_true(op.rows[i].id < last);
			last = op.rows[i].id;
			seen++;
		}
		f.before_id = op.id;
		store_op_clear(&op);
	} while (f.before_id != 0);
	assert_int_equal(seen, 25);
	assert_int_equal(pages, 4);
}

static void test_detail_delete_totals(void **state)
{
	(void)state;
	int64_t lm, mo, sm;
	fill(&lm, &mo, &sm);
	/* History: the second part was delivered; a receipt about the first. */
	struct store_op op = {.kind = STORE_OP_MSG_SET_STATE, .id = lm + 1,
			      .state = STORE_ST_DELIVERED, .at = NOW + 5000};
	run(&op);
	assert_int_equal(op.result, STORE_OK);
	struct store_msg dr = row(STORE_DIR_DR, "37060000001", "ACME", "id:1 stat:DELIVRD", NOW + 6000);
	dr.receipt_of = lm;
	insert(&dr, 1);
	op = (struct store_op){.kind = STORE_OP_MSG_CALLBACK_SET, .id = lm, .at = NOW,
			       .url = "https://example.com/receipts?x=1"};
	run(&op);
	assert_int_equal(op.result, STORE_OK);

	op = (struct store_op){.kind = STORE_OP_MSG_DETAIL, .id = lm};
	run(&op);
	assert_int_equal(op.result, STORE_OK);
	assert_int_equal(op.n_rows, 3);
	assert_int_equal(op.rows[0].id, lm);
	assert_int_equal(op.n_events, 1);
	assert_int_equal(op.events[0].state, STORE_ST_DELIVERED);
	assert_int_equal(op.events[0].at, NOW + 5000);
	assert_int_equal(op.n_receipts, 1);
	assert_int_equal(op.receipts[0].id, dr.id);
	assert_string_equal(op.callback_url, "https://example.com/receipts?x=1");
	store_op_clear(&op);
	assert_null(op.callback_url);

	op = (struct store_op){.kind = STORE_OP_MSG_DETAIL, .id = 999999};
	run(&op);
	assert_int_equal(op.result, STORE_ENOTFOUND);

	struct store_totals t;
	op = (struct store_op){.kind = STORE_OP_MSG_TOTALS, .totals = &t};
	run(&op);
	assert_int_equal(op.result, STORE_OK);
	assert_int_equal(t.by[STORE_DIR_MT][STORE_ST_QUEUED], 2); /* parts count once */
	assert_int_equal(t.by[STORE_DIR_MO][STORE_ST_QUEUED], 1);
	assert_int_equal(t.by[STORE_DIR_DR][STORE_ST_QUEUED], 1);

	/* Dispatching: refused, nothing deleted. */
	op = (struct store_op){.kind = STORE_OP_MSG_SET_STATE, .id = sm,
			       .state = STORE_ST_DISPATCHING, .at = NOW};
	run(&op);
	op = (struct store_op){.kind = STORE_OP_MSG_DELETE, .id = sm};
	run(&op);
	assert_int_equal(op.result, STORE_ESTATE);

	op = (struct store_op){.kind = STORE_OP_MSG_DELETE, .id = lm};
	run(&op);
	assert_int_equal(op.result, STORE_OK);
	assert_int_equal(op.count, 4); /* three parts and the receipt */
	op = (struct store_op){.kind = STORE_OP_MSG_DETAIL, .id = lm};
	run(&op);
	assert_int_equal(op.result, STORE_ENOTFOUND);
	op = (struct store_op){.kind = STORE_OP_MSG_DELETE, .id = lm};
	run(&op);
	assert_int_equal(op.result, STORE_ENOTFOUND);

	sqlite3 *db;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT (SELECT count(*) FROM messages WHERE id BETWEEN ?1 AND ?1 + 2"
					    " OR receipt_of = ?1), (SELECT count(*) FROM message_events"
					    " WHERE message_id BETWEEN ?1 AND ?1 + 2),"
					    " (SELECT count(*) FROM message_callbacks WHERE message_id = ?1)",
					    -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, lm);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 0);
	assert_int_equal(sqlite3_column_int(st, 1), 0);
	assert_int_equal(sqlite3_column_int(st, 2), 0);
	sqlite3_finalize(st);
	sqlite3_close(db);

	op = (struct store_op){.kind = STORE_OP_MSG_CALLBACK_SET, .id = mo, .url = ""};
	run(&op);
	assert_int_equal(op.result, STORE_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_list_groups_and_filters, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_cursor_walks_everything_once, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_detail_delete_totals, setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
