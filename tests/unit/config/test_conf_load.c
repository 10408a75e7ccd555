/*
 * The documented sample and the values a good file gives: defaults, units,
 * endpoints, secrets, the demo-password rule, account lookup, CIDR matching,
 * includes and the generated reference.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <libconfig.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "conf_test_util.h"

#define SAMPLE "../config/smsbroker.conf"

static void assert_endpoint(const struct conf_listener *l, const char *host, unsigned port)
{
	assert_int_equal(l->n_endpoints, 1);
	assert_string_equal(l->endpoints[0].host, host);
	assert_int_equal(l->endpoints[0].port, port);
	assert_true(l->endpoints[0].loopback);
}

/* What the sample promises in its comments, checked on an empty file's defaults. */
static void assert_documented_defaults(const struct conf *c)
{
	assert_true(c->smpp.enabled);
	assert_endpoint(&c->smpp, "127.0.0.1", 2775);
	assert_false(c->smpp_tls.enabled);
	assert_endpoint(&c->smpp_tls, "127.0.0.1", 3550);
	assert_null(c->smpp_tls.certificate);
	assert_null(c->smpp_tls.private_key);
	assert_null(c->smpp_tls.client_ca);
	assert_false(c->smpp_tls.verify_client);
	assert_true(c->http.enabled);
	assert_endpoint(&c->http, "127.0.0.1", 8080);
	assert_string_equal(c->storage.backend, "sqlite");
	assert_string_equal(c->storage.path, "data/smsbroker.db");
	assert_int_equal(c->storage.batch_max, 1000);
	assert_int_equal(c->storage.busy_timeout_ms, 5000);
	assert_int_equal(c->logging.level, CONF_LOG_INFO);
	assert_false(c->logging.syslog);
	assert_false(c->logging.trace_pdus);
	assert_int_equal(c->smpp_opts.bind_timeout_ms, 30000);
	assert_int_equal(c->smpp_opts.enquire_link_interval_ms, 30000);
	assert_int_equal(c->smpp_opts.inactivity_timeout_ms, 300000);
	assert_int_equal(c->smpp_opts.response_timeout_ms, 10000);
	assert_int_equal(c->smpp_opts.window, 100);
	assert_int_equal(c->smpp_opts.max_pdu_length, 65536);
	assert_int_equal(c->smpp_opts.lockout_failures, 5);
	assert_int_equal(c->smpp_opts.lockout_window_ms, 60000);
	assert_int_equal(c->smpp_opts.lockout_time_ms, 300000);
}

static void test_empty_file_gives_defaults(void **state)
{
	(void)state;
	struct conf *c = ct_load_ok("");
	assert_int_equal(c->n_accounts, 0);
	assert_null(c->accounts);
	assert_string_equal(c->path, "test.conf");
	assert_documented_defaults(c);
	conf_free(c);
}

static void test_sample_loads_with_documented_values(void **state)
{
	(void)state;
	struct conf_errors e = {0};
	struct conf *c = conf_load(SAMPLE, &e);
	ct_print_errors(&e);
	assert_non_null(c);
	assert_int_equal(e.n, 0);
	assert_documented_defaults(c);
	assert_int_equal(c->n_accounts, 1);
	const struct conf_account *a = conf_find_account(c, "demo");
	assert_non_null(a);
	assert_string_equal(a->password, CONF_DEMO_PASSWORD);
	assert_null(a->password_hash);
	assert_null(a->system_type);
	assert_int_equal(a->binds, CONF_BIND_TRANSMITTER | CONF_BIND_RECEIVER | CONF_BIND_TRANSCEIVER);
	assert_int_equal(a->max_binds, 4);
	assert_int_equal(a->throughput, 0);
	assert_int_equal(a->n_allowed_ips, 0);
	assert_null(a->address_range);
	assert_true(a->line > 0);
	assert_true(a->password_line > a->line);
	/* Nothing in the sample differs from what an empty file gives, but the
	 * example (disabled) POP3 inbox, which an empty file cannot have: it
	 * applies after a restart only. (The example meter, phone group and
	 * report differ too, but they apply on SIGHUP.) */
	struct conf *d = ct_load_ok("");
	char **names;
	size_t n;
	assert_int_equal(conf_diff_nonreloadable(d, c, &names, &n), 0);
	static const char *const examples[] = {"pop3"};
	assert_int_equal(n, 1);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(names[i], examples[i]);
	conf_names_free(names, n);
	conf_free(d);
	conf_free(c);
}

