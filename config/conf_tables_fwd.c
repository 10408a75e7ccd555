/*
 * conf_tables_fwd.c - the schema of forwarding incoming SMS to HTTP, email
 * and SMS, of auto reply (issue 7, docs/forwarding.md), of what counts as
 * incoming (the broker's own numbers, long messages) and of posting
 * receipts to callback URLs.
 *
 * A forwarding rule and the auto reply share one struct (conf_forward):
 * the auto reply is a rule whose target is the sender. Option names follow
 * the seed's fields (number_name = "Number value name", extra = "Extra data
 * pair", dont_save = "Don't save received message", ...). Everything here
 * reloads: a rule is looked up by name when a delivery is made.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "conf_internal.h"

static const struct conf_choice target_choices[] = {
	{"http", CONF_FWD_HTTP}, {"sms", CONF_FWD_SMS}, {"email", CONF_FWD_EMAIL}, {NULL, 0},
};
static const struct conf_choice mode_choices[] = {
	{"everyone", CONF_FWD_EVERYONE}, {"listed", CONF_FWD_LISTED}, {"group", CONF_FWD_GROUP},
	{NULL, 0},
};
static const struct conf_choice method_choices[] = {
	{"get", CONF_FWD_GET}, {"post", CONF_FWD_POST}, {NULL, 0},
};
static const struct conf_choice body_choices[] = {
	{"form", CONF_FWD_FORM}, {"json", CONF_FWD_JSON}, {NULL, 0},
};
static const struct conf_choice smtp_security_choices[] = {
	{"none", CONF_SMTP_NONE}, {"starttls", CONF_SMTP_STARTTLS}, {"tls", CONF_SMTP_TLS},
	{NULL, 0},
};
static const struct conf_choice smtp_auth_choices[] = {
	{"any", CONF_SMTP_AUTH_ANY}, {"plain", CONF_SMTP_AUTH_PLAIN}, {"login", CONF_SMTP_AUTH_LOGIN},
	{NULL, 0},
};

static const struct conf_secret_spec token_secret = {
	.hash_offset = CONF_NO_OFFSET, .line_offset = OFF(conf_forward, token_line), .max_len = 4096,
};
static const struct conf_secret_spec smtp_password_secret = {
	.hash_offset = CONF_NO_OFFSET, .line_offset = OFF(conf_forward, smtp_password_line),
	.max_len = 1024,
};

#define PERMANENT_DEFAULT "[\"400\", \"404\", \"405\", \"410\", \"413\", \"414\", \"422\"]"

/* ---- options a rule and the auto reply share ---- */

#define OPT_ENABLED(dflt)                                                                         \
	{.name = "enabled", .type = CONF_T_BOOL, .offset = OFF(conf_forward, enabled), .def = dflt, \
	 .reloadable = true, .help = "on or off"}
#define OPT_SENDERS                                                                               \
	{.name = "mode", .type = CONF_T_ENUM, .offset = OFF(conf_forward, mode),                  \
	 .choices = mode_choices, .def = "\"everyone\"", .reloadable = true,                      \
	 .help = "which senders: everyone, listed (numbers), group (a phone group)"},              \
	{.name = "numbers", .type = CONF_T_STRLIST, .offset = OFF(conf_forward, numbers),         \
	 .count_offset = OFF(conf_forward, n_numbers), .min = 0, .max = 1000, .def = "[]",        \
	 .reloadable = true, .help = "mode \"listed\": the senders' numbers"},                      \
	{.name = "group", .type = CONF_T_STRING, .offset = OFF(conf_forward, group), .min = 1,     \
	 .max = 63, .ref = "phone_groups", .reloadable = true,                                     \
	 .help = "mode \"group\": the phone group of the senders"},                                 \
	{.name = "destinations", .type = CONF_T_STRLIST, .offset = OFF(conf_forward, destinations), \
	 .count_offset = OFF(conf_forward, n_destinations), .min = 0, .max = 1000, .def = "[]",   \
	 .reloadable = true, .help = "only messages sent to these of our numbers; empty = any"},    \
	{.name = "connectors", .type = CONF_T_STRLIST, .offset = OFF(conf_forward, connectors),   \
	 .count_offset = OFF(conf_forward, n_connectors), .min = 0, .max = 100, .def = "[]",      \
	 .reloadable = true,                                                                        \
	 .help = "only messages that came in through these (\"esme:<system_id>\" for ESMEs); empty = any"}
