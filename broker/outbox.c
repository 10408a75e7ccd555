/*
 * outbox.c - the forwarding engine (see outbox.h): targets, their claims
 * and leases, and how each delivery ends. What a delivery of each kind
 * sends is fwd_deliver.c's.
 */
#include "outbox.h"

#include <curl/curl.h>
#include <event2/event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "broker.h"
#include "conf.h"
#include "fwd_rules.h"
#include "fwd_worker.h"
#include "log.h"
#include "outbox_internal.h"

#define TICK_MS 1000
#define CLAIM_LIMIT 16
#define LEASE_EXTRA_MS 60000 /* a claimed row is due again this long after its timeout */

struct outbox {
	struct broker *b;
	struct ob_target *targets;
	struct event *tick, *kick_ev;
	bool stopping, curl_init;
};

/* A finished job's outcome on its way to the store. */
struct result_txn {
	struct store_op op;
	struct store_outbox_result r;
	struct ob_target *t;
	char error[STORE_OUTBOX_ERROR_MAX];
};

static void pass(struct ob_target *t);

void ob_job_free(struct ob_job *job)
{
	if (!job)
		return;
	fwd_http_request_clear(&job->http);
	for (size_t i = 0; i < job->n_permanent; i++)
		free(job->permanent[i]);
	free(job->permanent);
	for (size_t i = 0; i < job->n_to; i++)
		free(job->to[i]);
	free(job->to);
	free(job->mail);
	free(job->host);
	free(job->user);
	free(job->password);
	free(job->from);
	free(job->ca_file);
	free(job);
}

/* The target goes on with its next job (or claim), soon but not from inside this callback chain. */
static void target_idle(struct ob_target *t)
{
	t->active = false;
	pass(t);
}

static void result_cb(struct store_op *op)
{
	struct result_txn *x = (struct result_txn *)op;
	if (op->result != STORE_OK)
		log_error("fwd.result_failed kind=%s error=\"%s\"", x->t->kind,
			  store_strerror(op->result));
	else if (op->count)
		log_info("fwd.message_deleted kind=%s messages=%lld note=\"dont_save: every rule"
			 " delivered it\"", x->t->kind, (long long)op->count);
	struct ob_target *t = x->t;
	free(x);
	target_idle(t);
}

static void log_outcome(const struct ob_job *job, int state, int64_t next_at, const char *error)
{
	const struct store_outbox_job *j = job->j;
	int64_t now = broker_now_ms();
	if (state == STORE_OUTBOX_PENDING)
		log_at(job->attempts ? LOG_LVL_WARN : LOG_LVL_INFO,
		       "fwd.retry kind=%s target=%s message=%lld row=%lld attempts=%u next_in_ms=%lld"
		       " error=\"%s\"", j->row.kind, j->row.name, (long long)j->row.message_id,
		       (long long)j->row.id, job->attempts, (long long)(next_at - now), error ? error : "");
	else
		log_at(state == STORE_OUTBOX_DONE || state == STORE_OUTBOX_SKIPPED ? LOG_LVL_INFO
										    : LOG_LVL_WARN,
		       "fwd.%s kind=%s target=%s message=%lld row=%lld rows=%zu attempts=%u detail=\"%s\"",
		       store_outbox_state_name(state), j->row.kind, j->row.name,
		       (long long)j->row.message_id, (long long)j->row.id, j->n_ids, job->attempts,
		       error ? error : "");
}

void outbox_finish(struct ob_job *job, int state, int64_t next_at, const char *error)
{
	struct ob_target *t = job->t;
	int64_t now = broker_now_ms();
	log_outcome(job, state, next_at, error);
	struct result_txn *x = calloc(1, sizeof *x);
	if (!x) {
		/* The rows stay leased: due again after the lease. */
		log_error("fwd.result_failed kind=%s error=\"out of memory\"", t->kind);
		ob_job_free(job);
		target_idle(t);
		return;
	}
	x->t = t;
	snprintf(x->error, sizeof x->error, "%s", error ? error : "");
	x->r = (struct store_outbox_result){
		.ids = job->j->ids, .n = job->j->n_ids, .state = state,
		.next_at = state == STORE_OUTBOX_PENDING ? next_at : now,
		.attempts = job->attempts, .error = error ? x->error : NULL};
	x->op.kind = STORE_OP_OUTBOX_RESULT;
	x->op.outbox = &x->r;
	x->op.at = now;
	x->op.cb = result_cb;
	ob_job_free(job);
	store_submit(t->b->store, &x->op);
}