/* ---- every option of the tables appears in the sample ---- */

struct sample {
	config_t cfg;
	char **lines;
	int n_lines;
	int missing;
};

/* The line of the first setting after s that is not inside s (INT_MAX if none). */
static int end_line(const config_setting_t *s)
{
	while (s && config_setting_parent(s)) {
		const config_setting_t *p = config_setting_parent(s);
		int i = config_setting_index(s);
		if (i + 1 < config_setting_length(p))
			return (int)config_setting_source_line(config_setting_get_elem(p, (unsigned)i + 1));
		s = p;
	}
	return INT_MAX;
}

/* "# name =" on a line within [from, to): documented but commented out. */
static bool commented_in(const struct sample *sm, const char *name, int from, int to)
{
	for (int l = from; l < to && l <= sm->n_lines; l++) {
		const char *p = sm->lines[l - 1];
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p++ != '#')
			continue;
		while (*p == ' ')
			p++;
		size_t n = strlen(name);
		if (strncmp(p, name, n) == 0 && strncmp(p + n, " =", 2) == 0)
			return true;
	}
	return false;
}

static void check_documented(const char *path, void *arg)
{
	struct sample *sm = arg;
	char lookup[256];
	size_t o = 0;
	/* "accounts[].password" -> "accounts.[0].password" */
	for (const char *p = path; *p && o + 4 < sizeof lookup; p++) {
		if (p[0] == '[' && p[1] == ']') {
			memcpy(lookup + o, ".[0]", 4);
			o += 4;
			p++;
		} else {
			lookup[o++] = *p;
		}
	}
	lookup[o] = '\0';
	if (config_lookup(&sm->cfg, lookup))
		return;
	char parent[256];
	snprintf(parent, sizeof parent, "%s", lookup);
	char *dot = strrchr(parent, '.');
	const char *name = dot ? dot + 1 : lookup;
	if (dot)
		*dot = '\0';
	const config_setting_t *g = dot ? config_lookup(&sm->cfg, parent) : config_root_setting(&sm->cfg);
	if (g && commented_in(sm, name, (int)config_setting_source_line(g), end_line(g)))
		return;
	print_message("option %s is not documented in " SAMPLE "\n", path);
	sm->missing++;
}

struct seen {
	bool lockout_time, password_hash, tls_client_ca;
};

static void note_option(const char *path, void *arg)
{
	struct seen *s = arg;
	s->lockout_time |= strcmp(path, "smpp.lockout_time") == 0;
	s->password_hash |= strcmp(path, "accounts[].password_hash") == 0;
	s->tls_client_ca |= strcmp(path, "listeners.smpp_tls.client_ca") == 0;
}

static void test_sample_documents_every_option(void **state)
{
	(void)state;
	struct sample sm = {0};
	config_init(&sm.cfg);
	config_set_include_dir(&sm.cfg, "../config");
	assert_int_equal(config_read_file(&sm.cfg, SAMPLE), CONFIG_TRUE);
	FILE *f = fopen(SAMPLE, "r");
	assert_non_null(f);
	char buf[1024];
	while (fgets(buf, sizeof buf, f)) {
		sm.lines = realloc(sm.lines, (size_t)(sm.n_lines + 1) * sizeof *sm.lines);
		assert_non_null(sm.lines);
		sm.lines[sm.n_lines++] = strdup(buf);
	}
	fclose(f);
	/* The walk reaches nested groups, list elements and every secret form. */
	struct seen seen = {0};
	conf_each_option(note_option, &seen);
	assert_true(seen.lockout_time && seen.password_hash && seen.tls_client_ca);
	conf_each_option(check_documented, &sm);
	assert_int_equal(sm.missing, 0);
	for (int i = 0; i < sm.n_lines; i++)
		free(sm.lines[i]);
	free(sm.lines);
	config_destroy(&sm.cfg);
}

