/*
 * The generic walker with tables of the test's own, the way later sections
 * (connectors, routes, POP3 inboxes) will use it: keyed lists, references to
 * names defined elsewhere in the file (before or after), secrets without a
 * hash form, and freeing what was filled.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf_internal.h"

struct t_connector {
	char *name;
	char *password; /* a secret without _hash */
	int password_line;
	unsigned weight;
	int line;
};

struct t_route {
	char *connector; /* must name a connector */
	int line;
};

struct t_root {
	struct t_connector *connectors;
	size_t n_connectors;
	struct t_route *routes;
	size_t n_routes;
};

static const struct conf_secret_spec t_secret = {
	.hash_offset = CONF_NO_OFFSET,
	.line_offset = offsetof(struct t_connector, password_line),
};

static const struct conf_option t_connector_opts[] = {
	{.name = "name", .type = CONF_T_STRING, .offset = offsetof(struct t_connector, name), .min = 1,
	 .max = 32, .required = true},
	{.name = "password", .type = CONF_T_SECRET, .offset = offsetof(struct t_connector, password),
	 .secret = &t_secret},
	{.name = "weight", .type = CONF_T_UINT, .offset = offsetof(struct t_connector, weight), .min = 1,
	 .max = 10, .def = "1"},
};
static const struct conf_section t_connector = {
	.name = "connectors", .size = sizeof(struct t_connector), .options = t_connector_opts,
	.n_options = 3, .key = "name", .line_offset = offsetof(struct t_connector, line),
};

static const struct conf_option t_route_opts[] = {
	{.name = "connector", .type = CONF_T_STRING, .offset = offsetof(struct t_route, connector),
	 .min = 1, .max = 32, .required = true, .ref = "connectors"},
};
static const struct conf_section t_route = {
	.name = "routes", .size = sizeof(struct t_route), .options = t_route_opts, .n_options = 1,
	.line_offset = offsetof(struct t_route, line),
};

static const struct conf_option t_root_opts[] = {
	{.name = "routes", .type = CONF_T_GROUP_LIST, .offset = offsetof(struct t_root, routes),
	 .count_offset = offsetof(struct t_root, n_routes), .sub = &t_route},
	{.name = "connectors", .type = CONF_T_GROUP_LIST, .offset = offsetof(struct t_root, connectors),
	 .count_offset = offsetof(struct t_root, n_connectors), .sub = &t_connector},
};
static const struct conf_section t_root = {
	.name = "", .options = t_root_opts, .n_options = 2, .line_offset = CONF_NO_OFFSET,
};

/* Walks text against t_root; returns the errors (caller clears) and fills root. */
static void walk(const char *text, struct t_root *root, struct conf_errors *errs)
{
	config_t cfg;
	config_init(&cfg);
	assert_int_equal(config_read_string(&cfg, text), CONFIG_TRUE);
	struct conf_ctx ctx;
	conf_ctx_init(&ctx, "t.conf", &cfg);
	memset(root, 0, sizeof *root);
	conf_schema_walk(&t_root, config_root_setting(&cfg), root, "", &ctx);
	conf_refs_check(&ctx);
	conf_ctx_finish(&ctx, errs);
	conf_ctx_free(&ctx);
	config_destroy(&cfg);
}

static void test_references_resolve_forward(void **state)
{
	(void)state;
	struct t_root r;
	struct conf_errors e = {0};
	assert_int_equal(setenv("SMSB_TEST_UPSTREAM", "upw", 1), 0);
	walk("routes = ( { connector = \"up\"; } );\n"
	     "connectors = ( { name = \"up\";\n password_env = \"SMSB_TEST_UPSTREAM\"; weight = 3; },\n"
	     "{ name = \"spare\"; } );\n",
	     &r, &e);
	for (size_t i = 0; i < e.n; i++)
		print_message("%s\n", e.lines[i]);
	assert_int_equal(e.n, 0);
	assert_int_equal(r.n_connectors, 2);
	assert_string_equal(r.connectors[0].password, "upw");
	assert_int_equal(r.connectors[0].password_line, 3);
	assert_int_equal(r.connectors[0].weight, 3);
	assert_null(r.connectors[1].password); /* optional secret */
	assert_int_equal(r.connectors[1].weight, 1);
	assert_int_equal(r.connectors[1].line, 4);
	assert_string_equal(r.routes[0].connector, "up");
	conf_schema_free(&t_root, &r);
	assert_null(r.connectors);
	assert_int_equal(r.n_routes, 0);
}