#define OPT_DONT_SAVE                                                                             \
	{.name = "dont_save", .type = CONF_T_BOOL, .offset = OFF(conf_forward, dont_save),        \
	 .def = "false", .reloadable = true,                                                        \
	 .help = "delete the received message once every rule has delivered it (never before)"}
#define OPT_RETRIES(ttl)                                                                          \
	{.name = "retry_min", .type = CONF_T_DURATION, .offset = OFF(conf_forward, retry_min_ms), \
	 .min = 100, .max = MS_D, .def = "\"10s\"", .unit = "duration", .reloadable = true,       \
	 .help = "first retry after a failed delivery; doubles each time"},                         \
	{.name = "retry_max", .type = CONF_T_DURATION, .offset = OFF(conf_forward, retry_max_ms), \
	 .min = 100, .max = 7 * MS_D, .def = "\"10m\"", .unit = "duration", .reloadable = true,   \
	 .help = "longest wait between retries"},                                                   \
	{.name = "ttl", .type = CONF_T_DURATION, .offset = OFF(conf_forward, ttl_ms), .min = MS_S, \
	 .max = 365 * MS_D, .def = ttl, .unit = "duration", .reloadable = true,                    \
	 .help = "give up (state expired) when not delivered this long after the message came"}
#define OPT_SMS_OUT                                                                               \
	{.name = "source", .type = CONF_T_STRING, .offset = OFF(conf_forward, source), .min = 1,  \
	 .max = 20, .reloadable = true, .help = "the SMS's sender: a number or alphanumeric id; unset = none"}, \
	{.name = "account", .type = CONF_T_STRING, .offset = OFF(conf_forward, account), .min = 1, \
	 .max = 15, .ref = "accounts", .reloadable = true,                                         \
	 .help = "the account the SMS is sent as (routes' match_accounts, receipts); unset = none"}, \
	{.name = "max_segments", .type = CONF_T_UINT, .offset = OFF(conf_forward, max_segments),  \
	 .min = 1, .max = 255, .def = "4", .unit = "SMS parts", .reloadable = true,               \
	 .help = "longer text is cut to this many parts"}