static void reference_has(const char *path, void *arg)
{
	const char *text = arg;
	char want[300];
	/* Each entry starts with its name on a line of its own. */
	snprintf(want, sizeof want, "\n%s\n", path);
	static const char *const secret_forms[] = {"accounts[].password_", "pop3[].password_",
						    "pop3[].shared_secret_", "connectors[].password_",
						    "http_users[].password_", "connectors[].sim_pin_",
						    "forwarding[].token_", "forwarding[].smtp_password_"};
	for (size_t i = 0; i < sizeof secret_forms / sizeof *secret_forms; i++)
		if (strncmp(path, secret_forms[i], strlen(secret_forms[i])) == 0)
			return; /* the secret forms share one entry */
	if (!strstr(text, want))
		print_message("reference lacks %s\n", path);
	assert_non_null(strstr(text, want));
}

static void test_reference_lists_every_option(void **state)
{
	(void)state;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_non_null(f);
	assert_int_equal(conf_print_reference(f), 0);
	fclose(f);
	conf_each_option(reference_has, text);
	const char *p = strstr(text, "\nstorage.path\n");
	assert_non_null(p);
	assert_non_null(strstr(p, "default: \"data/smsbroker.db\""));
	assert_true(strstr(p, "restart required") < strstr(p, "\nstorage.batch_max\n"));
	p = strstr(text, "\nsmpp.bind_timeout\n");
	assert_non_null(p);
	assert_non_null(strstr(p, "duration 1s..1h"));
	assert_true(strstr(p, "applies on SIGHUP") < strstr(p, "\nsmpp.enquire_link_interval\n"));
	free(text);
}

/* ---- values ---- */

static void test_duration_units(void **state)
{
	(void)state;
	struct conf *c = ct_load_ok("smpp = { response_timeout = \"500ms\"; bind_timeout = 2;\n"
				    "enquire_link_interval = \"5m\"; inactivity_timeout = \"2h\";\n"
				    "lockout_time = \"1d\"; lockout_window = \"45s\"; };\n"
				    "storage = { busy_timeout = 0; };\n");
	assert_int_equal(c->smpp_opts.response_timeout_ms, 500);
	assert_int_equal(c->smpp_opts.bind_timeout_ms, 2000);
	assert_int_equal(c->smpp_opts.enquire_link_interval_ms, 300000);
	assert_int_equal(c->smpp_opts.inactivity_timeout_ms, 7200000);
	assert_int_equal(c->smpp_opts.lockout_time_ms, 86400000);
	assert_int_equal(c->smpp_opts.lockout_window_ms, 45000);
	assert_int_equal(c->storage.busy_timeout_ms, 0);
	conf_free(c);
	ct_load_fails("smpp = { response_timeout = \"99ms\"; };",
		      "test.conf:1: smpp.response_timeout: 99ms is out of range 100ms..10m");
	ct_load_fails("smpp = { bind_timeout = -1; };",
		      "test.conf:1: smpp.bind_timeout: -1 seconds is out of range");
	ct_load_fails("smpp = { bind_timeout = \"30 s\"; };",
		      "test.conf:1: smpp.bind_timeout: '30 s' is not a duration (seconds, or a number with "
		      "ms, s, m, h or d, like \"500ms\" or \"5m\")");
}

static void test_listener_endpoints(void **state)
{
	(void)state;
	struct conf *c = ct_load_ok(
		"listeners = { smpp = { listen = [\"[::1]:2775\", \"localhost:2776\", \"127.9.9.9:2777\"]; };\n"
		"http = { listen = [\"[::]:8080\", \"0.0.0.0:8081\"]; enabled = false; }; };\n");
	assert_int_equal(c->smpp.n_endpoints, 3);
	assert_string_equal(c->smpp.endpoints[0].host, "::1");
	assert_true(c->smpp.endpoints[0].loopback);
	assert_string_equal(c->smpp.endpoints[1].host, "127.0.0.1");
	assert_int_equal(c->smpp.endpoints[1].port, 2776);
	assert_true(c->smpp.endpoints[2].loopback);
	assert_int_equal(c->smpp.endpoints[2].line, 1);
	assert_false(c->http.enabled);
	assert_false(c->http.endpoints[0].loopback);
	assert_false(c->http.endpoints[1].loopback);
	char buf[64];
	assert_string_equal(conf_endpoint_format(&c->http.endpoints[0], buf, sizeof buf), "[::]:8080");
	assert_string_equal(conf_endpoint_format(&c->http.endpoints[1], buf, sizeof buf), "0.0.0.0:8081");
	conf_free(c);
	ct_load_fails("listeners = { smpp = { listen = []; }; };",
		      "test.conf:1: listeners.smpp.listen: 0 entries; expected 1..16");
	/* Port 0 asks for any free port: two listeners may both ask. */
	c = ct_load_ok("listeners = { smpp = { listen = [\"127.0.0.1:0\"]; };\n"
		       "http = { listen = [\"127.0.0.1:0\"]; }; };\n");
	assert_int_equal(c->smpp.endpoints[0].port, 0);
	conf_free(c);
	ct_load_fails("listeners = { http = { listen = [\"127.0.0.1:2775\"]; }; };",
		      "test.conf:1: listeners.http.listen: 127.0.0.1:2775 is also used by listeners.smpp");
}

