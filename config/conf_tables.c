/*
 * conf_tables.c - the schema: every option of every section, as data.
 *
 * One table per section; each row gives the option's name, type, field,
 * bounds, default (libconfig text, exactly as the sample writes it), unit,
 * one line of help, and whether a reload applies it. Cross-field rules
 * that one row cannot say (TLS needs a certificate; the demo password
 * must not face the network) are the check functions below. A new section
 * is a struct in conf.h, a table here and a row in the root table.
 */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "conf_internal.h"

#define PATH_MAX_LEN 4096

/* ---- listeners ---- */

/* reload: whether the daemon reopens this listener on SIGHUP (broker/reload.c). */
#define LISTENER_OPTIONS(def_enabled, def_listen, what, reload)                                   \
	{.name = "enabled", .type = CONF_T_BOOL, .offset = OFF(conf_listener, enabled),            \
	 .def = def_enabled, .reloadable = reload, .help = "accept " what " connections"},          \
	{.name = "listen", .type = CONF_T_ENDPOINTS, .offset = OFF(conf_listener, endpoints),      \
	 .count_offset = OFF(conf_listener, n_endpoints), .min = 1, .max = 16, .def = def_listen,  \
	 .unit = "host:port list", .reloadable = reload,                                           \
	 .help = "addresses to listen on; IPv6 as \"[::1]:port\"; port 0 = any free port"}

#define TLS_OPTIONS                                                                                \
	{.name = "certificate", .type = CONF_T_STRING, .offset = OFF(conf_listener, certificate),  \
	 .min = 1, .max = PATH_MAX_LEN, .unit = "file",                                            \
	 .help = "server certificate chain, PEM; required when enabled"},                           \
	{.name = "private_key", .type = CONF_T_STRING, .offset = OFF(conf_listener, private_key),  \
	 .min = 1, .max = PATH_MAX_LEN, .unit = "file",                                            \
	 .help = "the certificate's private key, PEM; required when enabled"},                      \
	{.name = "client_ca", .type = CONF_T_STRING, .offset = OFF(conf_listener, client_ca),      \
	 .min = 1, .max = PATH_MAX_LEN, .unit = "file",                                            \
	 .help = "CA certificates that client certificates must chain to, PEM; unset = none asked"}, \
	{.name = "verify_client", .type = CONF_T_BOOL, .offset = OFF(conf_listener, verify_client), \
	 .def = "false", .help = "require a client certificate signed by client_ca"}

static const struct conf_option smpp_listener_opts[] = {
	LISTENER_OPTIONS("true", "[\"127.0.0.1:2775\"]", "plain SMPP", true),
};
static const struct conf_option smpp_tls_listener_opts[] = {
	LISTENER_OPTIONS("false", "[\"127.0.0.1:3550\"]", "SMPP over TLS", false),
	TLS_OPTIONS,
};
static const struct conf_option http_listener_opts[] = {
	LISTENER_OPTIONS("true", "[\"127.0.0.1:8080\"]", "HTTP API", false),
};
static const struct conf_option https_listener_opts[] = {
	LISTENER_OPTIONS("false", "[\"127.0.0.1:8443\"]", "HTTP API over TLS", false),
	TLS_OPTIONS,
};

static void check_tls_listener(void *obj, int line, const char *path, struct conf_ctx *ctx)
{
	const struct conf_listener *l = obj;
	if (!l->enabled)
		return;
	if (!l->certificate)
		conf_err_at(ctx, NULL, line, "%s: enabled, but certificate is not set", path);
	if (!l->private_key)
		conf_err_at(ctx, NULL, line, "%s: enabled, but private_key is not set", path);
	if (l->verify_client && !l->client_ca)
		conf_err_at(ctx, NULL, line, "%s: verify_client needs client_ca", path);
}

static const struct conf_section smpp_listener = {
	.name = "listeners.smpp", .options = smpp_listener_opts, .n_options = N(smpp_listener_opts),
	.line_offset = CONF_NO_OFFSET,
};
static const struct conf_section smpp_tls_listener = {
	.name = "listeners.smpp_tls", .options = smpp_tls_listener_opts,
	.n_options = N(smpp_tls_listener_opts), .line_offset = CONF_NO_OFFSET,
	.check = check_tls_listener,
};
static const struct conf_section http_listener = {
	.name = "listeners.http", .options = http_listener_opts, .n_options = N(http_listener_opts),
	.line_offset = CONF_NO_OFFSET,
};
static const struct conf_section https_listener = {
	.name = "listeners.https", .options = https_listener_opts,
	.n_options = N(https_listener_opts), .line_offset = CONF_NO_OFFSET,
	.check = check_tls_listener,
};