static const struct conf_option forward_opts[] = {
	{.name = "name", .type = CONF_T_STRING, .offset = OFF(conf_forward, name), .min = 1,
	 .max = 63, .required = true, .reloadable = true,
	 .help = "the rule's name, in the outbox and logs; unique; required"},
	OPT_ENABLED("true"),
	{.name = "target", .type = CONF_T_ENUM, .offset = OFF(conf_forward, target),
	 .choices = target_choices, .required = true, .reloadable = true,
	 .help = "where messages go: http, email or sms; required"},
	OPT_SENDERS,
	{.name = "forward_command_rules", .type = CONF_T_BOOL,
	 .offset = OFF(conf_forward, forward_command_rules), .def = "false", .reloadable = true,
	 .help = "also forward messages that triggered a command rule (the seed's SMS-Utilities rules)"},
	OPT_DONT_SAVE,
	{.name = "include_sender", .type = CONF_T_BOOL, .offset = OFF(conf_forward, include_sender),
	 .def = "false", .reloadable = true,
	 .help = "append the sender's number to the text (sender_format); SMS: only within 480 characters"},
	{.name = "sender_format", .type = CONF_T_STRING, .offset = OFF(conf_forward, sender_format),
	 .min = 1, .max = 200, .def = "\"\\nFrom: {sender}\"", .reloadable = true,
	 .help = "what include_sender appends, a template"},
	OPT_RETRIES("\"1d\""),
	{.name = "timeout", .type = CONF_T_DURATION, .offset = OFF(conf_forward, timeout_ms),
	 .min = 100, .max = 10 * MS_M, .def = "\"30s\"", .unit = "duration", .reloadable = true,
	 .help = "HTTP and email: one attempt (connecting included) gives up after this"},
	{.name = "url", .type = CONF_T_STRING, .offset = OFF(conf_forward, url), .min = 8,
	 .max = 2048, .reloadable = true,
	 .help = "http: where to send, http:// or https://; a template (values URL-encoded)"},
	{.name = "method", .type = CONF_T_ENUM, .offset = OFF(conf_forward, method),
	 .choices = method_choices, .def = "\"get\"", .reloadable = true,
	 .help = "http: get (pairs in the query) or post (pairs in the body)"},
	{.name = "body", .type = CONF_T_ENUM, .offset = OFF(conf_forward, body),
	 .choices = body_choices, .def = "\"form\"", .reloadable = true,
	 .help = "http post: form (application/x-www-form-urlencoded) or json (one object)"},
	{.name = "number_name", .type = CONF_T_STRING, .offset = OFF(conf_forward, number_name),
	 .min = 1, .max = 64, .reloadable = true,
	 .help = "http: the pair name of the sender's number; unset = not sent"},
	{.name = "message_name", .type = CONF_T_STRING, .offset = OFF(conf_forward, message_name),
	 .min = 1, .max = 64, .reloadable = true,
	 .help = "http: the pair name of the message text; unset = not sent"},
	{.name = "extra", .type = CONF_T_STRLIST, .offset = OFF(conf_forward, extra),
	 .count_offset = OFF(conf_forward, n_extra), .min = 0, .max = 32, .def = "[]",
	 .reloadable = true, .help = "http: more pairs, \"name=value\"; the value is a template"},
	{.name = "base64", .type = CONF_T_BOOL, .offset = OFF(conf_forward, base64), .def = "false",
	 .reloadable = true, .help = "http: send the text Base64-encoded (UTF-8 underneath)"},
	{.name = "verify_certificate", .type = CONF_T_BOOL,
	 .offset = OFF(conf_forward, verify_certificate), .def = "true", .reloadable = true,
	 .help = "https and SMTP over TLS: check the server's certificate and name"},
	{.name = "ca_file", .type = CONF_T_STRING, .offset = OFF(conf_forward, ca_file), .min = 1,
	 .max = 4096, .unit = "file", .reloadable = true,
	 .help = "CA certificates (PEM) to check the server against; unset = the system's"},
	{.name = "headers", .type = CONF_T_STRLIST, .offset = OFF(conf_forward, headers),
	 .count_offset = OFF(conf_forward, n_headers), .min = 0, .max = 32, .def = "[]",
	 .reloadable = true, .help = "http: more request headers, \"Name: value\"; the value is a template"},
	{.name = "token", .type = CONF_T_SECRET, .offset = OFF(conf_forward, token),
	 .secret = &token_secret, .unit = "secret", .reloadable = true,
	 .help = "http: an API token sent as token_header: token_prefix + token; or token_env, token_file"},
	{.name = "token_header", .type = CONF_T_STRING, .offset = OFF(conf_forward, token_header),
	 .min = 1, .max = 64, .def = "\"Authorization\"", .reloadable = true,
	 .help = "http: the header that carries the token"},
	{.name = "token_prefix", .type = CONF_T_STRING, .offset = OFF(conf_forward, token_prefix),
	 .min = 0, .max = 64, .def = "\"Bearer \"", .reloadable = true,
	 .help = "http: written before the token"},
	{.name = "permanent_statuses", .type = CONF_T_STRLIST,
	 .offset = OFF(conf_forward, permanent_statuses),
	 .count_offset = OFF(conf_forward, n_permanent_statuses), .min = 0, .max = 100,
	 .def = PERMANENT_DEFAULT, .reloadable = true,
	 .help = "http: 4xx answers that fail the delivery for good; other non-2xx are retried"},
	{.name = "recipients", .type = CONF_T_STRLIST, .offset = OFF(conf_forward, recipients),
	 .count_offset = OFF(conf_forward, n_recipients), .min = 0, .max = 1000, .def = "[]",
	 .reloadable = true, .help = "sms: the numbers messages are forwarded to"},
	{.name = "groups", .type = CONF_T_STRLIST, .offset = OFF(conf_forward, groups),
	 .count_offset = OFF(conf_forward, n_groups), .min = 0, .max = 64, .def = "[]",
	 .ref = "phone_groups", .reloadable = true, .help = "sms: phone groups forwarded to, besides recipients"},
	OPT_SMS_OUT,
	{.name = "smtp_host", .type = CONF_T_STRING, .offset = OFF(conf_forward, smtp_host),
	 .min = 1, .max = 253, .unit = "host", .reloadable = true, .help = "email: the SMTP server"},
	{.name = "smtp_port", .type = CONF_T_UINT, .offset = OFF(conf_forward, smtp_port), .min = 0,
	 .max = 65535, .def = "0", .reloadable = true,
	 .help = "email: the server's port; 0 = 25, 587 with starttls, 465 with tls"},
	{.name = "smtp_security", .type = CONF_T_ENUM, .offset = OFF(conf_forward, smtp_security),
	 .choices = smtp_security_choices, .def = "\"starttls\"", .reloadable = true,
	 .help = "email: starttls (required upgrade), tls (implicit, SMTPS) or none"},
	{.name = "smtp_auth", .type = CONF_T_ENUM, .offset = OFF(conf_forward, smtp_auth),
	 .choices = smtp_auth_choices, .def = "\"any\"", .reloadable = true,
	 .help = "email: the AUTH mechanism: any the server offers, plain or login"},
	{.name = "smtp_username", .type = CONF_T_STRING, .offset = OFF(conf_forward, smtp_username),
	 .min = 1, .max = 256, .reloadable = true, .help = "email: AUTH user name; unset = no AUTH"},
	{.name = "smtp_password", .type = CONF_T_SECRET, .offset = OFF(conf_forward, smtp_password),
	 .secret = &smtp_password_secret, .unit = "secret", .reloadable = true,
	 .help = "email: AUTH password; or smtp_password_env, smtp_password_file"},
	{.name = "from", .type = CONF_T_STRING, .offset = OFF(conf_forward, from), .min = 3,
	 .max = 254, .reloadable = true, .help = "email: the sender's address (the seed's sender account)"},
	{.name = "to", .type = CONF_T_STRLIST, .offset = OFF(conf_forward, to),
	 .count_offset = OFF(conf_forward, n_to), .min = 0, .max = 100, .def = "[]",
	 .reloadable = true, .help = "email: recipients' addresses"},
	{.name = "subject", .type = CONF_T_STRING, .offset = OFF(conf_forward, subject), .min = 0,
	 .max = 500, .def = "\"SMS from {sender}\"", .reloadable = true,
	 .help = "email: the subject, a template; non-ASCII is sent as an RFC 2047 encoded word"},
};

