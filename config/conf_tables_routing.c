/*
 * conf_tables_routing.c - the schema of where messages go: connectors (the
 * next hops: local applications, upstream SMSCs over SMPP), routes (ordered rules choosing connectors) and delivery
 * (retries, validity, dispatcher pacing).
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "conf_internal.h"

#define OFF(type, field) offsetof(struct type, field)
#define N(a) (sizeof(a) / sizeof *(a))
#define MS_S 1000LL
#define MS_M (60 * MS_S)
#define MS_H (60 * MS_M)
#define MS_D (24 * MS_H)

static const struct conf_choice connector_types[] = {
	{"local", CONF_CONN_LOCAL},
	{"smpp", CONF_CONN_SMPP},
	{NULL, 0},
};

static const struct conf_choice bind_modes[] = {
	{"transceiver", CONF_SMPP_TRANSCEIVER},
	{"transmitter_receiver", CONF_SMPP_TX_RX},
	{NULL, 0},
};

static const struct conf_secret_spec smpp_password = {
	.hash_offset = CONF_NO_OFFSET,
	.line_offset = OFF(conf_connector, password_line),
	.max_len = 8, /* SMPP v3.4: 9 octets with the NUL */
};

static const struct conf_option connector_opts[] = {
	{.name = "name", .type = CONF_T_STRING, .offset = OFF(conf_connector, name), .min = 1,
	 .max = 31, .required = true, .reloadable = true,
	 .help = "the connector's name, used by routes; unique; required"},
	{.name = "type", .type = CONF_T_ENUM, .offset = OFF(conf_connector, type),
	 .choices = connector_types, .required = true, .reloadable = true,
	 .help = "local: applications bound to this broker (deliver_sm); smpp: an upstream SMSC; required"},
	{.name = "account", .type = CONF_T_STRING, .offset = OFF(conf_connector, account), .min = 1,
	 .max = 15, .ref = "accounts", .reloadable = true,
	 .help = "local: the account whose bound receivers get the messages"},
	{.name = "throughput", .type = CONF_T_UINT, .offset = OFF(conf_connector, throughput),
	 .min = 0, .max = 1000000, .def = "0", .unit = "messages/s", .reloadable = true,
	 .help = "most messages per second through this connector; 0 = unlimited"},
	{.name = "host", .type = CONF_T_STRING, .offset = OFF(conf_connector, host), .min = 1,
	 .max = 253, .unit = "host", .reloadable = true,
	 .help = "smpp: the upstream SMSC's name or address; required for smpp"},
	{.name = "port", .type = CONF_T_UINT, .offset = OFF(conf_connector, port), .min = 0,
	 .max = 65535, .def = "0", .reloadable = true,
	 .help = "smpp: the upstream SMSC's port; required for smpp"},
	{.name = "system_id", .type = CONF_T_STRING, .offset = OFF(conf_connector, system_id),
	 .min = 1, .max = 15, .reloadable = true,
	 .help = "smpp: the system_id we bind with; required for smpp"},
	{.name = "password", .type = CONF_T_SECRET, .offset = OFF(conf_connector, password),
	 .secret = &smpp_password, .unit = "secret", .reloadable = true,
	 .help = "smpp: the bind password; or password_env, password_file; required for smpp"},
	{.name = "system_type", .type = CONF_T_STRING, .offset = OFF(conf_connector, system_type),
	 .min = 1, .max = 12, .reloadable = true,
	 .help = "smpp: the system_type we bind with; unset = empty"},
	{.name = "bind_mode", .type = CONF_T_ENUM, .offset = OFF(conf_connector, bind_mode),
	 .choices = bind_modes, .def = "\"transceiver\"", .reloadable = true,
	 .help = "smpp: one transceiver bind, or a transmitter and a receiver (transmitter_receiver)"},
	{.name = "binds", .type = CONF_T_UINT, .offset = OFF(conf_connector, binds), .min = 1,
	 .max = 32, .def = "1", .unit = "binds", .reloadable = true,
	 .help = "smpp: parallel binds (connections; twice as many with transmitter_receiver)"},
	{.name = "tls", .type = CONF_T_BOOL, .offset = OFF(conf_connector, tls), .def = "false",
	 .reloadable = true, .help = "smpp: connect with TLS (1.2 and up)"},
	{.name = "ca_file", .type = CONF_T_STRING, .offset = OFF(conf_connector, ca_file), .min = 1,
	 .max = 4096, .unit = "file", .reloadable = true,
	 .help = "smpp with tls: CA certificates to check the SMSC against, PEM; unset = the system's"},
	{.name = "verify_certificate", .type = CONF_T_BOOL,
	 .offset = OFF(conf_connector, verify_certificate), .def = "true", .reloadable = true,
	 .help = "smpp with tls: check the SMSC's certificate chain and host name"},
	{.name = "window", .type = CONF_T_UINT, .offset = OFF(conf_connector, window), .min = 1,
	 .max = 1000, .def = "10", .unit = "PDUs", .reloadable = true,
	 .help = "smpp: submit_sm sent and not yet answered, per bind"},
	{.name = "enquire_link_interval", .type = CONF_T_DURATION,
	 .offset = OFF(conf_connector, enquire_link_interval_ms), .min = MS_S, .max = MS_H,
	 .def = "\"30s\"", .unit = "duration", .reloadable = true,
	 .help = "smpp: send enquire_link after this long without traffic"},
	{.name = "response_timeout", .type = CONF_T_DURATION,
	 .offset = OFF(conf_connector, response_timeout_ms), .min = 100, .max = 10 * MS_M,
	 .def = "\"10s\"", .unit = "duration", .reloadable = true,
	 .help = "smpp: a request (bind, submit_sm, enquire_link) unanswered this long fails"},
	{.name = "reconnect_min", .type = CONF_T_DURATION,
	 .offset = OFF(conf_connector, reconnect_min_ms), .min = 100, .max = MS_H, .def = "\"1s\"",
	 .unit = "duration", .reloadable = true,
	 .help = "smpp: the shortest wait before connecting again (decorrelated jitter)"},
	{.name = "reconnect_max", .type = CONF_T_DURATION,
	 .offset = OFF(conf_connector, reconnect_max_ms), .min = 100, .max = MS_H, .def = "\"60s\"",
	 .unit = "duration", .reloadable = true,
	 .help = "smpp: the longest wait before connecting again"},
	{.name = "throttle_pause", .type = CONF_T_DURATION,
	 .offset = OFF(conf_connector, throttle_pause_ms), .min = 10, .max = 10 * MS_M,
	 .def = "\"1s\"", .unit = "duration", .reloadable = true,
	 .help = "smpp: after ESME_RTHROTTLED or ESME_RMSGQFUL, send nothing for this long"},
	{.name = "mo_account", .type = CONF_T_STRING, .offset = OFF(conf_connector, mo_account),
	 .min = 1, .max = 15, .ref = "accounts", .reloadable = true,
	 .help = "smpp: the account for MO messages no address_range takes; unset = none"},
};