static const struct conf_option listeners_opts[] = {
	{.name = "smpp", .type = CONF_T_GROUP, .offset = OFF(conf, smpp), .sub = &smpp_listener,
	 .help = "SMPP over plain TCP"},
	{.name = "smpp_tls", .type = CONF_T_GROUP, .offset = OFF(conf, smpp_tls),
	 .sub = &smpp_tls_listener, .help = "SMPP over TLS"},
	{.name = "http", .type = CONF_T_GROUP, .offset = OFF(conf, http), .sub = &http_listener,
	 .help = "the HTTP API"},
	{.name = "https", .type = CONF_T_GROUP, .offset = OFF(conf, https), .sub = &https_listener,
	 .help = "the HTTP API over TLS"},
};
/* The listener structs live directly in struct conf: this group's obj is the conf. */
static const struct conf_section listeners = {
	.name = "listeners", .options = listeners_opts, .n_options = N(listeners_opts),
	.line_offset = CONF_NO_OFFSET,
};

/* ---- accounts ---- */

static const struct conf_choice bind_choices[] = {
	{"transmitter", CONF_BIND_TRANSMITTER},
	{"receiver", CONF_BIND_RECEIVER},
	{"transceiver", CONF_BIND_TRANSCEIVER},
	{NULL, 0},
};

/* SMPP 3.4 carries the password in a 9-octet C-Octet String: 8 characters. */
static const struct conf_secret_spec account_password = {
	.hash_offset = OFF(conf_account, password_hash),
	.line_offset = OFF(conf_account, password_line),
	.max_len = 8,
};

static const struct conf_option account_opts[] = {
	{.name = "system_id", .type = CONF_T_STRING, .offset = OFF(conf_account, system_id), .min = 1,
	 .max = 15, .required = true, .reloadable = true,
	 .help = "SMPP system_id and HTTP API user name; unique; required"},
	{.name = "password", .type = CONF_T_SECRET, .offset = OFF(conf_account, password),
	 .secret = &account_password, .required = true, .reloadable = true, .unit = "secret",
	 .help = "at most 8 characters; or password_env, password_file, password_hash; required"},
	{.name = "system_type", .type = CONF_T_STRING, .offset = OFF(conf_account, system_type),
	 .min = 1, .max = 12, .reloadable = true,
	 .help = "required system_type at bind; unset = any"},
	{.name = "binds", .type = CONF_T_FLAGS, .offset = OFF(conf_account, binds),
	 .choices = bind_choices, .reloadable = true,
	 .def = "[\"transmitter\", \"receiver\", \"transceiver\"]",
	 .help = "bind kinds this account may use"},
	{.name = "max_binds", .type = CONF_T_UINT, .offset = OFF(conf_account, max_binds), .min = 1,
	 .max = 1000, .def = "4", .unit = "sessions", .reloadable = true,
	 .help = "concurrent bound sessions of this account"},
	{.name = "throughput", .type = CONF_T_UINT, .offset = OFF(conf_account, throughput),
	 .min = 0, .max = 1000000, .def = "0", .unit = "messages/s", .reloadable = true,
	 .help = "submit rate limit over all its sessions; 0 = unlimited"},
	{.name = "allowed_ips", .type = CONF_T_CIDRS, .offset = OFF(conf_account, allowed_ips),
	 .count_offset = OFF(conf_account, n_allowed_ips), .min = 0, .max = 256, .def = "[]",
	 .unit = "CIDR list", .reloadable = true,
	 .help = "networks it may connect from, like \"10.0.0.0/8\"; empty = any"},
	{.name = "address_range", .type = CONF_T_REGEX, .offset = OFF(conf_account, address_range),
	 .min = 1, .max = 1024, .unit = "regex", .reloadable = true,
	 .help = "POSIX extended regex on destinations of MO messages and receipts it gets; unset = all"},
};

static const struct conf_section account = {
	.name = "accounts", .size = sizeof(struct conf_account), .options = account_opts,
	.n_options = N(account_opts), .key = "system_id",
	.line_offset = OFF(conf_account, line),
};

/* ---- storage, logging, smpp ---- */

static const struct conf_choice backend_choices[] = {{"sqlite", 0}, {NULL, 0}};

