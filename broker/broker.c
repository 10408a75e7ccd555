/*
 * broker.c - start-up, the loop, and an orderly stop.
 *
 * Start-up fails fast (exit codes in broker.h) with a log line naming the
 * cause. SIGTERM/SIGINT stop accepting, ask sessions to unbind, let the
 * store commit what it holds, then exit within stop_timeout; a second signal
 * exits at once (everything acknowledged is committed already). SIGHUP
 * reloads the configuration (reload.c).
 */
#include "broker.h"

#include <event2/event.h>
#include <event2/thread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "conf.h"
#include "dispatch.h"
#include "http_server.h"
#include "listener.h"
#include "log.h"
#include "meter.h"
#include "outbox.h"
#include "pop3_poll.h"
#include "smpp_server.h"
#include "store.h"
#include "tls.h"

#define STOP_TIMEOUT_MS 5000
#define STOP_POLL_MS 20

int64_t broker_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t broker_mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The store's worker says completions wait: run them on the loop thread. */
static void store_notify(void *arg)
{
	struct broker *b = arg;
	event_active(b->store_ev, EV_READ, 0);
}

static void store_ready_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct broker *b = arg;
	store_complete(b->store);
}

static int open_store(struct broker *b)
{
	struct store_options o = {
		.backend = b->conf->storage.backend,
		.path = b->conf->storage.path,
		.batch_max = b->conf->storage.batch_max,
		.busy_timeout_ms = b->conf->storage.busy_timeout_ms,
		.notify = store_notify,
		.notify_arg = b,
	};
	struct store_open_info info;
	char err[512];
	int rc = store_open(&o, &b->store, &info, err, sizeof err);
	if (rc != STORE_OK) {
		log_error("storage.open_failed path=%s error=\"%s\"", o.path, err);
		return -1;
	}
	log_info("storage.open path=%s backend=%s schema_from=%d schema=%d requeued=%lld", o.path,
		 o.backend, info.schema_from, info.schema_to, (long long)info.requeued);
	return 0;
}

static void stop_check_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct broker *b = arg;
	/* Jobs out with connectors count: an upstream's window is answered before we go. */
	size_t sessions = smpp_server_sessions(b->smpp) + dispatcher_in_flight(b->dispatcher);
	size_t pending = store_pending(b->store);
	if ((sessions == 0 && pending == 0) || broker_mono_ms() >= b->stop_deadline_ms) {
		if (sessions || pending)
			log_warn("stop.timeout sessions=%zu store_pending=%zu", sessions, pending);
		event_base_loopbreak(b->base);
		return;
	}
	struct timeval tv = {0, STOP_POLL_MS * 1000};
	event_add(b->stop_check, &tv);
}

static void begin_stop(struct broker *b, int sig)
{
	if (b->stopping++) {
		log_warn("stop.forced signal=%d", sig);
		b->exit_code = BROKER_EXIT_FORCED;
		event_base_loopbreak(b->base);
		return;
	}
	log_info("stopping signal=%d", sig);
	listener_set_free(b->smpp_listeners);
	listener_set_free(b->smpp_tls_listeners);
	b->smpp_listeners = b->smpp_tls_listeners = NULL;
	http_server_stop_listening(b->http);
	outbox_stop(b->outbox);
	dispatcher_stop(b->dispatcher);
	smpp_server_shutdown(b->smpp);
	b->stop_deadline_ms = broker_mono_ms() + STOP_TIMEOUT_MS;
	b->stop_check = evtimer_new(b->base, stop_check_cb, b);
	stop_check_cb(-1, 0, b);
}

static void signal_cb(evutil_socket_t sig, short what, void *arg)
{
	(void)what;
	struct broker *b = arg;
	if (sig == SIGHUP)
		broker_reload(b);
	else
		begin_stop(b, (int)sig);
}

static void print_demo_accounts(const struct conf *c)
{
	for (size_t i = 0; i < c->n_accounts; i++) {
		const struct conf_account *a = &c->accounts[i];
		if (a->password && strcmp(a->password, CONF_DEMO_PASSWORD) == 0)
			log_info("demo_account system_id=%s password=%s note=\"loopback only;"
				 " change it before listening elsewhere\"",
				 a->system_id, CONF_DEMO_PASSWORD);
	}
}

