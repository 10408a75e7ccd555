/*
 * conf_tables_mail.c - the schema of email-to-SMS: POP3 inboxes, how they
 * are reached and polled, who may send through them, and how an email
 * becomes an SMS (docs/email-to-sms.md).
 */
#include <stddef.h>

#include "conf_internal.h"

static const struct conf_choice security_choices[] = {
	{"none", CONF_POP3_NONE},
	{"stls", CONF_POP3_STLS},
	{"tls", CONF_POP3_TLS},
	{NULL, 0},
};

static const struct conf_choice action_choices[] = {
	{"keep", CONF_MAIL_KEEP},
	{"delete", CONF_MAIL_DELETE},
	{NULL, 0},
};

static const struct conf_secret_spec pop3_password = {
	.hash_offset = CONF_NO_OFFSET,
	.line_offset = OFF(conf_pop3, password_line),
	.max_len = 1024,
};

static const struct conf_secret_spec pop3_shared_secret = {
	.hash_offset = CONF_NO_OFFSET,
	.line_offset = OFF(conf_pop3, shared_secret_line),
	.max_len = 256,
};

static const struct conf_option pop3_opts[] = {
	{.name = "name", .type = CONF_T_STRING, .offset = OFF(conf_pop3, name), .min = 1, .max = 63,
	 .required = true, .help = "the inbox's name, for logs and the store's records; unique; required"},
	{.name = "enabled", .type = CONF_T_BOOL, .offset = OFF(conf_pop3, enabled), .def = "true",
	 .help = "poll this inbox"},
	{.name = "host", .type = CONF_T_STRING, .offset = OFF(conf_pop3, host), .min = 1, .max = 253,
	 .required = true, .unit = "host", .help = "the POP3 server's name or address; required"},
	{.name = "port", .type = CONF_T_UINT, .offset = OFF(conf_pop3, port), .min = 0, .max = 65535,
	 .def = "0", .help = "the server's port; 0 = 110, or 995 with security \"tls\""},
	{.name = "username", .type = CONF_T_STRING, .offset = OFF(conf_pop3, username), .min = 1,
	 .max = 256, .required = true, .help = "the mailbox's user name; required"},
	{.name = "password", .type = CONF_T_SECRET, .offset = OFF(conf_pop3, password),
	 .secret = &pop3_password, .required = true, .unit = "secret",
	 .help = "the mailbox's password; or password_env, password_file; required"},
	{.name = "security", .type = CONF_T_ENUM, .offset = OFF(conf_pop3, security),
	 .choices = security_choices, .def = "\"tls\"",
	 .help = "tls: implicit TLS (POP3S); stls: plain POP3 upgraded with STLS; none: no TLS"},
	{.name = "verify_certificate", .type = CONF_T_BOOL,
	 .offset = OFF(conf_pop3, verify_certificate), .def = "true",
	 .help = "check the server's certificate chain and name (TLS 1.2 and up either way)"},
	{.name = "ca_file", .type = CONF_T_STRING, .offset = OFF(conf_pop3, ca_file), .min = 1,
	 .max = 4096, .unit = "file",
	 .help = "CA certificates to check the server against, PEM; unset = the system's"},
	{.name = "check_interval", .type = CONF_T_DURATION,
	 .offset = OFF(conf_pop3, check_interval_ms), .min = MS_S, .max = 31 * MS_D, .def = "\"1m\"",
	 .unit = "duration", .help = "how often the inbox is checked: \"30s\", \"5m\", \"2h\", \"1d\""},
	{.name = "timeout", .type = CONF_T_DURATION, .offset = OFF(conf_pop3, timeout_ms),
	 .min = MS_S, .max = 10 * MS_M, .def = "\"30s\"", .unit = "duration",
	 .help = "connecting, and each POP3 command, give up after this"},
	{.name = "max_per_poll", .type = CONF_T_UINT, .offset = OFF(conf_pop3, max_per_poll),
	 .min = 1, .max = 10000, .def = "100", .unit = "emails",
	 .help = "new emails handled in one poll; the rest follow in the next, 1 s later"},
	{.name = "max_message_size", .type = CONF_T_UINT,
	 .offset = OFF(conf_pop3, max_message_size), .min = 1024, .max = 64 * 1024 * 1024,
	 .def = "1048576", .unit = "bytes", .help = "larger emails are not read, and stay"},
	{.name = "max_segments", .type = CONF_T_UINT, .offset = OFF(conf_pop3, max_segments),
	 .min = 1, .max = 255, .def = "5", .unit = "SMS parts",
	 .help = "the SMS PDU limit: longer text is cut to this many parts"},
	{.name = "max_recipients", .type = CONF_T_UINT, .offset = OFF(conf_pop3, max_recipients),
	 .min = 1, .max = 32, .def = "1", .unit = "numbers",
	 .help = "numbers one subject may name, separated by ',' or ';'; 1 = exactly one"},
	{.name = "allowed_senders", .type = CONF_T_STRLIST,
	 .offset = OFF(conf_pop3, allowed_senders), .count_offset = OFF(conf_pop3, n_allowed_senders),
	 .min = 0, .max = 1024, .def = "[]", .unit = "address list",
	 .help = "senders whose emails become SMS: \"a@b.c\", \"@b.c\" or \"*\"; empty = nobody"},
	{.name = "shared_secret", .type = CONF_T_SECRET, .offset = OFF(conf_pop3, shared_secret),
	 .secret = &pop3_shared_secret, .unit = "secret",
	 .help = "a word the subject or body must hold (removed from the SMS); unset = none asked"},
	{.name = "non_number_subject", .type = CONF_T_ENUM,
	 .offset = OFF(conf_pop3, non_number_subject), .choices = action_choices, .def = "\"keep\"",
	 .help = "an email whose subject is no phone number: keep it in the inbox, or delete it"},
	{.name = "rejected_sender", .type = CONF_T_ENUM, .offset = OFF(conf_pop3, rejected_sender),
	 .choices = action_choices, .def = "\"keep\"",
	 .help = "an email from a sender not allowed (or without the secret): keep, or delete"},
	{.name = "cut_quotes", .type = CONF_T_BOOL, .offset = OFF(conf_pop3, cut_quotes),
	 .def = "true", .help = "leave quoted replies (\"> ...\", \"On ... wrote:\") out of the SMS"},
	{.name = "cut_signature", .type = CONF_T_BOOL, .offset = OFF(conf_pop3, cut_signature),
	 .def = "true", .help = "leave the signature (from a \"-- \" line on) out of the SMS"},
	{.name = "account", .type = CONF_T_STRING, .offset = OFF(conf_pop3, account), .min = 1,
	 .max = 15, .ref = "accounts",
	 .help = "the account that gets the SMS's delivery receipts; unset = none"},
	{.name = "source", .type = CONF_T_STRING, .offset = OFF(conf_pop3, source), .min = 1,
	 .max = 20, .help = "the SMS's sender: a number or an alphanumeric id; unset = none"},
};

static void check_pop3(void *obj, int line, const char *path, struct conf_ctx *ctx)
{
	const struct conf_pop3 *p = obj;
	if (p->n_allowed_senders == 0 && !p->shared_secret)
		conf_err_at(ctx, NULL, line,
			    "%s: neither allowed_senders nor shared_secret is set, so no email "
			    "could send an SMS; list the senders (\"*\" for anyone) or set a secret",
			    path);
	if (p->security == CONF_POP3_NONE && p->ca_file)
		conf_err_at(ctx, NULL, line, "%s: ca_file is set but security is \"none\"", path);
}

const struct conf_section conf_pop3_section = {
	.name = "pop3", .size = sizeof(struct conf_pop3), .options = pop3_opts,
	.n_options = N(pop3_opts), .key = "name", .line_offset = OFF(conf_pop3, line),
	.check = check_pop3,
};
