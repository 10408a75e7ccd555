/*
 * The store's contract on a real SQLite file: inserts, reads and state
 * changes complete only after their transaction committed; ops complete in
 * submission order; many ops share one transaction; a database locked by
 * another process delays ops, and past the busy timeout fails them clearly;
 * messages being dispatched at a crash go back to the queue; an acknowledged
 * insert survives kill -9 of the process that made it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "store_test_loop.h"
#include "test_util.h"

static void fill_msg(struct store_msg *m, int i)
{
	static const uint8_t text[] = "hello world";
	memset(m, 0, sizeof *m);
	m->direction = STORE_DIR_MT;
	m->state = STORE_ST_QUEUED;
	snprintf(m->account, sizeof m->account, "acct%d", i % 3);
	snprintf(m->src_addr, sizeof m->src_addr, "SENDER");
	m->src_ton = 5;
	snprintf(m->dst_addr, sizeof m->dst_addr, "3706%07d", i);
	m->dst_ton = 1;
	m->dst_npi = 1;
	m->registered_delivery = 1;
	m->created_at = m->updated_at = 1700000000000LL + i;
	m->payload = text;
	m->payload_len = sizeof text - 1;
}

static void count_cb(struct store_op *op)
{
	int *seen = op->arg;
	(*seen)++;
}

static struct store *open_fresh(const char *tag, char *path, size_t size)
{
	struct store_options o;
	struct store *s = NULL;
	struct store_open_info info;
	char err[256];
	test_tmp_path(path, size, tag);
	test_store_options(&o, path);
	assert_int_equal(store_open(&o, &s, &info, err, sizeof err), STORE_OK);
	assert_int_equal(info.schema_from, 0);
	assert_true(info.schema_to >= 1);
	return s;
}

static void test_insert_get_set_state(void **state)
{
	(void)state;
	char path[512];
	struct store *s = open_fresh("store-basic", path, sizeof path);

	struct store_msg msgs[3];
	for (int i = 0; i < 3; i++)
		fill_msg(&msgs[i], i);
	uint8_t tlv[] = {0x02, 0x04, 0x00, 0x02, 0x12, 0x34};
	msgs[1].tlvs = tlv;
	msgs[1].tlvs_len = sizeof tlv;
	int done = 0;
	struct store_op ins = {.kind = STORE_OP_MSG_INSERT, .msgs = msgs, .n = 3,
			       .cb = count_cb, .arg = &done};
	store_submit(s, &ins);
	assert_int_equal(wait_idle(s, 5000), 0);
	assert_int_equal(done, 1);
	assert_int_equal(ins.result, STORE_OK);
	assert_true(msgs[0].id > 0);
	assert_int_equal(msgs[1].id, msgs[0].id + 1);
	assert_int_equal(msgs[2].id, msgs[0].id + 2);

	struct store_op get = {.kind = STORE_OP_MSG_GET, .id = msgs[1].id};
	strcpy(get.account, "acct1");
	struct store_op wrong_acct = {.kind = STORE_OP_MSG_GET, .id = msgs[1].id};
	strcpy(wrong_acct.account, "acct2");
	struct store_op missing = {.kind = STORE_OP_MSG_GET, .id = 999999};
	store_submit(s, &get);
	store_submit(s, &wrong_acct);
	store_submit(s, &missing);
	assert_int_equal(wait_idle(s, 5000), 0);
	assert_int_equal(get.result, STORE_OK);
	assert_string_equal(get.msg.dst_addr, msgs[1].dst_addr);
	assert_string_equal(get.msg.src_addr, "SENDER");
	assert_int_equal(get.msg.src_ton, 5);
	assert_int_equal(get.msg.state, STORE_ST_QUEUED);
	assert_int_equal(get.msg.payload_len, 11);
	assert_memory_equal(get.msg.payload, "hello world", 11);
	assert_int_equal(get.msg.tlvs_len, sizeof tlv);
	assert_memory_equal(get.msg.tlvs, tlv, sizeof tlv);
	assert_int_equal(wrong_acct.result, STORE_ENOTFOUND);
	assert_int_equal(missing.result, STORE_ENOTFOUND);
	store_msg_clear(&get.msg);

	struct store_op set = {.kind = STORE_OP_MSG_SET_STATE, .id = msgs[0].id,
			       .state = STORE_ST_DELIVERED, .at = 1700000009999LL};
	struct store_op set_missing = {.kind = STORE_OP_MSG_SET_STATE, .id = 424242,
				       .state = STORE_ST_DELIVERED, .at = 1};
	struct store_op count_delivered = {.kind = STORE_OP_MSG_COUNT, .state = STORE_ST_DELIVERED};
	struct store_op count_all = {.kind = STORE_OP_MSG_COUNT, .state = -1};
	struct store_op get0 = {.kind = STORE_OP_MSG_GET, .id = msgs[0].id};
	store_submit(s, &set);
	store_submit(s, &set_missing);
	store_submit(s, &count_delivered);
	store_submit(s, &count_all);
	store_submit(s, &get0);
	assert_int_equal(wait_idle(s, 5000), 0);
	assert_int_equal(set.result, STORE_OK);
	assert_int_equal(set_missing.result, STORE_ENOTFOUND);
	assert_int_equal(count_delivered.count, 1);
	assert_int_equal(count_all.count, 3);
	/* read-your-writes: the get after the update sees it */
	assert_int_equal(get0.msg.state, STORE_ST_DELIVERED);
	assert_int_equal(get0.msg.done_at, 1700000009999LL);
	store_msg_clear(&get0.msg);
	store_close(s);

	/* The history row is there, on disk, after close. */
	sqlite3 *db;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM message_events WHERE state=5",
					    -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 1);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

