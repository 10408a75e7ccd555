/*
 * conf_tables_http.c - the schema of the HTTP API (issue 10): the server's
 * limits (section "http") and the API users with the seed's Post/Get rules
 * (section "http_users"): user name and password of at least 5 characters
 * from a-zA-Z0-9!@#%&*+/-=?^_`{|}~. and an "Access" list of methods, all of
 * them when the list is empty. The listeners are listeners.http and
 * listeners.https (conf_tables.c).
 *
 * Users and limits reload; the listeners need a restart.
 */
#include <stddef.h>
#include <string.h>

#include "conf_internal.h"

/* ---- http: limits ---- */

#define HTTP_UINT(nm, field, lo, hi, dflt, u, text)                                               \
	{.name = nm, .type = CONF_T_UINT, .offset = OFF(conf_http, field), .min = lo, .max = hi,   \
	 .def = dflt, .unit = u, .reloadable = true, .help = text}

static const struct conf_option http_opts[] = {
	HTTP_UINT("max_body_size", max_body_size, 256, 16777216, "65536", "bytes",
		  "largest request body; larger gets 413"),
	HTTP_UINT("max_header_size", max_header_size, 1024, 1048576, "8192", "bytes",
		  "largest request line and headers together; larger gets 413"),
	HTTP_UINT("max_url_length", max_url_length, 64, 65536, "2048", "bytes",
		  "longest request target (path and query); longer gets 414"),
	{.name = "request_timeout", .type = CONF_T_DURATION,
	 .offset = OFF(conf_http, request_timeout_ms), .min = 100, .max = 10 * MS_M,
	 .def = "\"10s\"", .unit = "duration", .reloadable = true,
	 .help = "a request not read by then, or a keep-alive connection idle this long, is closed"},
	HTTP_UINT("max_connections", max_connections, 1, 100000, "64", "connections",
		  "concurrent connections over HTTP and HTTPS; more get 503 and are closed"),
	HTTP_UINT("rate_limit", rate_limit, 0, 1000000, "50", "requests/s",
		  "requests per second from one client address; more get 429; 0 = unlimited"),
	HTTP_UINT("list_limit", list_limit, 1, 10000, "100", "messages",
		  "most messages in one sms_list answer or one page of the JSON list"),
};

const struct conf_section conf_http_section = {
	.name = "http", .options = http_opts, .n_options = N(http_opts),
	.line_offset = CONF_NO_OFFSET,
};

/* ---- http_users ---- */

static const struct conf_choice method_choices[] = {
	{"sms_send", CONF_HTTP_SMS_SEND},
	{"sms_list", CONF_HTTP_SMS_LIST},
	{"sms_read", CONF_HTTP_SMS_READ},
	{"sms_total", CONF_HTTP_SMS_TOTAL},
	{"sms_delete", CONF_HTTP_SMS_DELETE},
	{"mobile_data", CONF_HTTP_MOBILE_DATA},
	{"mobile_sim_pin", CONF_HTTP_MOBILE_SIM_PIN},
	{"status", CONF_HTTP_STATUS},
	{"lockouts", CONF_HTTP_LOCKOUTS},
	{NULL, 0},
};

static const struct conf_secret_spec user_password = {
	.hash_offset = OFF(conf_http_user, password_hash),
	.line_offset = OFF(conf_http_user, password_line),
	.max_len = 64,
};

static const struct conf_option http_user_opts[] = {
	{.name = "name", .type = CONF_T_STRING, .offset = OFF(conf_http_user, name), .min = 5,
	 .max = 32, .required = true, .reloadable = true,
	 .help = "user name, 5..32 of a-zA-Z0-9!@#%&*+/-=?^_`{|}~.; unique; required"},
	{.name = "password", .type = CONF_T_SECRET, .offset = OFF(conf_http_user, password),
	 .secret = &user_password, .required = true, .reloadable = true, .unit = "secret",
	 .help = "5..64 of the same characters; or password_env, password_file, password_hash; required"},
	{.name = "access", .type = CONF_T_STRLIST, .offset = OFF(conf_http_user, access_list),
	 .count_offset = OFF(conf_http_user, n_access), .min = 0, .max = 16, .reloadable = true,
	 .def = "[\"mobile_data\", \"sms_delete\", \"sms_list\", \"sms_read\", \"sms_send\", \"sms_total\"]",
	 .help = "methods this user may call (sms_*, mobile_*, status, lockouts); [] = all of them"},
	{.name = "allowed_ips", .type = CONF_T_CIDRS, .offset = OFF(conf_http_user, allowed_ips),
	 .count_offset = OFF(conf_http_user, n_allowed_ips), .min = 0, .max = 256, .def = "[]",
	 .unit = "CIDR list", .reloadable = true,
	 .help = "networks the user may connect from, like \"10.0.0.0/8\"; empty = any"},
	{.name = "account", .type = CONF_T_STRING, .offset = OFF(conf_http_user, account), .min = 1,
	 .max = 15, .ref = "accounts", .reloadable = true,
	 .help = "the account its messages are sent as (routes' match_accounts, receipts); unset ="
		 " the user's own name if an account has it, else none"},
};

/* The seed's character set for Post/Get user names and passwords. */
static bool seed_chars(const char *s)
{
	static const char extra[] = "!@#%&*+/-=?^_`{|}~.";
	for (; *s; s++) {
		char c = *s;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			  strchr(extra, c) != NULL;
		if (!ok)
			return false;
	}
	return true;
}

static void check_http_user(void *obj, int line, const char *path, struct conf_ctx *ctx)
{
	struct conf_http_user *u = obj;
	/* A list of names rather than flags: the seed's empty list means every method. */
	u->access = 0;
	for (size_t i = 0; i < u->n_access; i++) {
		const struct conf_choice *c = method_choices;
		while (c->name && strcmp(c->name, u->access_list[i]) != 0)
			c++;
		if (c->name)
			u->access |= (unsigned)c->value;
		else
			conf_err_at(ctx, NULL, line,
				    "%s.access: unknown method \"%.40s\" (sms_send, sms_list, sms_read,"
				    " sms_total, sms_delete, mobile_data, mobile_sim_pin, status, lockouts)",
				    path, u->access_list[i]);
	}
	if (u->name && !seed_chars(u->name))
		conf_err_at(ctx, NULL, line,
			    "%s.name: only a-zA-Z0-9!@#%%&*+/-=?^_`{|}~. are allowed", path);
	if (u->password && (strlen(u->password) < 5 || !seed_chars(u->password)))
		conf_err_at(ctx, NULL, u->password_line ? u->password_line : line,
			    "%s.password: 5..64 of a-zA-Z0-9!@#%%&*+/-=?^_`{|}~. are required", path);
}

const struct conf_section conf_http_user_section = {
	.name = "http_users", .size = sizeof(struct conf_http_user), .options = http_user_opts,
	.n_options = N(http_user_opts), .key = "name", .line_offset = OFF(conf_http_user, line),
	.check = check_http_user,
};