/* ---- checks ---- */

static void check_senders(const struct conf_forward *f, int line, const char *path,
			  struct conf_ctx *ctx)
{
	if (f->mode == CONF_FWD_LISTED && f->n_numbers == 0)
		conf_err_at(ctx, NULL, line, "%s: mode \"listed\" needs numbers", path);
	if (f->mode == CONF_FWD_GROUP && !f->group)
		conf_err_at(ctx, NULL, line, "%s: mode \"group\" needs group", path);
}

static bool status_ok(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);
	return *end == '\0' && v >= 400 && v <= 499;
}

static void check_statuses(char **list, size_t n, int line, const char *path, struct conf_ctx *ctx)
{
	for (size_t i = 0; i < n; i++)
		if (!status_ok(list[i]))
			conf_err_at(ctx, NULL, line, "%s: permanent_statuses: \"%s\" is not a 4xx status",
				    path, list[i]);
}

static void check_pairs(char **list, size_t n, char sep, const char *opt, int line,
			const char *path, struct conf_ctx *ctx)
{
	for (size_t i = 0; i < n; i++) {
		const char *at = strchr(list[i], sep);
		if (!at || at == list[i] || strpbrk(list[i], "\r\n"))
			conf_err_at(ctx, NULL, line, "%s: %s: \"%s\" is not \"name%cvalue\"", path, opt,
				    list[i], sep);
	}
}

