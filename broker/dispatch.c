/*
 * dispatch.c - the dispatcher (see dispatch.h).
 *
 * A pass claims up to delivery.batch due messages (one claim in flight at a
 * time), starts a job for each, and each job's outcome becomes one store
 * update carrying the receipt a final state produces. Passes run when
 * something may be due (kicks) and once a second for retries and schedules.
 * The number of jobs out at once is bounded, so a slow next hop cannot make
 * memory grow: the rest waits in the store.
 */
#include "dispatch.h"
#include "dispatch_internal.h"

#include <event2/event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "broker.h"
#include "conf.h"
#include "conn_modem.h"
#include "connector.h"
#include "id_map.h"
#include "log.h"
#include "metrics.h"
#include "receipt.h"
#include "route.h"
#include "store.h"

#define MAX_JOBS 20000
#define TICK_MS 1000
#define DR_CONNECTOR "receipts" /* delivers DR and MO rows to their own account */

struct dispatcher {
	struct broker *b;
	struct route_table *routes;
	struct connector **conns;
	size_t n_conns;
	struct connector *to_account; /* DR and MO rows go to their account's receivers */
	struct id_map jobs;
	size_t n_jobs;
	uint64_t next_job;
	unsigned rr; /* loadshare rotation */
	struct event *pass_ev, *tick;
	struct store_op claim;
	bool claiming, again, stopped;
};

/* One outcome on its way to the store, with the receipt it produces. */
struct update_txn {
	struct store_op op;
	struct dispatcher *d;
	void (*done)(void *arg, int result);
	void *done_arg;
	struct store_msg receipt;
	uint8_t receipt_buf[RECEIPT_BUF_SIZE];
};

static void free_connectors(struct dispatcher *d)
{
	for (size_t i = 0; i < d->n_conns; i++)
		if (d->conns[i])
			d->conns[i]->ops->free(d->conns[i]);
	free(d->conns);
	d->conns = NULL;
	d->n_conns = 0;
}

static struct connector *find_connector(struct dispatcher *d, const char *name)
{
	for (size_t i = 0; i < d->n_conns; i++)
		if (strcmp(d->conns[i]->name, name) == 0)
			return d->conns[i];
	return NULL;
}

static struct connector *connector_new(struct dispatcher *d, const struct conf_connector *cc)
{
	switch (cc->type) {
	case CONF_CONN_SMPP:
		return conn_smpp_new(d->b, cc);
	case CONF_CONN_MODEM:
		return conn_modem_new(d->b, cc);
	default:
		return conn_local_new(d->b, cc->name, cc->account);
	}
}

static bool in_set(struct connector *const *set, size_t n, const struct connector *c)
{
	for (size_t i = 0; i < n; i++)
		if (set[i] == c)
			return true;
	return false;
}

int dispatcher_configure(struct dispatcher *d)
{
	const struct conf *c = d->b->conf;
	struct route_table *routes = route_table_new(c);
	struct connector **conns = calloc(c->n_connectors ? c->n_connectors : 1, sizeof *conns);
	if (!routes || !conns)
		goto fail;
	for (size_t i = 0; i < c->n_connectors; i++) {
		const struct conf_connector *cc = &c->connectors[i];
		struct connector *old = find_connector(d, cc->name);
		if (old && old->ops->reuse && old->ops->reuse(old, cc)) {
			conns[i] = old; /* keeps running: an upstream's binds survive a reload */
		} else if (!(conns[i] = connector_new(d, cc))) {
			for (size_t j = 0; j < i; j++)
				if (!in_set(d->conns, d->n_conns, conns[j]))
					conns[j]->ops->free(conns[j]);
			goto fail;
		}
		conns[i]->throughput = cc->throughput;
	}
	for (size_t i = 0; i < d->n_conns; i++)
		if (in_set(conns, c->n_connectors, d->conns[i]))
			d->conns[i] = NULL; /* kept */
	/* Jobs in flight name their connector; they finish whatever the new set is. */
	free_connectors(d);
	route_table_free(d->routes);
	d->conns = conns;
	d->n_conns = c->n_connectors;
	d->routes = routes;
	if (route_table_empty(routes))
		log_warn("dispatch.no_routes note=\"messages are stored and wait until routes are configured\"");
	return 0;
fail:
	route_table_free(routes);
	free(conns);
	return -1;
}