static int start(struct broker *b)
{
	if (open_store(b) != 0)
		return BROKER_EXIT_STORAGE;
	b->store_ev = event_new(b->base, -1, 0, store_ready_cb, b);
	b->smpp = smpp_server_new(b);
	b->dispatcher = dispatcher_new(b);
	if (!b->store_ev || !b->smpp || !b->dispatcher)
		return BROKER_EXIT_INTERNAL;
	dispatcher_kick(b->dispatcher); /* what was queued before the restart */
	b->smpp_listeners = listener_set_open(b->base, "smpp", &b->conf->smpp, smpp_server_accept,
					      b->smpp);
	if (!b->smpp_listeners)
		return BROKER_EXIT_LISTEN;
	if (b->conf->smpp_tls.enabled) {
		char err[512];
		SSL_CTX *ctx = tls_server_ctx_new(&b->conf->smpp_tls, err, sizeof err);
		if (!ctx) {
			log_error("listener.failed proto=smpp_tls error=\"%s\"", err);
			return BROKER_EXIT_LISTEN;
		}
		smpp_server_set_tls(b->smpp, ctx);
		b->smpp_tls_listeners = listener_set_open(b->base, "smpp_tls", &b->conf->smpp_tls,
							  smpp_server_accept_tls, b->smpp);
		if (!b->smpp_tls_listeners)
			return BROKER_EXIT_LISTEN;
	}
	if (!(b->http = http_server_new(b)))
		return BROKER_EXIT_LISTEN;
	if (meter_set_start(b) != 0)
		return BROKER_EXIT_CONFIG;
	if (!(b->pop3 = pop3_poll_start(b)))
		return BROKER_EXIT_INTERNAL;
	if (!(b->outbox = outbox_start(b)))
		return BROKER_EXIT_INTERNAL;
	b->sig_term = evsignal_new(b->base, SIGTERM, signal_cb, b);
	b->sig_int = evsignal_new(b->base, SIGINT, signal_cb, b);
	b->sig_hup = evsignal_new(b->base, SIGHUP, signal_cb, b);
	if (!b->sig_term || !b->sig_int || !b->sig_hup || event_add(b->sig_term, NULL) ||
	    event_add(b->sig_int, NULL) || event_add(b->sig_hup, NULL))
		return BROKER_EXIT_INTERNAL;
	print_demo_accounts(b->conf);
	log_info("started version=%s pid=%ld config=%s", SMSBROKER_VERSION, (long)getpid(),
		 b->config_path);
	return BROKER_EXIT_OK;
}

static void teardown(struct broker *b)
{
	meter_set_free(b->meters);
	listener_set_free(b->smpp_listeners);
	listener_set_free(b->smpp_tls_listeners);
	dispatcher_stop(b->dispatcher);
	outbox_stop(b->outbox); /* its workers' last results go to the store below */
	/* Sessions hand their unacknowledged deliveries back (store updates) ... */
	smpp_server_free(b->smpp);
	/* Closed sockets' bufferevents are freed by deferred callbacks: let them run. */
	event_base_loop(b->base, EVLOOP_NONBLOCK);
	/* ... which the store executes, with its other queued ops, before closing. */
	store_close(b->store);
	http_server_free(b->http); /* after the store's last callbacks, which answer requests */
	pop3_poll_free(b->pop3); /* after the store's last callbacks, which may reach it */
	outbox_free(b->outbox);  /* likewise */
	dispatcher_free(b->dispatcher);
	if (b->store_ev)
		event_free(b->store_ev);
	if (b->stop_check)
		event_free(b->stop_check);
	if (b->sig_term)
		event_free(b->sig_term);
	if (b->sig_int)
		event_free(b->sig_int);
	if (b->sig_hup)
		event_free(b->sig_hup);
	conf_free(b->conf);
	if (b->base)
		event_base_free(b->base);
}

static int load_config(struct broker *b)
{
	struct conf_errors errs = {0};
	b->conf = conf_load(b->config_path, &errs);
	for (size_t i = 0; i < errs.n; i++)
		log_error("config.error %s", errs.lines[i]);
	conf_errors_clear(&errs);
	if (!b->conf)
		return -1;
	log_setup(b->conf->logging.level, b->conf->logging.syslog);
	return 0;
}

int broker_run(const char *config_path)
{
	struct broker b;
	memset(&b, 0, sizeof b);
	b.config_path = config_path;
	signal(SIGPIPE, SIG_IGN);

	if (load_config(&b) != 0)
		return BROKER_EXIT_CONFIG;
	if (evthread_use_pthreads() != 0 || !(b.base = event_base_new())) {
		conf_free(b.conf);
		return BROKER_EXIT_INTERNAL;
	}
	int rc = start(&b);
	if (rc == BROKER_EXIT_OK) {
		event_base_dispatch(b.base);
		rc = b.exit_code;
	}
	if (rc == BROKER_EXIT_FORCED) {
		log_warn("stopped forced=1");
		_exit(rc); /* the second signal: now, without waiting for anything */
	}
	teardown(&b);
	log_info("stopped exit=%d", rc);
	return rc;
}