/* retry_min doubling per attempt up to retry_max, 50-100 % of it. */
static int64_t backoff_ms(const struct ob_job *job)
{
	int64_t d = job->retry_min_ms > 0 ? job->retry_min_ms : 1000;
	for (uint32_t i = 1; i < job->attempts && d < job->retry_max_ms; i++)
		d *= 2;
	if (d > job->retry_max_ms && job->retry_max_ms > 0)
		d = job->retry_max_ms;
	return d / 2 + (int64_t)((uint64_t)random() % (uint64_t)(d / 2 + 1));
}

void outbox_retry(struct ob_job *job, int64_t now, const char *error)
{
	if (job->expire_at && now >= job->expire_at) {
		outbox_finish(job, STORE_OUTBOX_EXPIRED, now, error);
		return;
	}
	int64_t next = now + backoff_ms(job);
	if (job->expire_at && next > job->expire_at)
		next = job->expire_at; /* looked at when it ends, to expire on time */
	outbox_finish(job, STORE_OUTBOX_PENDING, next, error);
}

void outbox_sms_done(struct ob_job *job, int result)
{
	struct ob_target *t = job->t;
	if (result != STORE_OK) {
		char why[120];
		snprintf(why, sizeof why, "store: %s", store_strerror(result));
		outbox_retry(job, broker_now_ms(), why);
		return;
	}
	log_outcome(job, STORE_OUTBOX_DONE, 0, "SMS queued");
	ob_job_free(job);
	target_idle(t);
}

/*
 * Stopping: the claimed jobs not started are due again at once rather than
 * after their lease, attempts and last error as they were.
 */
static void release_rest(struct ob_target *t)
{
	for (; t->next < t->claim.n_jobs; t->next++) {
		struct store_outbox_job *j = &t->claim.jobs[t->next];
		struct result_txn *x = calloc(1, sizeof *x);
		if (!x)
			return; /* due after the lease instead */
		x->t = t;
		snprintf(x->error, sizeof x->error, "%s", j->row.last_error);
		x->r = (struct store_outbox_result){.ids = j->ids, .n = j->n_ids,
						    .state = STORE_OUTBOX_PENDING,
						    .next_at = broker_now_ms(),
						    .attempts = j->row.attempts, .error = x->error};
		x->op.kind = STORE_OP_OUTBOX_RESULT;
		x->op.outbox = &x->r;
		x->op.at = broker_now_ms();
		x->op.cb = result_cb;
		t->active = true; /* the claim's jobs stay alive until this op is back */
		store_submit(t->b->store, &x->op);
	}
}

/* ---- claims ---- */

static int64_t lease_ms(const struct ob_target *t)
{
	const struct conf *c = t->b->conf;
	int64_t timeout = c->receipt_callbacks.timeout_ms;
	for (size_t i = 0; i < c->n_forwarding; i++)
		if (strcmp(c->forwarding[i].name, t->name) == 0)
			timeout = c->forwarding[i].timeout_ms;
	return (t->w ? timeout : 0) + LEASE_EXTRA_MS;
}

static void claimed_cb(struct store_op *op)
{
	struct ob_target *t = op->arg;
	t->claiming = false;
	if (op->result != STORE_OK) {
		log_error("fwd.claim_failed kind=%s target=%s error=\"%s\"", t->kind,
			  t->name[0] ? t->name : "*", store_strerror(op->result));
		store_op_clear(op);
		return; /* the tick tries again */
	}
	t->next = 0;
	if (t->o->stopping)
		release_rest(t);
	else if (op->n_jobs)
		pass(t); /* none due: the next kick or tick looks again */
}

static void claim(struct ob_target *t)
{
	const struct conf *c = t->b->conf;
	int64_t now = broker_now_ms();
	store_op_clear(&t->claim);
	memset(&t->claim, 0, sizeof t->claim);
	t->claim_in = (struct store_outbox_claim){
		.kind = t->kind, .name = t->name, .limit = CLAIM_LIMIT, .lease_ms = lease_ms(t),
		.window_ms = c->incoming.reassembly_timeout_ms,
		.recent_since = strcmp(t->kind, "reply") == 0 ? now - c->auto_reply.rate_window_ms : 0};
	t->claim.kind = STORE_OP_OUTBOX_CLAIM;
	t->claim.claim = &t->claim_in;
	t->claim.at = now;
	t->claim.cb = claimed_cb;
	t->claim.arg = t;
	t->claiming = true;
	store_submit(t->b->store, &t->claim);
}

/* The target's next step: its next claimed job, or a new claim when the last was full. */
static void pass(struct ob_target *t)
{
	if (t->o->stopping || t->claiming || t->active)
		return;
	if (t->next < t->claim.n_jobs) {
		struct ob_job *job = calloc(1, sizeof *job);
		if (!job)
			return; /* the tick tries again; the rows are leased meanwhile */
		job->t = t;
		job->j = &t->claim.jobs[t->next++];
		t->active = true;
		fwd_deliver_start(job, broker_now_ms());
		return;
	}
	claim(t);
}