static void check_http(const struct conf_forward *f, int line, const char *path, struct conf_ctx *ctx)
{
	if (!f->url || (strncmp(f->url, "http://", 7) != 0 && strncmp(f->url, "https://", 8) != 0))
		conf_err_at(ctx, NULL, line, "%s: target \"http\" needs url, http:// or https://", path);
	check_pairs(f->extra, f->n_extra, '=', "extra", line, path, ctx);
	check_pairs(f->headers, f->n_headers, ':', "headers", line, path, ctx);
	check_statuses(f->permanent_statuses, f->n_permanent_statuses, line, path, ctx);
}

static void check_forward(void *obj, int line, const char *path, struct conf_ctx *ctx)
{
	const struct conf_forward *f = obj;
	if (f->name && strpbrk(f->name, "/ \t"))
		conf_err_at(ctx, NULL, line, "%s: name may not hold '/' or blanks", path);
	check_senders(f, line, path, ctx);
	if (f->retry_max_ms < f->retry_min_ms)
		conf_err_at(ctx, NULL, line, "%s: retry_max is shorter than retry_min", path);
	switch (f->target) {
	case CONF_FWD_HTTP:
		check_http(f, line, path, ctx);
		break;
	case CONF_FWD_SMS:
		if (f->n_recipients == 0 && f->n_groups == 0)
			conf_err_at(ctx, NULL, line, "%s: target \"sms\" needs recipients or groups", path);
		break;
	case CONF_FWD_EMAIL:
		if (!f->smtp_host || !f->from || f->n_to == 0)
			conf_err_at(ctx, NULL, line, "%s: target \"email\" needs smtp_host, from and to",
				    path);
		if (f->smtp_username && !f->smtp_password)
			conf_err_at(ctx, NULL, line, "%s: smtp_username without smtp_password", path);
		break;
	}
}

const struct conf_section conf_forward_section = {
	.name = "forwarding", .size = sizeof(struct conf_forward), .options = forward_opts,
	.n_options = N(forward_opts), .key = "name", .line_offset = OFF(conf_forward, line),
	.check = check_forward,
};

/* ---- auto_reply ---- */

static const struct conf_option reply_opts[] = {
	OPT_ENABLED("false"),
	{.name = "reply_command_rules", .type = CONF_T_BOOL,
	 .offset = OFF(conf_forward, forward_command_rules), .def = "false", .reloadable = true,
	 .help = "also reply to messages that triggered a command rule (the seed's SMS-Utilities rules)"},
	OPT_DONT_SAVE,
	OPT_SENDERS,
	{.name = "text", .type = CONF_T_STRING, .offset = OFF(conf_forward, text), .min = 1,
	 .max = 1600, .reloadable = true, .help = "the reply, a template; required when enabled"},
	OPT_SMS_OUT,
	{.name = "rate_limit", .type = CONF_T_UINT, .offset = OFF(conf_forward, rate_limit),
	 .min = 1, .max = 1000, .def = "1", .unit = "replies", .reloadable = true,
	 .help = "replies one sender gets per rate_window at most (two auto-responders cannot loop)"},
	{.name = "rate_window", .type = CONF_T_DURATION, .offset = OFF(conf_forward, rate_window_ms),
	 .min = MS_S, .max = 30 * MS_D, .def = "\"1h\"", .unit = "duration", .reloadable = true,
	 .help = "the window of rate_limit"},
	OPT_RETRIES("\"1h\""),
};

static void check_reply(void *obj, int line, const char *path, struct conf_ctx *ctx)
{
	const struct conf_forward *f = obj;
	if (!f->enabled)
		return;
	check_senders(f, line, path, ctx);
	if (!f->text)
		conf_err_at(ctx, NULL, line, "%s: enabled without text", path);
	if (f->retry_max_ms < f->retry_min_ms)
		conf_err_at(ctx, NULL, line, "%s: retry_max is shorter than retry_min", path);
}

const struct conf_section conf_auto_reply_section = {
	.name = "auto_reply", .size = sizeof(struct conf_forward), .options = reply_opts,
	.n_options = N(reply_opts), .line_offset = OFF(conf_forward, line), .check = check_reply,
};