static void pass_cb(evutil_socket_t fd, short what, void *arg);

struct dispatcher *dispatcher_new(struct broker *b)
{
	struct dispatcher *d = calloc(1, sizeof *d);
	if (!d)
		return NULL;
	d->b = b;
	d->to_account = conn_local_new(b, DR_CONNECTOR, NULL);
	d->pass_ev = event_new(b->base, -1, 0, pass_cb, d);
	d->tick = event_new(b->base, -1, EV_PERSIST, pass_cb, d);
	struct timeval tv = {TICK_MS / 1000, (TICK_MS % 1000) * 1000};
	if (!d->to_account || !d->pass_ev || !d->tick || event_add(d->tick, &tv) != 0 ||
	    dispatcher_configure(d) != 0) {
		dispatcher_free(d);
		return NULL;
	}
	return d;
}

void dispatcher_kick(struct dispatcher *d)
{
	if (d && !d->stopped)
		event_active(d->pass_ev, EV_TIMEOUT, 0);
}

static void woken_cb(struct store_op *op)
{
	struct dispatcher *d = op->arg;
	if (op->result == STORE_OK && op->count > 0)
		dispatcher_kick(d);
	free(op);
}

static void submit_wake(struct dispatcher *d, const char *account, const char *connector)
{
	struct store_op *op = calloc(1, sizeof *op);
	if (!op)
		return; /* the periodic pass finds them after receiver_wait */
	op->kind = STORE_OP_MSG_WAKE_ACCOUNT;
	op->at = broker_now_ms();
	snprintf(op->account, sizeof op->account, "%s", account ? account : "");
	snprintf(op->connector, sizeof op->connector, "%s", connector ? connector : "");
	op->cb = woken_cb;
	op->arg = d;
	store_submit(d->b->store, op);
}

void dispatcher_wake(struct dispatcher *d, const char *account)
{
	if (!d || d->stopped)
		return;
	submit_wake(d, account, NULL);
	const struct conf *c = d->b->conf;
	for (size_t i = 0; i < c->n_connectors; i++)
		if (c->connectors[i].account && strcmp(c->connectors[i].account, account) == 0)
			submit_wake(d, NULL, c->connectors[i].name);
}

void dispatcher_wake_connector(struct dispatcher *d, const char *connector)
{
	if (d && !d->stopped)
		submit_wake(d, NULL, connector);
}

size_t dispatcher_in_flight(const struct dispatcher *d)
{
	return d ? d->n_jobs : 0;
}

const struct conf_route *dispatcher_route(const struct dispatcher *d, const char *account,
					  const char *src, const char *dst, const char *service_type)
{
	return route_find(d->routes, account, src, dst, service_type);
}

const char *dispatcher_account_for(const struct dispatcher *d, const char *dst)
{
	return d ? route_account_for(d->routes, dst) : NULL;
}

int dispatcher_has_routes(const struct dispatcher *d)
{
	return !route_table_empty(d->routes);
}

static void updated_cb(struct store_op *op)
{
	struct update_txn *t = (struct update_txn *)op;
	if (op->result != STORE_OK && op->result != STORE_ENOTFOUND)
		log_error("dispatch.update_failed message=%lld error=\"%s\"",
			  (long long)op->update.id, store_strerror(op->result));
	if (t->done)
		t->done(t->done_arg, op->result);
	/* A receipt was queued, or a slot freed: there may be work. */
	dispatcher_kick(t->d);
	free(t);
}