static void check_connector(void *obj, int line, const char *path, struct conf_ctx *ctx)
{
	const struct conf_connector *c = obj;
	if (c->type == CONF_CONN_LOCAL && !c->account)
		conf_err_at(ctx, NULL, line, "%s: a local connector needs 'account'", path);
	if (c->type != CONF_CONN_SMPP)
		return;
	static const char *const needed[] = {"host", "port", "system_id", "password"};
	const bool given[] = {c->host != NULL, c->port != 0, c->system_id != NULL,
			      c->password != NULL};
	char missing[64] = "";
	for (size_t i = 0; i < N(needed); i++)
		if (!given[i])
			snprintf(missing + strlen(missing), sizeof missing - strlen(missing), "%s%s",
				 missing[0] ? ", " : "", needed[i]);
	if (missing[0])
		conf_err_at(ctx, NULL, line, "%s: an smpp connector needs: %s", path, missing);
	if (c->account)
		conf_err_at(ctx, NULL, line,
			    "%s: 'account' is for local connectors; an smpp connector's MO messages "
			    "go to 'mo_account'", path);
	if (c->reconnect_min_ms > c->reconnect_max_ms)
		conf_err_at(ctx, NULL, line, "%s: reconnect_min is longer than reconnect_max", path);
	if (!c->tls && c->ca_file)
		conf_err_at(ctx, NULL, line, "%s: ca_file is set but tls is false", path);
}

const struct conf_section conf_connector_section = {
	.name = "connectors", .size = sizeof(struct conf_connector), .options = connector_opts,
	.n_options = N(connector_opts), .key = "name", .line_offset = OFF(conf_connector, line),
	.check = check_connector,
};