/* Callbacks run in submission order, each once. */
static int order_next;
static void order_cb(struct store_op *op)
{
	int want = (int)(intptr_t)op->arg;
	assert_int_equal(want, order_next);
	order_next++;
}

static void test_group_commit_while_locked(void **state)
{
	(void)state;
	char path[512];
	struct store *s = open_fresh("store-group", path, sizeof path);

	/* Another process's write lock holds the worker in its first BEGIN ... */
	sqlite3 *other;
	assert_int_equal(sqlite3_open(path, &other), SQLITE_OK);
	assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);

	enum { N = 1000 };
	static struct store_msg msgs[N];
	static struct store_op ops[N];
	order_next = 0;
	for (int i = 0; i < N; i++) {
		fill_msg(&msgs[i], i);
		ops[i] = (struct store_op){.kind = STORE_OP_MSG_INSERT, .msgs = &msgs[i], .n = 1,
					   .cb = order_cb, .arg = (void *)(intptr_t)i};
		store_submit(s, &ops[i]);
	}
	usleep(50 * 1000);
	assert_int_equal(store_complete(s), 0); /* nothing acknowledged while uncommitted */
	/* ... and once it lets go, what queued meanwhile commits together. */
	assert_int_equal(sqlite3_exec(other, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(wait_idle(s, 10000), 0);
	assert_int_equal(order_next, N);
	for (int i = 0; i < N; i++) {
		assert_int_equal(ops[i].result, STORE_OK);
		if (i)
			assert_true(msgs[i].id > msgs[i - 1].id);
	}
	struct store_stats st;
	store_get_stats(s, &st);
	assert_int_equal(st.ops, N);
	assert_true(st.transactions <= 2);
	sqlite3_close(other);
	store_close(s);
}

static void test_locked_past_busy_timeout(void **state)
{
	(void)state;
	char path[512], err[256];
	struct store_options o;
	struct store *s;
	test_tmp_path(path, sizeof path, "store-busy");
	test_store_options(&o, path);
	o.busy_timeout_ms = 100;
	assert_int_equal(store_open(&o, &s, NULL, err, sizeof err), STORE_OK);

	sqlite3 *other;
	assert_int_equal(sqlite3_open(path, &other), SQLITE_OK);
	assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	struct store_msg m;
	fill_msg(&m, 1);
	struct store_op ins = {.kind = STORE_OP_MSG_INSERT, .msgs = &m, .n = 1};
	store_submit(s, &ins);
	assert_int_equal(wait_idle(s, 5000), 0);
	assert_int_equal(ins.result, STORE_EBUSY);
	assert_int_equal(m.id, 0);
	assert_int_equal(sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(other);

	/* The store is still usable once the lock is gone. */
	store_submit(s, &ins);
	assert_int_equal(wait_idle(s, 5000), 0);
	assert_int_equal(ins.result, STORE_OK);
	assert_true(m.id > 0);
	store_close(s);
}

static void test_dispatching_requeued_on_open(void **state)
{
	(void)state;
	char path[512], err[256];
	struct store *s = open_fresh("store-requeue", path, sizeof path);
	struct store_msg m[2];
	fill_msg(&m[0], 0);
	fill_msg(&m[1], 1);
	m[0].state = STORE_ST_DISPATCHING;
	m[1].state = STORE_ST_SENT;
	struct store_op ins = {.kind = STORE_OP_MSG_INSERT, .msgs = m, .n = 2};
	store_submit(s, &ins);
	assert_int_equal(wait_idle(s, 5000), 0);
	store_close(s);

	struct store_options o;
	struct store_open_info info;
	test_store_options(&o, path);
	assert_int_equal(store_open(&o, &s, &info, err, sizeof err), STORE_OK);
	assert_int_equal(info.requeued, 1);
	assert_int_equal(info.schema_from, info.schema_to);
	struct store_op g0 = {.kind = STORE_OP_MSG_GET, .id = m[0].id};
	struct store_op g1 = {.kind = STORE_OP_MSG_GET, .id = m[1].id};
	store_submit(s, &g0);
	store_submit(s, &g1);
	assert_int_equal(wait_idle(s, 5000), 0);
	assert_int_equal(g0.msg.state, STORE_ST_QUEUED);
	assert_int_equal(g1.msg.state, STORE_ST_SENT);
	store_msg_clear(&g0.msg);
	store_msg_clear(&g1.msg);
	store_close(s);
}

/* store_close executes what was queued; a callback that submits again
 * during close gets STORE_ECLOSED, and its callback still runs. */
static struct store *closing_store;
static struct store_op resubmitted;
static void resubmit_cb(struct store_op *op)
{
	(void)op;
	resubmitted = (struct store_op){.kind = STORE_OP_MSG_COUNT, .state = -1,
					.cb = count_cb, .arg = op->arg};
	store_submit(closing_store, &resubmitted);
}

static void test_submit_after_close_begins(void **state)
{
	(void)state;
	char path[512];
	int callbacks = 0;
	closing_store = open_fresh("store-close", path, sizeof path);
	struct store_msg m;
	fill_msg(&m, 0);
	struct store_op first = {.kind = STORE_OP_MSG_INSERT, .msgs = &m, .n = 1,
				 .cb = resubmit_cb, .arg = &callbacks};
	store_submit(closing_store, &first);
	store_close(closing_store);
	assert_int_equal(first.result, STORE_OK);
	assert_true(m.id > 0);
	assert_int_equal(resubmitted.result, STORE_ECLOSED);
	assert_int_equal(callbacks, 1);
}

/*
 * A child inserts as fast as it can and reports each acknowledged id on a
 * pipe; we kill -9 it mid-stream. Every id it reported must be on disk.
 */
static void test_acknowledged_survives_kill9(void **state)
{
	(void)state;
	char path[512], err[256];
	test_tmp_path(path, sizeof path, "store-kill9");
	for (int round = 0; round < 3; round++) {
		int acks[2];
		assert_int_equal(pipe(acks), 0);
		pid_t pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			close(acks[0]);
			struct store_options o;
			struct store *s;
			test_store_options(&o, path);
			if (store_open(&o, &s, NULL, err, sizeof err) != STORE_OK)
				_exit(2);
			static struct store_msg m[64];
			static struct store_op op[64];
			for (;;) {
				for (int i = 0; i < 64; i++) {
					fill_msg(&m[i], i);
					op[i] = (struct store_op){.kind = STORE_OP_MSG_INSERT,
								  .msgs = &m[i], .n = 1};
					store_submit(s, &op[i]);
				}
				if (wait_idle(s, 5000) != 0)
					_exit(3);
				for (int i = 0; i < 64; i++)
					if (op[i].result == STORE_OK &&
					    write(acks[1], &m[i].id, sizeof m[i].id) != sizeof m[i].id)
						_exit(4);
			}
		}
		close(acks[1]);
		int64_t ids[4096];
		size_t n = 0;
		long long stop_at = test_now_ms() + 100 + round * 70;
		while (n < 4096 && test_now_ms() < stop_at) {
			ssize_t r = read(acks[0], &ids[n], sizeof ids[n]);
			if (r != sizeof ids[n])
				break;
			n++;
		}
		kill(pid, SIGKILL);
		int status;
		waitpid(pid, &status, 0);
		close(acks[0]);
		assert_true(WIFSIGNALED(status));
		assert_true(n > 0);

		sqlite3 *db;
		sqlite3_stmt *st;
		assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
		assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM messages WHERE id=?",
						    -1, &st, NULL), SQLITE_OK);
		for (size_t i = 0; i < n; i++) {
			sqlite3_bind_int64(st, 1, ids[i]);
			assert_int_equal(sqlite3_step(st), SQLITE_ROW);
			if (sqlite3_column_int(st, 0) != 1)
				fail_msg("acknowledged id %lld missing after kill -9", (long long)ids[i]);
			sqlite3_reset(st);
		}
		sqlite3_finalize(st);
		sqlite3_close(db);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_insert_get_set_state),
		cmocka_unit_test(test_group_commit_while_locked),
		cmocka_unit_test(test_locked_past_busy_timeout),
		cmocka_unit_test(test_dispatching_requeued_on_open),
		cmocka_unit_test(test_submit_after_close_begins),
		cmocka_unit_test(test_acknowledged_survives_kill9),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