static const struct conf_option storage_opts[] = {
	{.name = "backend", .type = CONF_T_STRING, .offset = OFF(conf_storage, backend), .min = 1,
	 .max = 32, .choices = backend_choices, .def = "\"sqlite\"",
	 .help = "storage engine"},
	{.name = "path", .type = CONF_T_STRING, .offset = OFF(conf_storage, path), .min = 1,
	 .max = PATH_MAX_LEN, .def = "\"data/smsbroker.db\"", .unit = "file",
	 .help = "database file, relative to the working directory; its folder must exist"},
	{.name = "batch_max", .type = CONF_T_UINT, .offset = OFF(conf_storage, batch_max), .min = 1,
	 .max = 100000, .def = "1000", .unit = "operations",
	 .help = "most writes grouped into one durable commit"},
	{.name = "busy_timeout", .type = CONF_T_DURATION, .offset = OFF(conf_storage, busy_timeout_ms),
	 .min = 0, .max = 10 * MS_M, .def = "\"5s\"", .unit = "duration",
	 .help = "how long to wait for a database lock held by another process"},
};

static const struct conf_choice level_choices[] = {
	{"error", CONF_LOG_ERROR}, {"warn", CONF_LOG_WARN}, {"info", CONF_LOG_INFO},
	{"debug", CONF_LOG_DEBUG}, {NULL, 0},
};

static const struct conf_option logging_opts[] = {
	{.name = "level", .type = CONF_T_ENUM, .offset = OFF(conf_logging, level),
	 .choices = level_choices, .def = "\"info\"", .reloadable = true,
	 .help = "least severe level logged: error, warn, info or debug"},
	{.name = "syslog", .type = CONF_T_BOOL, .offset = OFF(conf_logging, syslog), .def = "false",
	 .reloadable = true, .help = "also log to syslog(3)"},
	{.name = "trace_pdus", .type = CONF_T_BOOL, .offset = OFF(conf_logging, trace_pdus),
	 .def = "false", .reloadable = true,
	 .help = "hex dump of every PDU at debug level (passwords masked)"},
};

#define SMPP_DURATION(nm, field, lo, hi, dflt, text)                                              \
	{.name = nm, .type = CONF_T_DURATION, .offset = OFF(conf_smpp, field), .min = lo,          \
	 .max = hi, .def = dflt, .unit = "duration", .reloadable = true, .help = text}
#define SMPP_UINT(nm, field, lo, hi, dflt, u, text)                                               \
	{.name = nm, .type = CONF_T_UINT, .offset = OFF(conf_smpp, field), .min = lo, .max = hi,   \
	 .def = dflt, .unit = u, .reloadable = true, .help = text}

static const struct conf_option smpp_opts[] = {
	SMPP_DURATION("bind_timeout", bind_timeout_ms, MS_S, MS_H, "\"30s\"",
		      "close a connection that has not bound within this time"),
	SMPP_DURATION("enquire_link_interval", enquire_link_interval_ms, MS_S, MS_H, "\"30s\"",
		      "send enquire_link after this much silence on a bound session"),
	SMPP_DURATION("inactivity_timeout", inactivity_timeout_ms, MS_S, MS_D, "\"300s\"",
		      "close a session that sent no PDU at all for this long"),
	SMPP_DURATION("response_timeout", response_timeout_ms, 100, 10 * MS_M, "\"10s\"",
		      "give up on a request of ours that got no response"),
	SMPP_UINT("window", window, 1, 10000, "100", "PDUs",
		  "our outstanding requests per session"),
	SMPP_UINT("max_pdu_length", max_pdu_length, 256, 1048576, "65536", "bytes",
		  "longer command_length: generic_nack and close"),
	SMPP_UINT("lockout_failures", lockout_failures, 0, 1000, "5", "binds",
		  "failed binds from one address that lock it out; 0 = never"),
	SMPP_DURATION("lockout_window", lockout_window_ms, MS_S, MS_D, "\"60s\"",
		      "the window in which those failures count"),
	SMPP_DURATION("lockout_time", lockout_time_ms, 0, MS_D, "\"300s\"",
		      "how long the address stays locked out"),
};

