/*
 * pop3_poll.c - the inboxes' lifecycle: copying their settings, one worker
 * thread each with its own schedule and backoff, and the bridge that runs
 * the worker's store calls on the loop thread (see pop3_poll.h).
 */
#include "pop3_poll.h"

#include <curl/curl.h>
#include <event2/event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "broker.h"
#include "log.h"
#include "metrics.h"
#include "pop3_client.h"
#include "pop3_internal.h"

#define RETRY_FIRST_MS 10000LL      /* first retry after a failed poll */
#define RETRY_CAP_MS (15 * 60000LL) /* backoff grows to this, or to the interval if longer */
#define MORE_PAUSE_MS 1000LL        /* after a poll that hit max_per_poll */

struct pop3_poll {
	size_t n;
	struct pop3_inbox *inboxes;
};

/* ---- the loop side of a call ---- */

static void finish(struct pop3_inbox *in, int result, bool refused)
{
	pthread_mutex_lock(&in->mu);
	in->call.result = result;
	in->call.refused = refused;
	in->call.done = true;
	pthread_cond_signal(&in->cond);
	pthread_mutex_unlock(&in->mu);
}

static void op_done(struct store_op *op)
{
	finish(op->arg, op->result, false);
}

static void submit_done(void *arg, int result, int64_t first_id, unsigned segments)
{
	struct pop3_inbox *in = arg;
	in->call.first_id = first_id;
	in->call.segments = segments;
	finish(in, result, false);
}

/* A poll ended (the worker waits): its result into the status and metrics. */
static void note_poll(struct pop3_inbox *in, const struct pop3_poll_result *r)
{
	struct pop3_status *s = &in->status;
	int64_t now = broker_now_ms();
	s->last_poll_ms = now;
	s->last_rc = r->rc;
	s->listed = r->listed;
	s->read = r->read;
	s->sms = r->sms;
	s->kept = r->kept;
	s->deleted = r->deleted;
	s->more = r->more;
	s->polls++;
	if (r->rc != POP3_OK) {
		s->failures++;
		s->last_error_ms = now;
		snprintf(s->last_error, sizeof s->last_error, "%s", pop3_err_str(r->rc));
		snprintf(s->detail, sizeof s->detail, "%s", r->detail);
	}
	metrics_pop3_poll(in->cfg.name, r->rc == POP3_OK ? METRIC_POP3_OK
				       : r->rc == POP3_EAUTH ? METRIC_POP3_AUTH_FAILED
							     : METRIC_POP3_FAILED, r->sms);
}

static void call_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct pop3_inbox *in = arg;
	struct pop3_call *c = &in->call;
	if (c->kind == POP3_CALL_STATUS) {
		note_poll(in, &c->poll);
		finish(in, 0, false);
		return;
	}
	if (c->kind == POP3_CALL_SUBMIT) {
		c->text.mail = &c->mail;
		int rc = outbound_submit_text(in->b, &c->text, submit_done, in);
		if (rc != 0)
			finish(in, rc, true);
		return;
	}
	memset(&c->op, 0, sizeof c->op);
	c->op.kind = c->kind == POP3_CALL_LOOKUP ? STORE_OP_MAIL_LOOKUP : STORE_OP_MAIL_INSERT;
	c->op.mail = &c->mail;
	c->op.at = broker_now_ms();
	c->op.cb = op_done;
	c->op.arg = in;
	store_submit(in->b->store, &c->op);
}

/* ---- the worker side ---- */

int pop3_call(struct pop3_inbox *in, enum pop3_call_kind kind)
{
	pthread_mutex_lock(&in->mu);
	in->call.kind = kind;
	in->call.done = false;
	pthread_mutex_unlock(&in->mu);
	/* libevent runs with pthreads: activating from this thread is safe. */
	event_active(in->call_ev, EV_READ, 0);
	pthread_mutex_lock(&in->mu);
	while (!in->call.done && !atomic_load(&in->stop))
		pthread_cond_wait(&in->cond, &in->mu);
	bool answered = in->call.done;
	pthread_mutex_unlock(&in->mu);
	return answered ? 0 : -1;
}