static const struct conf_choice route_modes[] = {
	{"failover", CONF_ROUTE_FAILOVER},
	{"loadshare", CONF_ROUTE_LOADSHARE},
	{NULL, 0},
};

static const struct conf_option route_opts[] = {
	{.name = "name", .type = CONF_T_STRING, .offset = OFF(conf_route, name), .min = 1, .max = 31,
	 .required = true, .reloadable = true, .help = "the route's name, for logs; unique; required"},
	{.name = "match_destination", .type = CONF_T_REGEX,
	 .offset = OFF(conf_route, match_destination), .min = 1, .max = 1024, .unit = "regex",
	 .reloadable = true, .help = "POSIX extended regex on the destination number; unset = any"},
	{.name = "match_source", .type = CONF_T_REGEX, .offset = OFF(conf_route, match_source),
	 .min = 1, .max = 1024, .unit = "regex", .reloadable = true,
	 .help = "POSIX extended regex on the source address; unset = any"},
	{.name = "match_accounts", .type = CONF_T_STRLIST, .offset = OFF(conf_route, match_accounts),
	 .count_offset = OFF(conf_route, n_match_accounts), .min = 0, .max = 256, .def = "[]",
	 .ref = "accounts", .reloadable = true,
	 .help = "submitting accounts this route is for; empty = any"},
	{.name = "match_service_type", .type = CONF_T_STRING,
	 .offset = OFF(conf_route, match_service_type), .min = 1, .max = 5, .reloadable = true,
	 .help = "the SMPP service_type, exactly; unset = any"},
	{.name = "connectors", .type = CONF_T_STRLIST, .offset = OFF(conf_route, connectors),
	 .count_offset = OFF(conf_route, n_connectors), .min = 1, .max = 16, .ref = "connectors",
	 .required = true, .reloadable = true,
	 .help = "where matching messages go: in order (failover) or shared (loadshare); required"},
	{.name = "mode", .type = CONF_T_ENUM, .offset = OFF(conf_route, mode), .choices = route_modes,
	 .def = "\"failover\"", .reloadable = true,
	 .help = "failover: the first connector that is up; loadshare: round-robin over those up"},
};

const struct conf_section conf_route_section = {
	.name = "routes", .size = sizeof(struct conf_route), .options = route_opts,
	.n_options = N(route_opts), .key = "name", .line_offset = OFF(conf_route, line),
};

static const struct conf_option delivery_opts[] = {
	{.name = "default_validity", .type = CONF_T_DURATION,
	 .offset = OFF(conf_delivery, default_validity_ms), .min = MS_M, .max = 30 * MS_D,
	 .def = "\"2d\"", .unit = "duration", .reloadable = true,
	 .help = "a message without validity_period expires after this"},
	{.name = "retry_min", .type = CONF_T_DURATION, .offset = OFF(conf_delivery, retry_min_ms),
	 .min = 100, .max = MS_H, .def = "\"10s\"", .unit = "duration", .reloadable = true,
	 .help = "the first retry's delay; it doubles each attempt, with jitter"},
	{.name = "retry_max", .type = CONF_T_DURATION, .offset = OFF(conf_delivery, retry_max_ms),
	 .min = MS_S, .max = MS_D, .def = "\"10m\"", .unit = "duration", .reloadable = true,
	 .help = "the longest delay between retries"},
	{.name = "max_attempts", .type = CONF_T_UINT, .offset = OFF(conf_delivery, max_attempts),
	 .min = 1, .max = 1000, .def = "50", .unit = "attempts", .reloadable = true,
	 .help = "after this many failed attempts the message is undeliverable"},
	{.name = "receiver_wait", .type = CONF_T_DURATION,
	 .offset = OFF(conf_delivery, receiver_wait_ms), .min = MS_S, .max = MS_D, .def = "\"60s\"",
	 .unit = "duration", .reloadable = true,
	 .help = "no receiver bound for a delivery: look again after this (a bind wakes it at once)"},
	{.name = "batch", .type = CONF_T_UINT, .offset = OFF(conf_delivery, batch), .min = 1,
	 .max = 10000, .def = "500", .unit = "messages", .reloadable = true,
	 .help = "messages the dispatcher claims from the store per pass"},
};

const struct conf_section conf_delivery_section = {
	.name = "delivery", .options = delivery_opts, .n_options = N(delivery_opts),
	.line_offset = CONF_NO_OFFSET,
};
