/*
 * The store and the files it is given: migrations from an empty file and
 * from every earlier schema version, and a clear refusal for a file that is
 * not ours, is newer than this binary, is not a database, or is read-only;
 * a full disk fails the batch clearly, keeps what was committed, and the
 * store works again once there is room.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "store_sqlite_schema.h"
#include "store_test_loop.h"
#include "test_util.h"

static int try_open(const char *path, char *err, size_t errlen, struct store_open_info *info)
{
	struct store_options o;
	struct store *s = NULL;
	test_store_options(&o, path);
	int rc = store_open(&o, &s, info, err, errlen);
	store_close(s);
	return rc;
}

static void exec_sql(const char *path, const char *sql)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
	sqlite3_close(db);
}

static void test_migrates_from_every_earlier_version(void **state)
{
	(void)state;
	int latest = store_sqlite_schema_latest();
	for (int v = 0; v < latest; v++) {
		char path[512], err[256];
		test_tmp_path(path, sizeof path, "store-migrate");
		sqlite3 *db;
		assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
		assert_int_equal(store_sqlite_migrate_to(db, v, err, sizeof err), SQLITE_OK);
		if (v >= 1)
			assert_int_equal(sqlite3_exec(db,
				"INSERT INTO messages (direction, state, dst_addr, created_at,"
				" updated_at, payload) VALUES (0, 2, '37060000001', 1, 1, x'4869')",
				NULL, NULL, NULL), SQLITE_OK);
		sqlite3_close(db);

		struct store_open_info info;
		assert_int_equal(try_open(path, err, sizeof err, &info), STORE_OK);
		assert_int_equal(info.schema_from, v);
		assert_int_equal(info.schema_to, latest);

		assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
		sqlite3_stmt *st;
		assert_int_equal(sqlite3_prepare_v2(db,
			"SELECT (SELECT count(*) FROM messages),"
			" (SELECT count(*) FROM outbox), (PRAGMA_user_version)"
			" FROM (SELECT user_version AS PRAGMA_user_version FROM pragma_user_version)",
			-1, &st, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(st, 0), v >= 1 ? 1 : 0);
		assert_int_equal(sqlite3_column_int(st, 2), latest);
		sqlite3_finalize(st);
		sqlite3_close(db);
	}
}

static void test_foreign_database_refused(void **state)
{
	(void)state;
	char path[512], err[256];
	test_tmp_path(path, sizeof path, "store-foreign");
	exec_sql(path, "CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('x')");
	assert_int_equal(try_open(path, err, sizeof err, NULL), STORE_EFOREIGN);
	assert_non_null(strstr(err, "another program"));
	/* ... and it was not touched */
	exec_sql(path, "SELECT name FROM contacts");
	struct stat sb;
	char wal[600];
	snprintf(wal, sizeof wal, "%s-wal", path);
	assert_int_not_equal(stat(wal, &sb), 0);

	test_tmp_path(path, sizeof path, "store-foreign-appid");
	exec_sql(path, "PRAGMA application_id=1234");
	assert_int_equal(try_open(path, err, sizeof err, NULL), STORE_EFOREIGN);
}

static void test_not_a_database_refused(void **state)
{
	(void)state;
	char path[512], err[256];
	test_tmp_path(path, sizeof path, "store-garbage");
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	assert_true(fd >= 0);
	char junk[4096];
	for (size_t i = 0; i < sizeof junk; i++)
		junk[i] = (char)(i * 7 + 3);
	assert_int_equal(write(fd, junk, sizeof junk), (ssize_t)sizeof junk);
	close(fd);
	assert_int_equal(try_open(path, err, sizeof err, NULL), STORE_EFOREIGN);
	assert_non_null(strstr(err, "not a SQLite database"));
}