static int64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits until the monotonic time due or a stop. Returns false when stopping. */
static bool sleep_until(struct pop3_inbox *in, int64_t due)
{
	struct timespec ts = {.tv_sec = due / 1000, .tv_nsec = (due % 1000) * 1000000};
	pthread_mutex_lock(&in->mu);
	while (!atomic_load(&in->stop) && !in->poll_now && mono_ms() < due)
		pthread_cond_timedwait(&in->cond, &in->mu, &ts);
	in->poll_now = false; /* this poll serves the request */
	pthread_mutex_unlock(&in->mu);
	return !atomic_load(&in->stop);
}

/* Exponential from RETRY_FIRST_MS with +-20% jitter, up to the larger of the cap and the interval. */
static int64_t backoff_ms(struct pop3_inbox *in, unsigned failures)
{
	int64_t cap = in->cfg.check_interval_ms > RETRY_CAP_MS ? in->cfg.check_interval_ms : RETRY_CAP_MS;
	int64_t d = RETRY_FIRST_MS;
	for (unsigned i = 1; i < failures && d < cap; i++)
		d *= 2;
	if (d > cap)
		d = cap;
	int64_t jitter = d / 5;
	return d - jitter + (int64_t)(rand_r(&in->seed) % (unsigned)(2 * jitter + 1));
}

static void *worker_main(void *arg)
{
	struct pop3_inbox *in = arg;
	const struct conf_pop3 *c = &in->cfg;
	int64_t due = mono_ms();
	unsigned failures = 0;
	while (sleep_until(in, due)) {
		struct pop3_poll_result r;
		pop3_session_run(in, &r);
		if (r.rc == POP3_ESTOPPED)
			break;
		in->call.poll = r;
		if (pop3_call(in, POP3_CALL_STATUS) != 0)
			break; /* stopping */
		int64_t delay = r.more ? MORE_PAUSE_MS : c->check_interval_ms;
		if (r.rc == POP3_OK) {
			failures = 0;
		} else if (r.rc == POP3_EAUTH) {
			/* Wrong credentials stay wrong: never sooner than the interval. */
			int64_t b = backoff_ms(in, ++failures);
			delay = b > c->check_interval_ms ? b : c->check_interval_ms;
			log_error("pop3.auth_failed inbox=%s host=%s user=%s detail=\"%s\" retry_in_ms=%lld",
				  c->name, c->host, c->username, r.detail, (long long)delay);
		} else {
			delay = backoff_ms(in, ++failures);
			log_warn("pop3.poll_failed inbox=%s host=%s error=\"%s\" detail=\"%s\" failures=%u"
				 " retry_in_ms=%lld",
				 c->name, c->host, pop3_err_str(r.rc), r.detail, failures, (long long)delay);
		}
		due = mono_ms() + delay;
	}
	return NULL;
}

/* ---- the loop's view ---- */

static struct pop3_inbox *find(const struct pop3_poll *p, const char *inbox)
{
	for (size_t i = 0; p && i < p->n; i++)
		if (p->inboxes[i].started && strcmp(p->inboxes[i].cfg.name, inbox) == 0)
			return &p->inboxes[i];
	return NULL;
}

const struct pop3_status *pop3_poll_status(const struct pop3_poll *p, const char *inbox)
{
	const struct pop3_inbox *in = find(p, inbox);
	return in ? &in->status : NULL;
}

int pop3_poll_now(struct pop3_poll *p, const char *inbox)
{
	struct pop3_inbox *in = find(p, inbox);
	if (!in)
		return -1;
	pthread_mutex_lock(&in->mu);
	in->poll_now = true;
	pthread_cond_broadcast(&in->cond);
	pthread_mutex_unlock(&in->mu);
	log_info("pop3.poll_requested inbox=%s", inbox);
	return 0;
}

/* ---- settings ---- */

static int dup_str(char **dst, const char *src)
{
	*dst = NULL;
	return !src || (*dst = strdup(src)) ? 0 : -1;
}

static void settings_free(struct conf_pop3 *c)
{
	free(c->name);
	free(c->host);
	free(c->username);
	free(c->password);
	free(c->ca_file);
	free(c->shared_secret);
	free(c->account);
	free(c->source);
	for (size_t i = 0; i < c->n_allowed_senders && c->allowed_senders; i++)
		free(c->allowed_senders[i]);
	free(c->allowed_senders);
	memset(c, 0, sizeof *c);
}