static void test_account_options(void **state)
{
	(void)state;
	struct conf *c = ct_load_ok(
		"accounts = ( { system_id = \"acme\"; password = \"pw\"; system_type = \"VMA\";\n"
		"binds = [\"transmitter\"]; max_binds = 1; throughput = 50;\n"
		"allowed_ips = [\"10.0.0.0/8\", \"2001:db8::/32\", \"192.0.2.7\"];\n"
		"address_range = \"^\\\\+?44\"; },\n"
		"{ system_id = \"other\"; password = \"x\"; } );\n");
	assert_int_equal(c->n_accounts, 2);
	const struct conf_account *a = conf_find_account(c, "acme");
	assert_ptr_equal(a, &c->accounts[0]);
	assert_ptr_equal(conf_find_account(c, "other"), &c->accounts[1]);
	assert_null(conf_find_account(c, "nobody"));
	assert_null(conf_find_account(c, NULL));
	assert_string_equal(a->system_type, "VMA");
	assert_int_equal(a->binds, CONF_BIND_TRANSMITTER);
	assert_int_equal(a->max_binds, 1);
	assert_int_equal(a->throughput, 50);
	assert_int_equal(a->n_allowed_ips, 3);
	assert_int_equal(a->allowed_ips[0].family, AF_INET);
	assert_int_equal(a->allowed_ips[0].prefix_len, 8);
	assert_int_equal(a->allowed_ips[1].family, AF_INET6);
	assert_int_equal(a->allowed_ips[2].prefix_len, 32);
	assert_string_equal(a->address_range, "^\\+?44");
	assert_int_equal(a->line, 1);
	assert_int_equal(c->accounts[1].line, 5);
	conf_free(c);
	ct_load_fails("accounts = ( { system_id = \"a\"; password = \"x\"; binds = [\"sender\"]; } );",
		      "test.conf:1: accounts[0].binds: 'sender' is not one of transmitter, receiver, "
		      "transceiver");
	ct_load_fails("accounts = ( { system_id = \"a\"; password = \"x\"; binds = []; } );",
		      "test.conf:1: accounts[0].binds: must name at least one");
	ct_load_fails("accounts = ( { system_id = \"a\"; password = \"123456789\"; } );",
		      "test.conf:1: accounts[0].password: the secret is 9 characters long; at most 8 are "
		      "allowed");
	ct_load_fails("accounts = ( { system_id = \"\"; password = \"x\"; } );",
		      "test.conf:1: accounts[0].system_id: must not be empty");
	ct_load_fails("accounts = { system_id = \"a\"; };",
		      "test.conf:1: accounts: expected a list of groups, like ( { ... }, { ... } )");
	ct_load_fails("accounts = ( \"a\" );", "test.conf:1: accounts[0]: expected a group { ... }");
	ct_load_fails("storage = { backend = \"mysql\"; };",
		      "test.conf:1: storage.backend: 'mysql' is not one of sqlite");
	ct_load_fails("no_such_section = ();", "test.conf:1: unknown section 'no_such_section'");
	ct_load_fails("logging = 3;", "test.conf:1: logging: expected a group { ... }");
}

