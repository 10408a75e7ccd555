/*
 * Message ids are never reused (store.h), although messages has no
 * AUTOINCREMENT since schema 11: the store assigns ids above the highest
 * ever used. Deleting the newest message and reopening does not hand its id
 * out again, in the same run or after a restart; a file at schema 10 whose
 * newest rows were deleted keeps its sqlite_sequence mark through the
 * migration.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "store_sqlite_schema.h"
#include "store_test_loop.h"
#include "test_util.h"

static struct store *open_store(const char *path)
{
	struct store_options o;
	struct store *s = NULL;
	char err[256];
	test_store_options(&o, path);
	if (store_open(&o, &s, NULL, err, sizeof err) != 0)
		fail_msg("store_open: %s", err);
	return s;
}

static void done_cb(struct store_op *op)
{
	(void)op;
}

/* Inserts one plain row; returns its id (0 on failure). */
static int64_t insert(struct store *s)
{
	static const uint8_t text[] = "Hi";
	struct store_msg m = {.direction = STORE_DIR_MT, .state = STORE_ST_QUEUED,
			      .created_at = 1, .updated_at = 1, .payload = text, .payload_len = 2};
	snprintf(m.dst_addr, sizeof m.dst_addr, "37060000001");
	struct store_op op = {.kind = STORE_OP_MSG_INSERT, .cb = done_cb, .msgs = &m, .n = 1};
	store_submit(s, &op);
	assert_int_equal(wait_idle(s, 5000), 0);
	assert_int_equal(op.result, STORE_OK);
	return m.id;
}

static void delete_id(struct store *s, int64_t id)
{
	struct store_op op = {.kind = STORE_OP_MSG_DELETE, .cb = done_cb, .id = id};
	store_submit(s, &op);
	assert_int_equal(wait_idle(s, 5000), 0);
	assert_int_equal(op.result, STORE_OK);
}

static void test_newest_deleted_not_reused_after_reopen(void **state)
{
	(void)state;
	char path[512];
	test_tmp_path(path, sizeof path, "store-ids");
	struct store *s = open_store(path);
	int64_t a = insert(s), b = insert(s), c = insert(s);
	assert_true(a < b && b < c);
	delete_id(s, c);
	assert_int_equal(insert(s), c + 1); /* in the same run */
	delete_id(s, c + 1);
	store_close(s);

	s = open_store(path);
	assert_int_equal(insert(s), c + 2); /* and after a restart */
	store_close(s);
}

static void test_migration_keeps_the_sequence_mark(void **state)
{
	(void)state;
	char path[512], err[256];
	test_tmp_path(path, sizeof path, "store-ids-migrate");
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(store_sqlite_migrate_to(db, 10, err, sizeof err), SQLITE_OK);
	for (int i = 0; i < 5; i++)
		assert_int_equal(sqlite3_exec(db, "INSERT INTO messages (direction, state, dst_addr,"
					      " created_at, updated_at, payload) VALUES (0, 2, '1', 1, 1, x'48')",
					      NULL, NULL, NULL), SQLITE_OK);
	/* The newest two go: AUTOINCREMENT's sqlite_sequence still says 5. */
	assert_int_equal(sqlite3_exec(db, "DELETE FROM messages WHERE id > 3", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);

	struct store *s = open_store(path);
	assert_int_equal(insert(s), 6);
	store_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_newest_deleted_not_reused_after_reopen),
		cmocka_unit_test(test_migration_keeps_the_sequence_mark),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