static void test_undefined_and_duplicate_names(void **state)
{
	(void)state;
	struct t_root r;
	struct conf_errors e = {0};
	walk("routes = ( { connector = \"up\"; },\n { connector = \"down\"; } );\n"
	     "connectors = ( { name = \"up\"; },\n{ name = \"up\"; password_hash = \"x\"; weight = 11; } );\n",
	     &r, &e);
	const char *const want[] = {
		"t.conf:2: routes[1].connector: 'down' is not defined in connectors",
		"t.conf:4: unknown option 'password_hash' in connectors[1]",
		"t.conf:4: connectors[1].weight: 11 is out of range 1..10",
		"t.conf:4: connectors[1].name: duplicate name 'up' (first defined at line 3)",
	};
	for (size_t i = 0; i < e.n; i++)
		print_message("%s\n", e.lines[i]);
	assert_int_equal(e.n, sizeof want / sizeof *want);
	for (size_t i = 0; i < e.n; i++)
		assert_string_equal(e.lines[i], want[i]);
	conf_errors_clear(&e);
	conf_schema_free(&t_root, &r);
}

static void test_durations_round_trip(void **state)
{
	(void)state;
	const struct {
		const char *text;
		int64_t ms;
		const char *shortest;
	} cases[] = {
		{"0s", 0, "0s"}, {"500ms", 500, "500ms"}, {"1500ms", 1500, "1500ms"}, {"90s", 90000, "90s"},
		{"120s", 120000, "2m"}, {"5m", 300000, "5m"}, {"2h", 7200000, "2h"}, {"1d", 86400000, "1d"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		int64_t ms = -1;
		char buf[32];
		assert_int_equal(conf_duration_parse(cases[i].text, &ms), 0);
		assert_int_equal(ms, cases[i].ms);
		conf_duration_format(ms, buf, sizeof buf);
		assert_string_equal(buf, cases[i].shortest);
	}
	const char *bad[] = {"", "s", "5", "5x", "-5s", "5 s", "1.5s", "5ss", "99999999999999999999s"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		int64_t ms = 0;
		assert_int_equal(conf_duration_parse(bad[i], &ms), -1);
	}
}

static void test_hash_syntax(void **state)
{
	(void)state;
	const char *why;
	assert_int_equal(conf_hash_check("$pbkdf2-sha256$600000$c2FsdHNhbHRzYWx0$"
					 "OyIhDtT1MkG3IeJP6SbV3ixm6wJQ6M3e6JPBtzy7sIM=", &why), 0);
	const char *bad[] = {
		"pbkdf2-sha256$1000$c2FsdHNhbHQ$OyIhDtT1MkG3IeJP6SbV3ixm6wJQ6M3e6JPBtzy7sIM",
		"$pbkdf2-sha1$1000$c2FsdHNhbHQ$OyIhDtT1MkG3IeJP6SbV3ixm6wJQ6M3e6JPBtzy7sIM",
		"$pbkdf2-sha256$$c2FsdHNhbHQ$OyIhDtT1MkG3IeJP6SbV3ixm6wJQ6M3e6JPBtzy7sIM",
		"$pbkdf2-sha256$1000$$OyIhDtT1MkG3IeJP6SbV3ixm6wJQ6M3e6JPBtzy7sIM",
		"$pbkdf2-sha256$1000$c2FsdHNhbHQ$",
		"$pbkdf2-sha256$1000$c2Fs!HNhbHQ$OyIhDtT1MkG3IeJP6SbV3ixm6wJQ6M3e6JPBtzy7sIM",
		"$pbkdf2-sha256$1000$c2FsdHNhbHQ$OyIhDtT1MkG3IeJP6SbV3ixm6wJQ6M3e6JPBtzy7sIM$x",
		"$pbkdf2-sha256$1000$c2FsdA$OyIhDtT1MkG3IeJP6SbV3ixm6wJQ6M3e6JPBtzy7sIM",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		assert_int_equal(conf_hash_check(bad[i], &why), -1);
	assert_string_equal(why, "salt shorter than 8 bytes");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_references_resolve_forward),
		cmocka_unit_test(test_undefined_and_duplicate_names),
		cmocka_unit_test(test_durations_round_trip),
		cmocka_unit_test(test_hash_syntax),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