static void pass_all(struct outbox *o)
{
	for (struct ob_target *t = o->targets; t; t = t->next_target)
		pass(t);
}

static void tick_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	pass_all(arg);
}

void outbox_kick(struct outbox *o)
{
	if (o && !o->stopping)
		event_active(o->kick_ev, EV_TIMEOUT, 0);
}

/* ---- targets ---- */

static struct ob_target *find(struct outbox *o, const char *kind, const char *name)
{
	for (struct ob_target *t = o->targets; t; t = t->next_target)
		if (strcmp(t->kind, kind) == 0 && strcmp(t->name, name) == 0)
			return t;
	return NULL;
}

static int add_target(struct outbox *o, const char *kind, const char *name, bool threaded)
{
	if (find(o, kind, name))
		return 0;
	struct ob_target *t = calloc(1, sizeof *t);
	if (!t)
		return -1;
	t->o = o;
	t->b = o->b;
	snprintf(t->kind, sizeof t->kind, "%s", kind);
	snprintf(t->name, sizeof t->name, "%s", name);
	if (threaded && !(t->w = fwd_worker_new(o->b->base))) {
		free(t);
		return -1;
	}
	t->next_target = o->targets;
	o->targets = t;
	log_info("fwd.target kind=%s name=%s thread=%d", kind, name[0] ? name : "*", threaded);
	return 0;
}

int outbox_configure(struct outbox *o)
{
	const struct conf *c = o->b->conf;
	int rc = add_target(o, "sms", "", false) | add_target(o, "reply", "", false) |
		 add_target(o, "callback", "receipts", true);
	for (size_t i = 0; rc == 0 && i < c->n_forwarding; i++) {
		const struct conf_forward *r = &c->forwarding[i];
		if (r->target == CONF_FWD_HTTP)
			rc = add_target(o, "http", r->name, true);
		else if (r->target == CONF_FWD_EMAIL)
			rc = add_target(o, "email", r->name, true);
	}
	/* Meter reports to a rule: rows of their own, on a thread of their own. */
	for (size_t i = 0; rc == 0 && i < c->n_reports; i++)
		for (size_t k = 0; rc == 0 && k < c->reports[i].n_targets; k++)
			rc = add_target(o, "report", c->reports[i].targets[k], true);
	if (rc != 0)
		log_error("fwd.configure_failed reason=\"no memory or thread\"");
	pass_all(o);
	return rc;
}

struct outbox *outbox_start(struct broker *b)
{
	struct outbox *o = calloc(1, sizeof *o);
	if (!o)
		return NULL;
	o->b = b;
	/* Reference-counted by libcurl: the POP3 poller may have initialised it too. */
	o->curl_init = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
	o->tick = event_new(b->base, -1, EV_PERSIST, tick_cb, o);
	o->kick_ev = event_new(b->base, -1, 0, tick_cb, o);
	struct timeval tv = {TICK_MS / 1000, (TICK_MS % 1000) * 1000};
	if (!o->curl_init || !o->tick || !o->kick_ev || event_add(o->tick, &tv) != 0 ||
	    outbox_configure(o) != 0) {
		log_error("fwd.start_failed reason=\"no memory, thread or libcurl\"");
		outbox_stop(o);
		outbox_free(o);
		return NULL;
	}
	return o;
}

void outbox_stop(struct outbox *o)
{
	if (!o || o->stopping)
		return;
	o->stopping = true;
	if (o->tick)
		event_del(o->tick);
	for (struct ob_target *t = o->targets; t; t = t->next_target) {
		void *aborted = NULL;
		fwd_worker_free(t->w, &aborted);
		t->w = NULL;
		if (aborted) {
			/* Cut short: due again at once, the attempt not counted. */
			struct ob_job *job = aborted;
			job->attempts = job->j->row.attempts;
			outbox_finish(job, STORE_OUTBOX_PENDING, broker_now_ms(), "stopped");
		}
		if (!t->claiming)
			release_rest(t);
	}
}

void outbox_free(struct outbox *o)
{
	if (!o)
		return;
	while (o->targets) {
		struct ob_target *t = o->targets;
		o->targets = t->next_target;
		fwd_worker_free(t->w, NULL);
		store_op_clear(&t->claim);
		free(t);
	}
	if (o->tick)
		event_free(o->tick);
	if (o->kick_ev)
		event_free(o->kick_ev);
	if (o->curl_init)
		curl_global_cleanup();
	free(o);
}