/* Backoff with jitter: retry_min doubling per attempt, up to retry_max; 50-100 %. */
static int64_t backoff_ms(const struct conf_delivery *dl, uint32_t attempts)
{
	int64_t delay = dl->retry_min_ms;
	for (uint32_t i = 1; i < attempts && delay < dl->retry_max_ms; i++)
		delay *= 2;
	if (delay > dl->retry_max_ms)
		delay = dl->retry_max_ms;
	return delay / 2 + (int64_t)((uint64_t)random() % (uint64_t)(delay / 2 + 1));
}

static int64_t expiry_of(const struct dispatcher *d, const struct store_msg *m)
{
	return m->expire_at ? m->expire_at : m->created_at + d->b->conf->delivery.default_validity_ms;
}

/*
 * Records a message's new state: one store update, with the receipt if the
 * state is final and the submitter asked for one. done (optional) runs after
 * the commit with the store's result.
 */
void dispatch_record_msg(struct dispatcher *d, const struct store_msg *m, const char *connector,
		       int state, uint32_t error_code, int64_t next_at, uint32_t attempts,
		       const char *remote_id, void (*done)(void *, int), void *done_arg)
{
	int64_t now = broker_now_ms();
	struct update_txn *t = calloc(1, sizeof *t);
	if (!t) {
		/* It stays dispatching: the next start queues it again. */
		log_error("dispatch.update_failed message=%lld error=\"out of memory\"", (long long)m->id);
		if (done)
			done(done_arg, STORE_ENOMEM);
		return;
	}
	t->done = done;
	t->done_arg = done_arg;
	/* A message waiting past its validity is looked at when it ends, to expire on time. */
	if (state == STORE_ST_QUEUED && next_at > expiry_of(d, m))
		next_at = expiry_of(d, m);
	t->d = d;
	t->op.kind = STORE_OP_MSG_UPDATE;
	t->op.cb = updated_cb;
	t->op.at = now;
	struct store_update *u = &t->op.update;
	u->id = m->id;
	u->state = (uint8_t)state;
	u->next_at = next_at;
	u->attempts = attempts;
	u->error_code = error_code;
	snprintf(u->connector, sizeof u->connector, "%s", connector);
	snprintf(u->remote_id, sizeof u->remote_id, "%s", remote_id ? remote_id : "");
	u->group_id = m->group_id;
	/* A split message's intermediate notification comes from its first part only. */
	bool first_part = !m->group_id || m->group_id == m->id;
	if (m->direction == STORE_DIR_MT && receipt_wanted(m->registered_delivery, state) &&
	    (store_state_is_final(state) || first_part)) {
		receipt_build(m, state, error_code, now, &t->receipt, t->receipt_buf);
		/* No account (the HTTP API, email, reports): no ESME to deliver it to. It is
		 * kept as a record (the API shows it, callbacks take it), final at once. */
		if (!m->account[0]) {
			t->receipt.state = STORE_ST_DELIVERED;
			t->receipt.done_at = now;
		}
		u->receipt = &t->receipt;
	}
	log_at(store_state_is_final(state) ? LOG_LVL_INFO : LOG_LVL_DEBUG,
	       "dispatch.%s message=%lld connector=%s attempts=%u error=%u%s",
	       store_state_name(state), (long long)m->id, connector[0] ? connector : "-",
	       attempts, error_code, u->receipt ? " receipt=1" : "");
	store_submit(d->b->store, &t->op);
}

static void record_then(struct dispatcher *d, struct dispatch_job *job, int state,
			uint32_t error_code, int64_t next_at, uint32_t attempts,
			const char *remote_id, void (*done)(void *, int), void *arg)
{
	/* MO and DR rows keep the connector they came from and its id (a modem's re-read dedupe). */
	const struct store_msg *m = &job->msg;
	bool keep = m->direction != STORE_DIR_MT;
	dispatch_record_msg(d, m, keep ? m->connector : job->connector, state, error_code, next_at, attempts,
		   keep ? m->remote_id : remote_id, done, arg);
}

static void record(struct dispatcher *d, struct dispatch_job *job, int state, uint32_t error_code,
		   int64_t next_at, uint32_t attempts, const char *remote_id)
{
	record_then(d, job, state, error_code, next_at, attempts, remote_id, NULL, NULL);
}

