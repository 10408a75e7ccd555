/*
 * reload.c - SIGHUP: load the file again, and apply it only if it is valid.
 *
 * An invalid file changes nothing: its errors are logged and the old
 * configuration stays. A valid one replaces the old whole; bound sessions
 * stay bound (they hold account names, not pointers into the old conf);
 * listeners whose endpoints changed are reopened; meters and reports are
 * built again keeping what did not change (meter_reload.c); options that
 * cannot change at run time (the store's) are logged as waiting for a
 * restart.
 */
#include <stdlib.h>
#include <string.h>

#include "broker.h"
#include "conf.h"
#include "dispatch.h"
#include "http_server.h"
#include "listener.h"
#include "log.h"
#include "meter.h"
#include "outbox.h"
#include "smpp_server.h"

void broker_reload(struct broker *b)
{
	log_info("reload.begin config=%s", b->config_path);
	struct conf_errors errs = {0};
	struct conf *next = conf_load(b->config_path, &errs);
	for (size_t i = 0; i < errs.n; i++)
		log_error("reload.rejected %s", errs.lines[i]);
	conf_errors_clear(&errs);
	if (next && meter_set_check(next) != 0) { /* reports the broker cannot run */
		conf_free(next);
		next = NULL;
	}
	if (!next) {
		log_warn("reload.kept_old config=%s", b->config_path);
		return;
	}

	struct listener_set *smpp = NULL;
	if (!b->stopping && !listener_set_same(b->smpp_listeners, &next->smpp)) {
		/* Close the old sockets first, so an endpoint kept across the change can bind again. */
		listener_set_free(b->smpp_listeners);
		b->smpp_listeners = NULL;
		smpp = listener_set_open(b->base, "smpp", &next->smpp, smpp_server_accept, b->smpp);
		if (!smpp) {
			log_error("reload.rejected reason=\"smpp listener could not be opened\"");
			b->smpp_listeners = listener_set_open(b->base, "smpp", &b->conf->smpp,
							      smpp_server_accept, b->smpp);
			conf_free(next);
			log_warn("reload.kept_old config=%s", b->config_path);
			return;
		}
		b->smpp_listeners = smpp;
	}

	char **names = NULL;
	size_t n = 0;
	conf_diff_nonreloadable(b->conf, next, &names, &n);
	for (size_t i = 0; i < n; i++)
		if (strncmp(names[i], "listeners.smpp.", 15) != 0) /* applied above */
			log_warn("reload.needs_restart option=%s note=\"%s changed; takes effect after restart\"",
				 names[i], names[i]);
	conf_names_free(names, n);

	struct conf *old = b->conf;
	b->conf = next;
	if (dispatcher_configure(b->dispatcher) != 0) {
		log_error("reload.rejected reason=\"out of memory building routes\"");
		b->conf = old;
		conf_free(next);
		return;
	}
	conf_free(old);
	http_server_config_changed(b->http); /* users and passwords may have changed */
	meter_set_reload(b); /* meters, phone groups, reports; logs and keeps the old set if it fails */
	outbox_configure(b->outbox);         /* forwarding rules may be new */
	dispatcher_kick(b->dispatcher);
	log_setup(b->conf->logging.level, b->conf->logging.syslog);
	log_info("reload.done config=%s accounts=%zu", b->config_path, b->conf->n_accounts);
}
