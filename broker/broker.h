/*
 * broker.h - the daemon's top-level object: the event loop, the loaded
 * configuration, the store, the listeners and the servers behind them.
 *
 * Everything here runs on the loop thread. The configuration is replaced
 * whole on reload: code holds names (an account's system_id), never
 * pointers into a conf across loop turns.
 */
#ifndef SMSB_BROKER_H
#define SMSB_BROKER_H

#include <stdint.h>

struct event_base;
struct event;
struct conf;
struct store;
struct listener_set;
struct smpp_server;
struct pop3_poll;
struct dispatcher;
struct meter_set;
struct http_server;
struct outbox;

/* Exit codes of the daemon (documented in README and --help). */
enum broker_exit {
	BROKER_EXIT_OK = 0,
	BROKER_EXIT_CONFIG = 1,   /* configuration invalid */
	BROKER_EXIT_USAGE = 2,    /* bad command line */
	BROKER_EXIT_STORAGE = 3,  /* the store could not be opened */
	BROKER_EXIT_LISTEN = 4,   /* a listener could not be opened */
	BROKER_EXIT_FORCED = 5,   /* a second stop signal cut shutdown short */
	BROKER_EXIT_INTERNAL = 6, /* out of memory or similar at start-up */
};

struct broker {
	struct event_base *base;
	struct conf *conf;
	const char *config_path;
	struct store *store;
	struct event *store_ev;
	struct listener_set *smpp_listeners, *smpp_tls_listeners;
	struct smpp_server *smpp;
	struct dispatcher *dispatcher;
	struct meter_set *meters; /* meter.h */
	struct http_server *http; /* http_server.h: the HTTP API */
	struct pop3_poll *pop3;   /* pop3_poll.h: email-to-SMS inboxes */
	struct outbox *outbox;    /* outbox.h: forwarding, auto reply, receipt callbacks */
	struct event *sig_term, *sig_int, *sig_hup;
	struct event *stop_check;
	int64_t stop_deadline_ms;
	int stopping;
	int exit_code;
};

/* Runs the daemon with the config at path until it is stopped. Returns an exit code. */
int broker_run(const char *config_path);

/* Applies a new configuration if it validates (SIGHUP). */
void broker_reload(struct broker *b);

/* Wall clock in Unix milliseconds (timestamps), and monotonic milliseconds (timers). */
int64_t broker_now_ms(void);
int64_t broker_mono_ms(void);

#endif
