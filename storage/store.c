/*
 * store.c - the op queue, the worker thread and group commit.
 *
 * The owner's thread submits ops; one worker takes everything queued (up to
 * batch_max) and runs it as one transaction. While that transaction syncs to
 * disk, new ops queue up and form the next batch, so the number of fsyncs
 * per second stays flat while the ops per fsync grow with load: durability
 * without one commit per message. Nothing here knows SQL.
 */
#include "store.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_backend.h"

struct op_list {
	struct store_op *head, *tail;
};

struct store {
	const struct store_backend *be;
	void *db;
	unsigned batch_max;
	void (*notify)(void *);
	void *notify_arg;

	pthread_t worker;
	pthread_mutex_t mu;
	pthread_cond_t wake;
	struct op_list queued;    /* submitted, not yet taken by the worker */
	struct op_list completed; /* committed (or failed), callbacks not yet run */
	bool closing;
	struct store_stats stats; /* under mu */

	size_t pending; /* owner's thread only: submitted minus called back */
};

static void list_append(struct op_list *l, struct store_op *op)
{
	op->next = NULL;
	if (l->tail)
		l->tail->next = op;
	else
		l->head = op;
	l->tail = op;
}

static void list_splice(struct op_list *dst, struct op_list *src)
{
	if (!src->head)
		return;
	if (dst->tail)
		dst->tail->next = src->head;
	else
		dst->head = src->head;
	dst->tail = src->tail;
	src->head = src->tail = NULL;
}

/* Detaches at most max ops from the front of l. */
static struct op_list list_take(struct op_list *l, unsigned max)
{
	struct op_list out = {l->head, l->head};
	if (!out.head)
		return out;
	for (unsigned i = 1; i < max && out.tail->next; i++)
		out.tail = out.tail->next;
	l->head = out.tail->next;
	if (!l->head)
		l->tail = NULL;
	out.tail->next = NULL;
	return out;
}

static void fail_batch(struct op_list *batch, int err)
{
	for (struct store_op *op = batch->head; op; op = op->next) {
		op->result = err;
		store_op_clear(op);
		if (op->kind == STORE_OP_MSG_INSERT)
			for (size_t i = 0; i < op->n; i++)
				op->msgs[i].id = 0;
		if (op->kind == STORE_OP_MSG_UPDATE && op->update.receipt)
			op->update.receipt->id = 0;
	}
}

/* Runs one batch as one transaction. Returns 0 or the error that spoiled it. */
static int run_batch(struct store *s, struct op_list *batch)
{
	int rc = s->be->begin(s->db);
	if (rc == 0) {
		for (struct store_op *op = batch->head; op && rc == 0; op = op->next) {
			op->result = STORE_OK;
			if (op->kind != STORE_OP_SYNC)
				rc = s->be->exec(s->db, op);
		}
		if (rc == 0)
			rc = s->be->commit(s->db);
		if (rc != 0)
			s->be->rollback(s->db);
	}
	if (rc != 0)
		fail_batch(batch, rc);
	return rc;
}

static void *worker_main(void *arg)
{
	struct store *s = arg;
	pthread_mutex_lock(&s->mu);
	for (;;) {
		while (!s->queued.head && !s->closing)
			pthread_cond_wait(&s->wake, &s->mu);
		if (!s->queued.head)
			break; /* closing and drained */
		struct op_list batch = list_take(&s->queued, s->batch_max);
		pthread_mutex_unlock(&s->mu);

		size_t n = 0;
		for (struct store_op *op = batch.head; op; op = op->next)
			n++;
		int rc = run_batch(s, &batch);

		pthread_mutex_lock(&s->mu);
		s->stats.ops += n;
		s->stats.transactions++;
		s->stats.last_batch = n;
		if (rc != 0)
			s->stats.failed_transactions++;
		bool was_empty = !s->completed.head;
		list_splice(&s->completed, &batch);
		if (was_empty && s->notify) {
			/* Outside the lock: notify may take the owner's locks. */
			pthread_mutex_unlock(&s->mu);
			s->notify(s->notify_arg);
			pthread_mutex_lock(&s->mu);
		}
	}
	pthread_mutex_unlock(&s->mu);
	return NULL;
}

const struct store_backend *store_backend_find(const char *name)
{
	if (!name || strcmp(name, store_backend_sqlite.name) == 0)
		return &store_backend_sqlite;
	return NULL;
}

int store_open(const struct store_options *opt, struct store **out,
	       struct store_open_info *info, char *errbuf, size_t errlen)
{
	struct store_open_info scratch;
	if (!info)
		info = &scratch;
	memset(info, 0, sizeof *info);
	*out = NULL;

	const struct store_backend *be = store_backend_find(opt->backend);
	if (!be) {
		snprintf(errbuf, errlen, "unknown storage backend '%s'", opt->backend);
		return STORE_EINVAL;
	}
	struct store *s = calloc(1, sizeof *s);
	if (!s) {
		snprintf(errbuf, errlen, "out of memory");
		return STORE_ENOMEM;
	}
	s->be = be;
	s->batch_max = opt->batch_max ? opt->batch_max : 1000;
	s->notify = opt->notify;
	s->notify_arg = opt->notify_arg;

	int rc = be->open(opt, &s->db, info, errbuf, errlen);
	if (rc != 0)
		goto fail;
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->wake, NULL);
	if (pthread_create(&s->worker, NULL, worker_main, s) != 0) {
		snprintf(errbuf, errlen, "cannot start the storage thread");
		pthread_cond_destroy(&s->wake);
		pthread_mutex_destroy(&s->mu);
		be->close(s->db);
		rc = STORE_ENOMEM;
		goto fail;
	}
	*out = s;
	return 0;
fail:
	free(s);
	return rc;
}

void store_submit(struct store *s, struct store_op *op)
{
	s->pending++;
	pthread_mutex_lock(&s->mu);
	if (s->closing) {
		op->result = STORE_ECLOSED;
		bool was_empty = !s->completed.head;
		list_append(&s->completed, op);
		pthread_mutex_unlock(&s->mu);
		if (was_empty && s->notify)
			s->notify(s->notify_arg);
		return;
	}
	bool was_idle = !s->queued.head;
	list_append(&s->queued, op);
	pthread_mutex_unlock(&s->mu);
	if (was_idle)
		pthread_cond_signal(&s->wake);
}

size_t store_complete(struct store *s)
{
	pthread_mutex_lock(&s->mu);
	struct store_op *op = s->completed.head;
	s->completed.head = s->completed.tail = NULL;
	pthread_mutex_unlock(&s->mu);

	size_t n = 0;
	while (op) {
		struct store_op *next = op->next; /* the callback may reuse op */
		s->pending--;
		n++;
		if (op->cb)
			op->cb(op);
		op = next;
	}
	return n;
}

size_t store_pending(const struct store *s)
{
	return s->pending;
}

void store_get_stats(struct store *s, struct store_stats *st)
{
	pthread_mutex_lock(&s->mu);
	*st = s->stats;
	pthread_mutex_unlock(&s->mu);
}

void store_close(struct store *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->mu);
	s->closing = true;
	pthread_cond_signal(&s->wake);
	pthread_mutex_unlock(&s->mu);
	pthread_join(s->worker, NULL);
	/* Callbacks may submit more; those complete at once with STORE_ECLOSED. */
	while (store_complete(s) > 0)
		;
	s->be->close(s->db);
	pthread_cond_destroy(&s->wake);
	pthread_mutex_destroy(&s->mu);
	free(s);
}
