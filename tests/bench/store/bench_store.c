/*
 * bench_store - the storage layer alone: store_msg rows inserted through
 * store_submit as submit_sm makes them (one op of one row per message, up to
 * --outstanding ops in flight like 8 sessions x window 100, group commit by
 * the store's worker), on a real SQLite file. Not a test: it prints one JSON
 * line with rows/s, the worker's CPU per row and the transactions.
 *
 *   bench_store --path /tmp/x.db [--rows 200000] [--outstanding 800]
 *               [--prefill 0] [--batch-max 1000] [--payload 100]
 *   bench_store --quick        (ctest: a few thousand rows in a temp file)
 *
 * The worker's CPU is the process's CPU time minus this thread's: the loop
 * thread here only fills rows and counts completions. Build without
 * SMSBROKER_SANITIZE for meaningful numbers; `perf record -g` or
 * `valgrind --tool=callgrind` on this binary shows where a row's time goes.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "store.h"

struct bench {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool ready; /* completions wait: call store_complete */
	size_t done, failed;
	size_t *free_ix; /* slots whose op completed, a stack */
	size_t free_top;
};

struct slot {
	struct store_op op; /* first: the callback casts back */
	struct store_msg row;
	struct bench *b;
	size_t ix;
};

static double mono_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_s(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void notify(void *arg)
{
	struct bench *b = arg;
	pthread_mutex_lock(&b->mu);
	b->ready = true;
	pthread_cond_signal(&b->cv);
	pthread_mutex_unlock(&b->mu);
}

static void done_cb(struct store_op *op)
{
	struct slot *sl = (struct slot *)op;
	struct bench *b = sl->b;
	b->done++;
	if (op->result != STORE_OK)
		b->failed++;
	b->free_ix[b->free_top++] = sl->ix;
}

static uint8_t payload[1024];

/* A row as smpp_submit.c's fill_row makes it: addresses, coding, times, text. */
static void fill(struct store_msg *m, uint64_t i, uint32_t len)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	int64_t now = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	memset(m, 0, sizeof *m);
	m->direction = STORE_DIR_MT;
	m->state = STORE_ST_QUEUED;
	snprintf(m->account, sizeof m->account, "bench%u", (unsigned)(i % 8));
	snprintf(m->src_addr, sizeof m->src_addr, "SMSBROKER");
	snprintf(m->dst_addr, sizeof m->dst_addr, "4477009%05u", (unsigned)(i % 100000));
	m->src_ton = 5;
	m->dst_ton = 1;
	m->dst_npi = 1;
	m->registered_delivery = 1;
	m->expire_at = now + 48 * 3600 * 1000LL;
	m->next_at = now;
	m->created_at = m->updated_at = now;
	m->payload = payload;
	m->payload_len = len;
}

/* Inserts rows with every slot's op in flight at most once; returns elapsed seconds. */
static double run(struct store *st, struct bench *b, struct slot *slots, size_t rows, uint32_t len)
{
	size_t next = 0, done0 = b->done;
	double t0 = mono_s();
	while (b->done - done0 < rows) {
		while (next < rows && b->free_top > 0) {
			struct slot *sl = &slots[b->free_ix[--b->free_top]];
			fill(&sl->row, next++, len);
			memset(&sl->op, 0, sizeof sl->op);
			sl->op.kind = STORE_OP_MSG_INSERT;
			sl->op.cb = done_cb;
			sl->op.msgs = &sl->row;
			sl->op.n = 1;
			store_submit(st, &sl->op);
		}
		pthread_mutex_lock(&b->mu);
		while (!b->ready)
			pthread_cond_wait(&b->cv, &b->mu);
		b->ready = false;
		pthread_mutex_unlock(&b->mu);
		store_complete(st);
	}
	return mono_s() - t0;
}