static void test_newer_schema_refused(void **state)
{
	(void)state;
	char path[512], err[256], sql[128];
	test_tmp_path(path, sizeof path, "store-newer");
	snprintf(sql, sizeof sql, "%s; PRAGMA user_version=%d", STORE_SQLITE_APP_ID_PRAGMA,
		 store_sqlite_schema_latest() + 1);
	exec_sql(path, sql);
	assert_int_equal(try_open(path, err, sizeof err, NULL), STORE_ENEWER);
	assert_non_null(strstr(err, "newer"));
}

/* Runs body in a child with a private tmpfs over dir; skips where not allowed. */
static void in_private_tmpfs(const char *dir, unsigned kb, void (*body)(const char *dir))
{
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (test_private_tmpfs(dir, kb) != 0)
			_exit(77);
		body(dir);
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 77) {
		skip(); /* needs root and mount namespaces: CI has both */
		return;
	}
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

static void readonly_body(const char *dir)
{
	char path[600], err[256];
	snprintf(path, sizeof path, "%s/store.db", dir);
	if (try_open(path, err, sizeof err, NULL) != STORE_OK)
		_exit(10); /* a fresh one first, so the file is ours */
	if (test_remount_readonly(dir) != 0)
		_exit(11);
	int rc = try_open(path, err, sizeof err, NULL);
	if (rc != STORE_EREADONLY) {
		fprintf(stderr, "read-only open gave %d: %s\n", rc, err);
		_exit(12);
	}
	if (!strstr(err, "read-only")) {
		fprintf(stderr, "unclear error: %s\n", err);
		_exit(13);
	}
}

static void test_readonly_database_refused(void **state)
{
	(void)state;
	char dir[512];
	test_tmp_dir(dir, sizeof dir, "store-ro");
	in_private_tmpfs(dir, 4096, readonly_body);
}

static void full_body(const char *dir)
{
	char path[600], err[256], filler[600];
	snprintf(path, sizeof path, "%s/store.db", dir);
	struct store_options o;
	struct store *s;
	test_store_options(&o, path);
	if (store_open(&o, &s, NULL, err, sizeof err) != STORE_OK)
		_exit(20);
	/* Take all the room there is, then try to store a batch. */
	snprintf(filler, sizeof filler, "%s/filler", dir);
	int fd = open(filler, O_CREAT | O_WRONLY, 0644);
	static char block[65536];
	while (write(fd, block, sizeof block) > 0)
		;
	close(fd);
	static uint8_t big[60000];
	struct store_msg m[8];
	memset(m, 0, sizeof m);
	for (int i = 0; i < 8; i++) {
		m[i].payload = big;
		m[i].payload_len = sizeof big;
		strcpy(m[i].dst_addr, "37060000001");
	}
	struct store_op ins = {.kind = STORE_OP_MSG_INSERT, .msgs = m, .n = 8};
	store_submit(s, &ins);
	if (wait_idle(s, 10000) != 0)
		_exit(21);
	if (ins.result != STORE_EFULL) {
		fprintf(stderr, "full disk gave %d (%s)\n", ins.result, store_strerror(ins.result));
		_exit(22);
	}
	if (m[0].id != 0)
		_exit(23); /* nothing of a failed batch claims an id */
	/* Room again: the same store goes on. */
	unlink(filler);
	ins.n = 1;
	store_submit(s, &ins);
	if (wait_idle(s, 10000) != 0 || ins.result != STORE_OK || m[0].id <= 0) {
		fprintf(stderr, "after freeing space: %d\n", ins.result);
		_exit(24);
	}
	store_close(s);
}

static void test_disk_full_fails_batch_then_recovers(void **state)
{
	(void)state;
	char dir[512];
	test_tmp_dir(dir, sizeof dir, "store-full");
	in_private_tmpfs(dir, 1024, full_body);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_migrates_from_every_earlier_version),
		cmocka_unit_test(test_foreign_database_refused),
		cmocka_unit_test(test_not_a_database_refused),
		cmocka_unit_test(test_newer_schema_refused),
		cmocka_unit_test(test_readonly_database_refused),
		cmocka_unit_test(test_disk_full_fails_batch_then_recovers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