static const struct conf_section storage = {
	.name = "storage", .options = storage_opts, .n_options = N(storage_opts),
	.line_offset = CONF_NO_OFFSET,
};
static const struct conf_section logging = {
	.name = "logging", .options = logging_opts, .n_options = N(logging_opts),
	.line_offset = CONF_NO_OFFSET,
};
static const struct conf_section smpp = {
	.name = "smpp", .options = smpp_opts, .n_options = N(smpp_opts),
	.line_offset = CONF_NO_OFFSET,
};

/* ---- the whole file ---- */

/* A report's targets are forwarding rules that send to HTTP or email: an SMS rule is not one. */
static void check_report_targets(const struct conf *c, struct conf_ctx *ctx)
{
	for (size_t i = 0; i < c->n_reports; i++) {
		const struct conf_report *r = &c->reports[i];
		for (size_t k = 0; k < r->n_targets; k++)
			for (size_t f = 0; f < c->n_forwarding; f++)
				if (strcmp(c->forwarding[f].name, r->targets[k]) == 0 &&
				    c->forwarding[f].target != CONF_FWD_HTTP &&
				    c->forwarding[f].target != CONF_FWD_EMAIL)
					conf_err_at(ctx, NULL, r->line,
						    "reports[%zu].targets: forwarding rule \"%s\" is not of"
						    " target http or email", i, r->targets[k]);
	}
}

static void check_root(void *obj, int line, const char *path, struct conf_ctx *ctx)
{
	(void)line;
	(void)path;
	const struct conf *c = obj;
	check_report_targets(c, ctx);
	const struct {
		const char *name;
		const struct conf_listener *l;
	} ls[] = {{"smpp", &c->smpp}, {"smpp_tls", &c->smpp_tls}, {"http", &c->http},
		  {"https", &c->https}};

	/* Two listeners on one address: the second bind would fail at start. */
	for (size_t a = 0; a < N(ls); a++) {
		for (size_t i = 0; ls[a].l->enabled && i < ls[a].l->n_endpoints; i++) {
			const struct conf_endpoint *x = &ls[a].l->endpoints[i];
			for (size_t b = 0; b <= a; b++) {
				size_t end = b == a ? i : ls[b].l->n_endpoints;
				for (size_t j = 0; ls[b].l->enabled && j < end; j++) {
					const struct conf_endpoint *y = &ls[b].l->endpoints[j];
					/* Port 0 is a fresh free port each time: no clash. */
					if (!x->host || !y->host || x->port == 0 || x->port != y->port ||
					    strcmp(x->host, y->host) != 0)
						continue;
					char t[80];
					conf_endpoint_format(x, t, sizeof t);
					conf_err_at(ctx, NULL, x->line,
						    "listeners.%s.listen: %s is also used by listeners.%s",
						    ls[a].name, t, ls[b].name);
				}
			}
		}
	}

	/* The demo password is public: never let it face the network. */
	const struct conf_endpoint *open_ep = NULL;
	const char *open_name = NULL;
	for (size_t a = 0; a < N(ls) && !open_ep; a++)
		for (size_t i = 0; ls[a].l->enabled && i < ls[a].l->n_endpoints && !open_ep; i++)
			if (ls[a].l->endpoints[i].host && !ls[a].l->endpoints[i].loopback) {
				open_ep = &ls[a].l->endpoints[i];
				open_name = ls[a].name;
			}
	if (!open_ep)
		return;
	char t[80], q[96];
	conf_endpoint_format(open_ep, t, sizeof t);
	for (size_t i = 0; i < c->n_accounts; i++) {
		const struct conf_account *acc = &c->accounts[i];
		if (!acc->password || strcmp(acc->password, CONF_DEMO_PASSWORD) != 0)
			continue;
		conf_err_at(ctx, NULL, acc->password_line,
			    "account %s still has the demo password while listener %s listens on %s; "
			    "change the password or listen on loopback only",
			    conf_quote(q, sizeof q, acc->system_id ? acc->system_id : ""), open_name, t);
	}
	for (size_t i = 0; i < c->n_http_users; i++) {
		const struct conf_http_user *u = &c->http_users[i];
		if (!u->password || strcmp(u->password, CONF_DEMO_HTTP_PASSWORD) != 0)
			continue;
		conf_err_at(ctx, NULL, u->password_line,
			    "http user %s still has the default password while listener %s listens on %s; "
			    "change the password or listen on loopback only",
			    conf_quote(q, sizeof q, u->name ? u->name : ""), open_name, t);
	}
}