static int settings_copy(struct conf_pop3 *dst, const struct conf_pop3 *src)
{
	*dst = *src;
	int rc = dup_str(&dst->name, src->name) | dup_str(&dst->host, src->host) |
		 dup_str(&dst->username, src->username) | dup_str(&dst->password, src->password) |
		 dup_str(&dst->ca_file, src->ca_file) |
		 dup_str(&dst->shared_secret, src->shared_secret) |
		 dup_str(&dst->account, src->account) | dup_str(&dst->source, src->source);
	dst->allowed_senders = calloc(src->n_allowed_senders + 1, sizeof *dst->allowed_senders);
	if (!dst->allowed_senders)
		rc = -1;
	for (size_t i = 0; rc == 0 && i < src->n_allowed_senders; i++)
		rc = dup_str(&dst->allowed_senders[i], src->allowed_senders[i]);
	if (rc != 0)
		settings_free(dst);
	return rc;
}

/* ---- start and stop ---- */

static int inbox_start(struct broker *b, struct pop3_inbox *in, const struct conf_pop3 *cfg)
{
	in->b = b;
	in->seed = (unsigned)broker_now_ms() ^ (unsigned)(uintptr_t)in;
	atomic_init(&in->stop, false);
	if (settings_copy(&in->cfg, cfg) != 0)
		return -1;
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_mutex_init(&in->mu, NULL);
	pthread_cond_init(&in->cond, &ca);
	pthread_condattr_destroy(&ca);
	in->call_ev = event_new(b->base, -1, 0, call_cb, in);
	if (!in->call_ev || pthread_create(&in->thread, NULL, worker_main, in) != 0)
		return -1;
	in->started = true;
	const char *sec[] = {"none", "stls", "tls"};
	log_info("pop3.start inbox=%s host=%s port=%u security=%s verify=%d interval_ms=%lld"
		 " max_per_poll=%u senders=%zu secret=%d",
		 cfg->name, cfg->host, cfg->port, sec[cfg->security % 3], cfg->verify_certificate,
		 (long long)cfg->check_interval_ms, cfg->max_per_poll, cfg->n_allowed_senders,
		 cfg->shared_secret != NULL);
	return 0;
}

struct pop3_poll *pop3_poll_start(struct broker *b)
{
	const struct conf *conf = b->conf;
	struct pop3_poll *p = calloc(1, sizeof *p);
	size_t enabled = 0;
	for (size_t i = 0; i < conf->n_pop3; i++)
		enabled += conf->pop3[i].enabled;
	if (p && enabled) {
		/* Not thread-safe, so here, before any worker exists. */
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
			log_error("pop3.start_failed reason=\"libcurl did not initialise\"");
			free(p);
			return NULL;
		}
		p->inboxes = calloc(enabled, sizeof *p->inboxes);
		if (!p->inboxes)
			goto fail;
	}
	for (size_t i = 0; p && i < conf->n_pop3; i++) {
		if (!conf->pop3[i].enabled)
			continue;
		if (inbox_start(b, &p->inboxes[p->n++], &conf->pop3[i]) != 0) {
			log_error("pop3.start_failed inbox=%s reason=\"no memory or thread\"",
				  conf->pop3[i].name);
			goto fail;
		}
	}
	return p;
fail:
	pop3_poll_free(p);
	return NULL;
}

void pop3_poll_free(struct pop3_poll *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++) {
		struct pop3_inbox *in = &p->inboxes[i];
		atomic_store(&in->stop, true);
		if (!in->call_ev)
			continue; /* never got its lock and condition */
		pthread_mutex_lock(&in->mu);
		pthread_cond_broadcast(&in->cond);
		pthread_mutex_unlock(&in->mu);
	}
	for (size_t i = 0; i < p->n; i++) {
		struct pop3_inbox *in = &p->inboxes[i];
		if (in->started)
			pthread_join(in->thread, NULL);
		if (in->call_ev) {
			event_free(in->call_ev);
			pthread_cond_destroy(&in->cond);
			pthread_mutex_destroy(&in->mu);
		}
		settings_free(&in->cfg);
	}
	if (p->inboxes)
		curl_global_cleanup();
	free(p->inboxes);
	free(p);
}
