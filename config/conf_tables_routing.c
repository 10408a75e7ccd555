/*
 * conf_tables_routing.c - the schema of where messages go: connectors (the
 * next hops: local applications, upstream SMSCs over SMPP, GSM modems), routes (ordered rules choosing connectors) and delivery
 * (retries, validity, dispatcher pacing).
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "conf_internal.h"

static const struct conf_choice connector_types[] = {
	{"local", CONF_CONN_LOCAL},
	{"smpp", CONF_CONN_SMPP},
	{"modem", CONF_CONN_MODEM},
	{NULL, 0},
};

static const struct conf_choice modem_flows[] = {
	{"none", CONF_FLOW_NONE},
	{"rtscts", CONF_FLOW_RTSCTS},
	{"xonxoff", CONF_FLOW_XONXOFF},
	{NULL, 0},
};

static const struct conf_choice modem_sms_modes[] = {
	{"pdu", CONF_SMS_PDU},
	{"text", CONF_SMS_TEXT},
	{NULL, 0},
};

static const struct conf_choice modem_storages[] = {
	{"SM", 0}, {"ME", 1}, {"MT", 2}, {NULL, 0},
};

static const struct conf_choice modem_pdp_types[] = {
	{"IP", 0}, {"IPV6", 1}, {"IPV4V6", 2}, {NULL, 0},
};

static const struct conf_secret_spec modem_pin = {
	.hash_offset = CONF_NO_OFFSET,
	.line_offset = OFF(conf_connector, sim_pin_line),
	.max_len = 8, /* PINs are 4..8 digits */
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
	 .help = "smpp, modem: the shortest wait before connecting (reopening) again (decorrelated jitter)"},
	{.name = "reconnect_max", .type = CONF_T_DURATION,
	 .offset = OFF(conf_connector, reconnect_max_ms), .min = 100, .max = MS_H, .def = "\"60s\"",
	 .unit = "duration", .reloadable = true,
	 .help = "smpp, modem: the longest wait before connecting (reopening) again"},
	{.name = "throttle_pause", .type = CONF_T_DURATION,
	 .offset = OFF(conf_connector, throttle_pause_ms), .min = 10, .max = 10 * MS_M,
	 .def = "\"1s\"", .unit = "duration", .reloadable = true,
	 .help = "smpp: after ESME_RTHROTTLED or ESME_RMSGQFUL, send nothing for this long"},
	{.name = "mo_account", .type = CONF_T_STRING, .offset = OFF(conf_connector, mo_account),
	 .min = 1, .max = 15, .ref = "accounts", .reloadable = true,
	 .help = "smpp, modem: the account for MO messages no address_range takes; unset = none"},
	{.name = "devices", .type = CONF_T_STRLIST, .offset = OFF(conf_connector, devices),
	 .count_offset = OFF(conf_connector, n_devices), .min = 0, .max = 16, .def = "[]",
	 .unit = "paths", .reloadable = true,
	 .help = "modem: the AT command ports of the pool's modems, one each; required for modem"},
	{.name = "baud", .type = CONF_T_UINT, .offset = OFF(conf_connector, baud), .min = 1200,
	 .max = 4000000, .def = "115200", .unit = "bit/s", .reloadable = true,
	 .help = "modem: the ports' speed (8N1)"},
	{.name = "flow_control", .type = CONF_T_ENUM, .offset = OFF(conf_connector, flow_control),
	 .choices = modem_flows, .def = "\"none\"", .reloadable = true,
	 .help = "modem: none, rtscts (hardware) or xonxoff"},
	{.name = "init_script", .type = CONF_T_STRLIST, .offset = OFF(conf_connector, init_script),
	 .count_offset = OFF(conf_connector, n_init_script), .min = 0, .max = 64, .def = "[]",
	 .unit = "chat lines", .reloadable = true,
	 .help = "modem: chat script lines (\"expect send\", TIMEOUT n, ABORT text); empty = the default"},
	{.name = "sim_pin", .type = CONF_T_SECRET, .offset = OFF(conf_connector, sim_pin),
	 .secret = &modem_pin, .unit = "secret", .reloadable = true,
	 .help = "modem: the SIM's PIN, entered when the SIM asks; or sim_pin_env, sim_pin_file"},
	{.name = "smsc", .type = CONF_T_STRING, .offset = OFF(conf_connector, smsc), .min = 3,
	 .max = 21, .reloadable = true,
	 .help = "modem: the SMS centre's number for AT+CSCA; unset = the SIM's"},
	{.name = "sms_mode", .type = CONF_T_ENUM, .offset = OFF(conf_connector, sms_mode),
	 .choices = modem_sms_modes, .def = "\"pdu\"", .reloadable = true,
	 .help = "modem: pdu, or text (single GSM messages in text mode, the rest in PDU mode)"},
	{.name = "cnmi", .type = CONF_T_STRING, .offset = OFF(conf_connector, cnmi), .min = 1,
	 .max = 32, .def = "\"2,1,0,2,0\"", .reloadable = true,
	 .help = "modem: AT+CNMI parameters (new-message and status-report indications)"},
	{.name = "sms_storage", .type = CONF_T_STRING, .offset = OFF(conf_connector, sms_storage),
	 .min = 2, .max = 2, .choices = modem_storages, .def = "\"SM\"", .reloadable = true,
	 .help = "modem: AT+CPMS memory: SM (SIM), ME (modem) or MT (both)"},
	{.name = "status_reports", .type = CONF_T_BOOL, .offset = OFF(conf_connector, status_reports),
	 .def = "true", .reloadable = true,
	 .help = "modem: ask for a status report (TP-SRR) with every message"},
	{.name = "command_timeout", .type = CONF_T_DURATION,
	 .offset = OFF(conf_connector, command_timeout_ms), .min = 500, .max = 5 * MS_M,
	 .def = "\"10s\"", .unit = "duration", .reloadable = true,
	 .help = "modem: an AT command unanswered this long fails; two in a row reopen the modem"},
	{.name = "send_timeout", .type = CONF_T_DURATION, .offset = OFF(conf_connector, send_timeout_ms),
	 .min = MS_S, .max = 10 * MS_M, .def = "\"60s\"", .unit = "duration", .reloadable = true,
	 .help = "modem: AT+CMGS unanswered this long: the message is retried"},
	{.name = "health_interval", .type = CONF_T_DURATION,
	 .offset = OFF(conf_connector, health_interval_ms), .min = MS_S, .max = MS_H,
	 .def = "\"60s\"", .unit = "duration", .reloadable = true,
	 .help = "modem: how often signal (AT+CSQ) and registration (AT+CREG/CEREG) are read"},
	{.name = "sweep_interval", .type = CONF_T_DURATION,
	 .offset = OFF(conf_connector, sweep_interval_ms), .min = MS_S, .max = MS_D,
	 .def = "\"5m\"", .unit = "duration", .reloadable = true,
	 .help = "modem: how often every stored message is read (AT+CMGL=4) in case an indication was lost"},
	{.name = "apn", .type = CONF_T_STRING, .offset = OFF(conf_connector, apn), .min = 1,
	 .max = 99, .reloadable = true,
	 .help = "modem: the data context's APN, set with AT+CGDCONT=1 at start; unset = left alone"},
	{.name = "pdp_type", .type = CONF_T_STRING, .offset = OFF(conf_connector, pdp_type),
	 .min = 2, .max = 6, .choices = modem_pdp_types, .def = "\"IP\"", .reloadable = true,
	 .help = "modem: the data context's type with apn: IP, IPV6 or IPV4V6"},
	{.name = "limit_per_minute", .type = CONF_T_UINT,
	 .offset = OFF(conf_connector, limit_per_minute), .min = 0, .max = 100000, .def = "0",
	 .unit = "messages", .reloadable = true,
	 .help = "modem: most messages each modem (SIM) sends per minute; 0 = no limit"},
	{.name = "limit_per_day", .type = CONF_T_UINT, .offset = OFF(conf_connector, limit_per_day),
	 .min = 0, .max = 10000000, .def = "0", .unit = "messages", .reloadable = true,
	 .help = "modem: most messages each modem (SIM) sends per day (24 h from the first); 0 = no limit"},
};

static void check_connector(void *obj, int line, const char *path, struct conf_ctx *ctx)
{
	const struct conf_connector *c = obj;
	if (c->type == CONF_CONN_LOCAL && !c->account)
		conf_err_at(ctx, NULL, line, "%s: a local connector needs 'account'", path);
	if (c->type == CONF_CONN_MODEM) {
		if (c->n_devices == 0)
			conf_err_at(ctx, NULL, line, "%s: a modem connector needs 'devices'", path);
		if (c->account)
			conf_err_at(ctx, NULL, line,
				    "%s: 'account' is for local connectors; a modem connector's MO "
				    "messages go to 'mo_account'", path);
		if (c->reconnect_min_ms > c->reconnect_max_ms)
			conf_err_at(ctx, NULL, line, "%s: reconnect_min is longer than reconnect_max",
				    path);
		return;
	}
	if (c->n_devices)
		conf_err_at(ctx, NULL, line, "%s: 'devices' is for modem connectors", path);
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