static void test_secret_forms(void **state)
{
	(void)state;
	char path[512], text[1024];
	ct_write_tmp(path, sizeof path, "secret.txt", "fromfile\n", 9);
	assert_int_equal(setenv("SMSB_TEST_SECRET", "fromenv", 1), 0);
	snprintf(text, sizeof text,
		 "accounts = ( { system_id = \"e\"; password_env = \"SMSB_TEST_SECRET\"; },\n"
		 "{ system_id = \"f\";\n password_file = \"%s\"; },\n"
		 "{ system_id = \"h\"; password_hash = "
		 "\"$pbkdf2-sha256$29000$N2bMufdeC.E8p1Qqxfi/Xw$"
		 "OyIhDtT1MkG3IeJP6SbV3ixm6wJQ6M3e6JPBtzy7sIM\"; } );\n",
		 path);
	struct conf *c = ct_load_ok(text);
	assert_string_equal(conf_find_account(c, "e")->password, "fromenv");
	assert_string_equal(conf_find_account(c, "f")->password, "fromfile");
	assert_int_equal(conf_find_account(c, "f")->password_line, 3);
	const struct conf_account *h = conf_find_account(c, "h");
	assert_null(h->password);
	assert_non_null(h->password_hash);
	conf_free(c);

	ct_write_tmp(path, sizeof path, "empty-secret.txt", "\n", 1);
	snprintf(text, sizeof text, "accounts = ( { system_id = \"f\"; password_file = \"%s\"; } );", path);
	ct_load_fails(text, "test.conf:1: accounts[0].password_file: the secret is empty");
	assert_int_equal(setenv("SMSB_TEST_SECRET", "", 1), 0);
	ct_load_fails("accounts = ( { system_id = \"e\"; password_env = \"SMSB_TEST_SECRET\"; } );",
		      "test.conf:1: accounts[0].password_env: the secret is empty");
	ct_load_fails("accounts = ( { system_id = \"e\"; password = 1234; } );",
		      "test.conf:1: accounts[0].password: expected a string");
	ct_load_fails("accounts = ( { system_id = \"h\"; password_hash = "
		      "\"$pbkdf2-sha256$10$c2FsdHNhbHQ$OyIhDtT1MkG3IeJP6SbV3ixm6wJQ6M3e6JPBtzy7sIM\"; } );",
		      "test.conf:1: accounts[0].password_hash: iteration count outside 1000..100000000");
	ct_load_fails("accounts = ( { system_id = \"h\"; password_hash = "
		      "\"$pbkdf2-sha256$1000$c2FsdHNhbHQ$AAAA\"; } );",
		      "test.conf:1: accounts[0].password_hash: hash not 32 bytes long (SHA-256)");
	ct_load_fails("accounts = ( { system_id = \"h\"; password_file = \"/\"; } );",
		      "test.conf:1: accounts[0].password_file: cannot read '/': is a directory");
}

static void test_demo_password_rule(void **state)
{
	(void)state;
	const char *demo = "accounts = ( { system_id = \"demo\";\npassword = \"demo1234\"; } );\n";
	char text[512];
	/* Loopback everywhere: fine. A disabled public listener: fine. */
	snprintf(text, sizeof text, "listeners = { http = { enabled = false; listen = [\"0.0.0.0:80\"]; }; };\n%s",
		 demo);
	conf_free(ct_load_ok(text));
	snprintf(text, sizeof text, "listeners = { http = { listen = [\"[::]:8080\"]; }; };\n%s", demo);
	ct_load_fails(text, "test.conf:3: account 'demo' still has the demo password while listener http "
			    "listens on [::]:8080; change the password or listen on loopback only");
	snprintf(text, sizeof text,
		 "listeners = { smpp = { listen = [\"192.0.2.1:2775\"]; }; };\n"
		 "accounts = ( { system_id = \"demo\"; password = \"better12\"; } );\n");
	conf_free(ct_load_ok(text));
}