static void job_free(struct dispatcher *d, struct dispatch_job *job)
{
	id_map_del(&d->jobs, job->id);
	d->n_jobs--;
	store_msg_clear(&job->msg);
	free(job);
}

void dispatch_job_done_then(struct broker *b, uint64_t job_id, enum dispatch_outcome outcome,
			    uint32_t error_code, const char *remote_id,
			    void (*committed)(void *arg, int result), void *arg)
{
	struct dispatcher *d = b->dispatcher;
	struct dispatch_job *job = d ? id_map_get(&d->jobs, job_id) : NULL;
	if (!job) {
		/* answered already (a late response after a timeout) */
		if (committed)
			committed(arg, STORE_ENOTFOUND);
		return;
	}
	const struct conf_delivery *dl = &b->conf->delivery;
	struct store_msg *m = &job->msg;
	int64_t now = broker_now_ms();
	uint32_t attempts = m->attempts;
	switch (outcome) {
	case DISPATCH_DELIVERED:
		record_then(d, job, STORE_ST_DELIVERED, 0, 0, attempts + 1, remote_id, committed, arg);
		break;
	case DISPATCH_SENT:
		record_then(d, job, STORE_ST_SENT, 0, m->expire_at, attempts + 1, remote_id, committed,
			    arg);
		break;
	case DISPATCH_PERMFAIL:
		record_then(d, job, STORE_ST_UNDELIVERABLE, error_code, 0, attempts + 1, NULL, committed,
			    arg);
		break;
	case DISPATCH_TEMPFAIL:
		if (attempts + 1 >= dl->max_attempts)
			record_then(d, job, STORE_ST_UNDELIVERABLE, error_code, 0, attempts + 1, NULL,
				    committed, arg);
		else
			record_then(d, job, STORE_ST_QUEUED, error_code,
				    now + backoff_ms(dl, attempts + 1), attempts + 1, NULL, committed, arg);
		break;
	case DISPATCH_NOTREADY:
		record_then(d, job, STORE_ST_QUEUED, error_code, now + dl->receiver_wait_ms, attempts,
			    NULL, committed, arg);
		break;
	}
	metrics_dispatch(job->connector, (int)outcome, broker_mono_ms() - job->started_ms);
	job_free(d, job);
}

void dispatch_job_done(struct broker *b, uint64_t job_id, enum dispatch_outcome outcome,
		       uint32_t error_code, const char *remote_id)
{
	dispatch_job_done_then(b, job_id, outcome, error_code, remote_id, NULL, NULL);
}

/* The connector for an MT message along its route: the first (or next, loadshare) that is ready. */
static struct connector *choose(struct dispatcher *d, const struct conf_route *r,
				const struct store_msg *m, bool *throttled)
{
	size_t n = r->n_connectors;
	size_t start = r->mode == CONF_ROUTE_LOADSHARE ? d->rr++ % n : 0;
	for (size_t k = 0; k < n; k++) {
		struct connector *c = find_connector(d, r->connectors[(start + k) % n]);
		if (!c || !c->ops->ready(c, m))
			continue;
		if (!rate_take(&c->rate, c->throughput, broker_mono_ms())) {
			*throttled = true;
			continue;
		}
		return c;
	}
	return NULL;
}