static const struct conf_option root_opts[] = {
	{.name = "listeners", .type = CONF_T_GROUP, .offset = 0, .sub = &listeners,
	 .help = "where the broker accepts connections"},
	{.name = "accounts", .type = CONF_T_GROUP_LIST, .offset = OFF(conf, accounts),
	 .count_offset = OFF(conf, n_accounts), .sub = &account, .reloadable = true,
	 .help = "who may bind over SMPP and use the HTTP API"},
	{.name = "storage", .type = CONF_T_GROUP, .offset = OFF(conf, storage), .sub = &storage,
	 .help = "where messages are kept"},
	{.name = "logging", .type = CONF_T_GROUP, .offset = OFF(conf, logging), .sub = &logging,
	 .help = "what is logged where"},
	{.name = "smpp", .type = CONF_T_GROUP, .offset = OFF(conf, smpp_opts), .sub = &smpp,
	 .help = "SMPP session behaviour, for every listener"},
	{.name = "connectors", .type = CONF_T_GROUP_LIST, .offset = OFF(conf, connectors),
	 .count_offset = OFF(conf, n_connectors), .sub = &conf_connector_section, .reloadable = true,
	 .help = "the next hops messages can take"},
	{.name = "routes", .type = CONF_T_GROUP_LIST, .offset = OFF(conf, routes),
	 .count_offset = OFF(conf, n_routes), .sub = &conf_route_section, .reloadable = true,
	 .help = "ordered rules choosing connectors; a message no route takes is refused at submit"},
	{.name = "delivery", .type = CONF_T_GROUP, .offset = OFF(conf, delivery),
	 .sub = &conf_delivery_section, .help = "retries, validity and dispatcher pacing"},
	{.name = "meters", .type = CONF_T_GROUP_LIST, .offset = OFF(conf, meters),
	 .count_offset = OFF(conf, n_meters), .sub = &conf_meter_section,
	 .help = "TEM-106 heat meters on serial lines or serial-to-Ethernet converters"},
	{.name = "phone_groups", .type = CONF_T_GROUP_LIST, .offset = OFF(conf, phone_groups),
	 .count_offset = OFF(conf, n_phone_groups), .sub = &conf_phone_group_section,
	 .help = "named lists of phone numbers"},
	{.name = "reports", .type = CONF_T_GROUP_LIST, .offset = OFF(conf, reports),
	 .count_offset = OFF(conf, n_reports), .sub = &conf_report_section,
	 .help = "scheduled meter reports sent as SMS"},
	{.name = "pop3", .type = CONF_T_GROUP_LIST, .offset = OFF(conf, pop3),
	 .count_offset = OFF(conf, n_pop3), .sub = &conf_pop3_section,
	 .help = "email-to-SMS: inboxes polled for emails whose subject is a phone number"},
	{.name = "http", .type = CONF_T_GROUP, .offset = OFF(conf, http_opts),
	 .sub = &conf_http_section, .help = "HTTP API limits (listeners.http, listeners.https)"},
	{.name = "http_users", .type = CONF_T_GROUP_LIST, .offset = OFF(conf, http_users),
	 .count_offset = OFF(conf, n_http_users), .sub = &conf_http_user_section, .reloadable = true,
	 .help = "who may use the HTTP API, with the methods each may call"},
	{.name = "incoming", .type = CONF_T_GROUP, .offset = OFF(conf, incoming),
	 .sub = &conf_incoming_section, .reloadable = true,
	 .help = "the broker's own numbers, and long incoming messages"},
	{.name = "forwarding", .type = CONF_T_GROUP_LIST, .offset = OFF(conf, forwarding),
	 .count_offset = OFF(conf, n_forwarding), .sub = &conf_forward_section, .reloadable = true,
	 .help = "rules forwarding incoming SMS to HTTP, email or SMS"},
	{.name = "auto_reply", .type = CONF_T_GROUP, .offset = OFF(conf, auto_reply),
	 .sub = &conf_auto_reply_section, .reloadable = true,
	 .help = "an automatic SMS reply to incoming messages"},
	{.name = "receipt_callbacks", .type = CONF_T_GROUP, .offset = OFF(conf, receipt_callbacks),
	 .sub = &conf_callbacks_section, .reloadable = true,
	 .help = "posting receipts to the callback URLs HTTP API senders gave"},
};

const struct conf_section conf_root_section = {
	.name = "", .size = sizeof(struct conf), .options = root_opts, .n_options = N(root_opts),
	.line_offset = CONF_NO_OFFSET, .check = check_root,
};