static void test_cidr_match(void **state)
{
	(void)state;
	struct conf *c = ct_load_ok(
		"accounts = ( { system_id = \"a\"; password = \"x\";\n"
		"allowed_ips = [\"10.0.0.0/8\", \"192.168.16.0/20\", \"2001:db8::/32\", \"::1\", \"0.0.0.0/0\"]; } );\n");
	const struct conf_cidr *n = c->accounts[0].allowed_ips;
	uint8_t v4[4], v6[16];
	assert_int_equal(inet_pton(AF_INET, "10.200.1.1", v4), 1);
	assert_true(conf_cidr_match(&n[0], AF_INET, v4));
	assert_false(conf_cidr_match(&n[1], AF_INET, v4));
	assert_false(conf_cidr_match(&n[2], AF_INET, v4));
	assert_true(conf_cidr_match(&n[4], AF_INET, v4));
	assert_int_equal(inet_pton(AF_INET, "192.168.31.255", v4), 1);
	assert_true(conf_cidr_match(&n[1], AF_INET, v4));
	assert_int_equal(inet_pton(AF_INET, "192.168.32.0", v4), 1);
	assert_false(conf_cidr_match(&n[1], AF_INET, v4));
	assert_int_equal(inet_pton(AF_INET6, "2001:db8:ffff::1", v6), 1);
	assert_true(conf_cidr_match(&n[2], AF_INET6, v6));
	assert_false(conf_cidr_match(&n[0], AF_INET6, v6));
	assert_int_equal(inet_pton(AF_INET6, "::1", v6), 1);
	assert_true(conf_cidr_match(&n[3], AF_INET6, v6));
	assert_int_equal(inet_pton(AF_INET6, "::2", v6), 1);
	assert_false(conf_cidr_match(&n[3], AF_INET6, v6));
	/* An IPv4 peer on a dual-stack socket. */
	assert_int_equal(inet_pton(AF_INET6, "::ffff:10.1.2.3", v6), 1);
	assert_true(conf_cidr_match(&n[0], AF_INET6, v6));
	assert_false(conf_cidr_match(&n[1], AF_INET6, v6));
	assert_false(conf_cidr_match(NULL, AF_INET, v4));
	conf_free(c);
}

static void test_include_errors_name_the_included_file(void **state)
{
	(void)state;
	char inc[512], main_path[512], text[600];
	ct_write_tmp(inc, sizeof inc, "included.conf", "logging = {\n  level = \"loud\";\n};\n", 33);
	snprintf(text, sizeof text, "# main\n@include \"included.conf\"\nstorage = { batch_max = 0; };\n");
	ct_write_tmp(main_path, sizeof main_path, "main.conf", text, strlen(text));
	struct conf_errors e = {0};
	assert_null(conf_load(main_path, &e));
	ct_print_errors(&e);
	assert_int_equal(e.n, 2);
	char want[1200];
	snprintf(want, sizeof want, "%s:3: storage.batch_max: 0 is out of range 1..100000", main_path);
	assert_string_equal(e.lines[0], want);
	snprintf(want, sizeof want, "%s:2: logging.level: 'loud' is not one of error, warn, info, debug", inc);
	assert_string_equal(e.lines[1], want);
	conf_errors_clear(&e);
}

/* The examples in config/examples load, given the secrets they name. */
static void test_examples_load(void **state)
{
	(void)state;
	assert_int_equal(setenv("ACME_SMPP_PASSWORD", "acme-pw", 1), 0);
	struct conf_errors e = {0};
	struct conf *c = conf_load("../config/examples/tls-public.conf", &e);
	ct_print_errors(&e);
	assert_non_null(c);
	assert_true(c->smpp_tls.enabled);
	assert_false(c->smpp_tls.endpoints[1].loopback);
	assert_string_equal(conf_find_account(c, "acme")->password, "acme-pw");
	assert_non_null(conf_find_account(c, "monitor")->password_hash);
	assert_int_equal(c->smpp_opts.lockout_time_ms, 3600000);
	conf_free(c);
	/* Its secret file is the container's: a clear error here, naming the line. */
	c = conf_load("../config/examples/container.conf", &e);
	assert_null(c);
	assert_int_equal(e.n, 1);
	assert_string_equal(e.lines[0], "../config/examples/container.conf:17: accounts[0].password_file: "
					"cannot read '/run/secrets/smsbroker_app_password': No such file or directory");
	conf_errors_clear(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_file_gives_defaults),
		cmocka_unit_test(test_sample_loads_with_documented_values),
		cmocka_unit_test(test_sample_documents_every_option),
		cmocka_unit_test(test_reference_lists_every_option),
		cmocka_unit_test(test_duration_units),
		cmocka_unit_test(test_listener_endpoints),
		cmocka_unit_test(test_account_options),
		cmocka_unit_test(test_secret_forms),
		cmocka_unit_test(test_demo_password_rule),
		cmocka_unit_test(test_cidr_match),
		cmocka_unit_test(test_include_errors_name_the_included_file),
		cmocka_unit_test(test_examples_load),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