static void start_job(struct dispatcher *d, struct store_msg *row)
{
	struct dispatch_job *job = calloc(1, sizeof *job);
	if (!job || id_map_put(&d->jobs, d->next_job + 1, job) != 0) {
		free(job);
		log_error("dispatch.job_failed message=%lld error=\"out of memory\"", (long long)row->id);
		return; /* stays dispatching: queued again at the next start */
	}
	job->id = ++d->next_job;
	job->msg = *row;
	row->owns_buffers = false; /* the job has them now */
	job->started_ms = broker_mono_ms();
	d->n_jobs++;
	struct store_msg *m = &job->msg;
	int64_t now = broker_now_ms();

	if (expiry_of(d, m) <= now) {
		record(d, job, STORE_ST_EXPIRED, 0, 0, m->attempts, NULL);
		job_free(d, job);
		return;
	}
	struct connector *c = NULL;
	bool throttled = false;
	if (m->direction != STORE_DIR_MT) {
		c = d->to_account->ops->ready(d->to_account, m) ? d->to_account : NULL;
	} else {
		const struct conf_route *r = route_find(d->routes, m->account, m->src_addr, m->dst_addr,
							m->service_type);
		if (!r) {
			log_debug("dispatch.no_route message=%lld destination=%s", (long long)m->id,
				  m->dst_addr);
		} else {
			c = choose(d, r, m, &throttled);
			/* Remembered while it waits, so the connector coming up wakes it. */
			snprintf(job->connector, sizeof job->connector, "%s", r->connectors[0]);
		}
	}
	if (!c) {
		/* Nobody can take it now; a throttled connector is free again soon. */
		int64_t wait = throttled ? 200 : d->b->conf->delivery.receiver_wait_ms;
		if (throttled)
			metrics_count(METRIC_DISPATCH_THROTTLED, 1);
		record(d, job, STORE_ST_QUEUED, m->error_code, now + wait, m->attempts, NULL);
		job_free(d, job);
		return;
	}
	snprintf(job->connector, sizeof job->connector, "%s", c->name);
	c->ops->send(c, job); /* answers through dispatch_job_done, maybe at once */
}

static void claimed_cb(struct store_op *op)
{
	struct dispatcher *d = op->arg;
	d->claiming = false;
	if (op->result != STORE_OK)
		log_error("dispatch.claim_failed error=\"%s\"", store_strerror(op->result));
	bool full = op->result == STORE_OK && op->n_rows == op->limit;
	/* Stopping: claimed rows stay dispatching and are queued again at the next start. */
	for (size_t i = 0; !d->stopped && i < op->n_rows; i++)
		start_job(d, &op->rows[i]);
	store_op_clear(op);
	if (full || d->again) {
		d->again = false;
		dispatcher_kick(d);
	}
}

static void pass_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct dispatcher *d = arg;
	if (d->stopped)
		return;
	if (d->claiming) {
		d->again = true;
		return;
	}
	if (d->n_jobs >= MAX_JOBS)
		return; /* a finishing job kicks again */
	unsigned limit = d->b->conf->delivery.batch;
	if (limit > MAX_JOBS - d->n_jobs)
		limit = (unsigned)(MAX_JOBS - d->n_jobs);
	memset(&d->claim, 0, sizeof d->claim);
	d->claim.kind = STORE_OP_MSG_CLAIM;
	d->claim.at = broker_now_ms();
	d->claim.limit = limit;
	d->claim.cb = claimed_cb;
	d->claim.arg = d;
	d->claiming = true;
	store_submit(d->b->store, &d->claim);
}

void dispatcher_stop(struct dispatcher *d)
{
	if (!d)
		return;
	/* The first call lets connectors finish; the second (teardown) ends them now. */
	bool now = d->stopped;
	d->stopped = true;
	event_del(d->tick);
	for (size_t i = 0; i < d->n_conns; i++)
		if (d->conns[i]->ops->stop)
			d->conns[i]->ops->stop(d->conns[i], now);
}

void dispatcher_free(struct dispatcher *d)
{
	if (!d)
		return;
	/* Jobs still out stay dispatching in the store: the next start queues them again. */
	for (size_t i = 0; i < d->jobs.cap; i++) {
		struct dispatch_job *job = d->jobs.vals[i];
		if (d->jobs.keys[i] && job) {
			store_msg_clear(&job->msg);
			free(job);
		}
	}
	id_map_free(&d->jobs);
	free_connectors(d);
	if (d->to_account)
		d->to_account->ops->free(d->to_account);
	route_table_free(d->routes);
	if (d->pass_ev)
		event_free(d->pass_ev);
	if (d->tick)
		event_free(d->tick);
	free(d);
}