/* ---- incoming ---- */

static const struct conf_option incoming_opts[] = {
	{.name = "own_numbers", .type = CONF_T_REGEX, .offset = OFF(conf_incoming, own_numbers),
	 .min = 1, .max = 1024, .reloadable = true,
	 .help = "regex on a destination: the broker's own numbers; an ESME's submit to one is "
		 "incoming, and a message from one is never forwarded by SMS or replied to; unset = none"},
	{.name = "reassembly_timeout", .type = CONF_T_DURATION,
	 .offset = OFF(conf_incoming, reassembly_timeout_ms), .min = MS_S, .max = 7 * MS_D,
	 .def = "\"1h\"", .unit = "duration", .reloadable = true,
	 .help = "a long message's missing parts are waited for this long, then it goes with gaps"},
	{.name = "gap_marker", .type = CONF_T_STRING, .offset = OFF(conf_incoming, gap_marker),
	 .min = 0, .max = 32, .def = "\"[...]\"", .reloadable = true,
	 .help = "written where a missing part of a long message would be"},
};

const struct conf_section conf_incoming_section = {
	.name = "incoming", .size = sizeof(struct conf_incoming), .options = incoming_opts,
	.n_options = N(incoming_opts), .line_offset = CONF_NO_OFFSET,
};

/* ---- receipt_callbacks ---- */

static const struct conf_option callbacks_opts[] = {
	{.name = "timeout", .type = CONF_T_DURATION, .offset = OFF(conf_callbacks, timeout_ms),
	 .min = 100, .max = 10 * MS_M, .def = "\"30s\"", .unit = "duration", .reloadable = true,
	 .help = "one POST (connecting included) gives up after this"},
	{.name = "retry_min", .type = CONF_T_DURATION, .offset = OFF(conf_callbacks, retry_min_ms),
	 .min = 100, .max = MS_D, .def = "\"10s\"", .unit = "duration", .reloadable = true,
	 .help = "first retry after a failed POST; doubles each time"},
	{.name = "retry_max", .type = CONF_T_DURATION, .offset = OFF(conf_callbacks, retry_max_ms),
	 .min = 100, .max = 7 * MS_D, .def = "\"10m\"", .unit = "duration", .reloadable = true,
	 .help = "longest wait between retries"},
	{.name = "ttl", .type = CONF_T_DURATION, .offset = OFF(conf_callbacks, ttl_ms), .min = MS_S,
	 .max = 365 * MS_D, .def = "\"1d\"", .unit = "duration", .reloadable = true,
	 .help = "give up on a receipt not posted this long after it was made"},
	{.name = "verify_certificate", .type = CONF_T_BOOL,
	 .offset = OFF(conf_callbacks, verify_certificate), .def = "true", .reloadable = true,
	 .help = "https callback URLs: check the server's certificate and name"},
	{.name = "ca_file", .type = CONF_T_STRING, .offset = OFF(conf_callbacks, ca_file), .min = 1,
	 .max = 4096, .unit = "file", .reloadable = true,
	 .help = "CA certificates (PEM) for https callback URLs; unset = the system's"},
	{.name = "permanent_statuses", .type = CONF_T_STRLIST,
	 .offset = OFF(conf_callbacks, permanent_statuses),
	 .count_offset = OFF(conf_callbacks, n_permanent_statuses), .min = 0, .max = 100,
	 .def = PERMANENT_DEFAULT, .reloadable = true,
	 .help = "4xx answers that fail a callback for good; other non-2xx are retried"},
};

static void check_callbacks(void *obj, int line, const char *path, struct conf_ctx *ctx)
{
	const struct conf_callbacks *c = obj;
	check_statuses(c->permanent_statuses, c->n_permanent_statuses, line, path, ctx);
}

const struct conf_section conf_callbacks_section = {
	.name = "receipt_callbacks", .size = sizeof(struct conf_callbacks), .options = callbacks_opts,
	.n_options = N(callbacks_opts), .line_offset = CONF_NO_OFFSET, .check = check_callbacks,
};