static void usage(void)
{
	fprintf(stderr, "usage: bench_store --path FILE [--rows N] [--outstanding N] [--prefill N]"
			" [--batch-max N] [--payload BYTES] | --quick\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *path = NULL;
	size_t rows = 200000, outstanding = 800, prefill = 0;
	unsigned batch_max = 1000;
	uint32_t len = 100;
	bool quick = false;
	char tmpl[] = "/tmp/bench_store.XXXXXX";
	char quick_path[64];
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(a, "--quick") == 0) {
			quick = true;
			continue;
		}
		if (!v)
			usage();
		i++;
		if (strcmp(a, "--path") == 0)
			path = v;
		else if (strcmp(a, "--rows") == 0)
			rows = strtoull(v, NULL, 10);
		else if (strcmp(a, "--outstanding") == 0)
			outstanding = strtoull(v, NULL, 10);
		else if (strcmp(a, "--prefill") == 0)
			prefill = strtoull(v, NULL, 10);
		else if (strcmp(a, "--batch-max") == 0)
			batch_max = (unsigned)strtoul(v, NULL, 10);
		else if (strcmp(a, "--payload") == 0)
			len = (uint32_t)strtoul(v, NULL, 10);
		else
			usage();
	}
	if (quick) {
		if (!mkdtemp(tmpl))
			return 1;
		snprintf(quick_path, sizeof quick_path, "%s/q.db", tmpl);
		path = quick_path;
		rows = 3000;
		outstanding = 100;
	}
	if (!path || rows == 0 || outstanding == 0 || len > sizeof payload)
		usage();
	for (size_t i = 0; i < sizeof payload; i++)
		payload[i] = (uint8_t)('A' + i % 26);

	struct bench b = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};
	struct store_options opt = {.backend = "sqlite", .path = path, .batch_max = batch_max,
				    .busy_timeout_ms = 5000, .notify = notify, .notify_arg = &b};
	struct store *st;
	char err[256];
	if (store_open(&opt, &st, NULL, err, sizeof err) != 0) {
		fprintf(stderr, "bench_store: %s\n", err);
		return 1;
	}
	struct slot *slots = calloc(outstanding, sizeof *slots);
	b.free_ix = calloc(outstanding, sizeof *b.free_ix);
	if (!slots || !b.free_ix)
		return 1;
	for (size_t i = 0; i < outstanding; i++) {
		slots[i].b = &b;
		slots[i].ix = i;
		b.free_ix[b.free_top++] = i;
	}
	if (prefill)
		run(st, &b, slots, prefill, len);
	struct store_stats s0, s1;
	store_get_stats(st, &s0);
	size_t failed0 = b.failed;
	double p0 = cpu_s(CLOCK_PROCESS_CPUTIME_ID), m0 = cpu_s(CLOCK_THREAD_CPUTIME_ID);
	double secs = run(st, &b, slots, rows, len);
	double p1 = cpu_s(CLOCK_PROCESS_CPUTIME_ID), m1 = cpu_s(CLOCK_THREAD_CPUTIME_ID);
	store_get_stats(st, &s1);
	double worker = (p1 - p0) - (m1 - m0);
	uint64_t txns = s1.transactions - s0.transactions;
	printf("{\"rows\":%zu,\"prefill\":%zu,\"outstanding\":%zu,\"payload\":%u,\"failed\":%zu,"
	       "\"elapsed_s\":%.3f,\"rows_per_s\":%.0f,\"worker_cpu_us_per_row\":%.2f,"
	       "\"loop_cpu_us_per_row\":%.2f,\"transactions\":%llu,\"rows_per_txn\":%.1f}\n",
	       rows, prefill, outstanding, len, b.failed - failed0, secs, (double)rows / secs,
	       worker * 1e6 / (double)rows, (m1 - m0) * 1e6 / (double)rows,
	       (unsigned long long)txns, txns ? (double)rows / (double)txns : 0.0);
	store_close(st);
	free(slots);
	free(b.free_ix);
	if (quick) {
		char f[96];
		const char *sfx[] = {"", "-wal", "-shm"};
		for (int i = 0; i < 3; i++) {
			snprintf(f, sizeof f, "%s%s", quick_path, sfx[i]);
			unlink(f);
		}
		rmdir(tmpl);
	}
	return b.failed ? 1 : 0;
}
