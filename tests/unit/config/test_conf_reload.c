/*
 * Reload: conf_diff_nonreloadable() names the changed options that only a
 * restart applies, and nothing else.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf_test_util.h"

static const char *const base =
	"listeners = { smpp = { listen = [\"127.0.0.1:2775\"]; }; };\n"
	"accounts = ( { system_id = \"a\"; password = \"x\"; } );\n"
	"storage = { path = \"data/a.db\"; };\n"
	"logging = { level = \"info\"; };\n";

/* Loads base and changed, diffs them, and asserts the names equal want (NULL-terminated). */
static void expect_diff(const char *changed, const char *const *want)
{
	struct conf *a = ct_load_ok(base), *b = ct_load_ok(changed);
	char **names = NULL;
	size_t n = 99;
	assert_int_equal(conf_diff_nonreloadable(a, b, &names, &n), 0);
	size_t w = 0;
	while (want[w])
		w++;
	for (size_t i = 0; i < n; i++)
		print_message("  changed: %s\n", names[i]);
	assert_int_equal(n, w);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(names[i], want[i]);
	conf_names_free(names, n);
	conf_free(a);
	conf_free(b);
}

static void test_same_config_no_changes(void **state)
{
	(void)state;
	const char *const none[] = {NULL};
	expect_diff(base, none);
}

static void test_reloadable_changes_are_not_listed(void **state)
{
	(void)state;
	const char *const none[] = {NULL};
	expect_diff("listeners = { smpp = { listen = [\"127.0.0.1:2775\"]; }; };\n"
		    "accounts = ( { system_id = \"a\"; password = \"y\"; }, { system_id = \"b\"; password = \"z\"; } );\n"
		    "storage = { path = \"data/a.db\"; };\n"
		    "logging = { level = \"debug\"; syslog = true; };\n"
		    "smpp = { window = 10; bind_timeout = \"5s\"; };\n",
		    none);
}

static void test_restart_options_are_listed(void **state)
{
	(void)state;
	const char *const want[] = {"listeners.smpp_tls.enabled",
				    "listeners.smpp_tls.listen", "listeners.smpp_tls.certificate",
				    "listeners.smpp_tls.private_key", "storage.path", "storage.batch_max",
				    NULL};
	expect_diff("listeners = { smpp = { listen = [\"127.0.0.1:2775\", \"[::1]:2775\"]; };\n"
		    "smpp_tls = { enabled = true; listen = [\"127.0.0.1:3551\"];\n"
		    "certificate = \"c.pem\"; private_key = \"k.pem\"; }; };\n"
		    "accounts = ( { system_id = \"a\"; password = \"x\"; } );\n"
		    "storage = { path = \"data/b.db\"; batch_max = 10; };\n"
		    "logging = { level = \"warn\"; };\n",
		    want);
}

static void test_port_change_is_listed(void **state)
{
	(void)state;
	/* The SMPP listener is reopened on reload; the HTTP one needs a restart. */
	const char *const want[] = {"listeners.http.listen", NULL};
	expect_diff("listeners = { smpp = { listen = [\"127.0.0.1:2776\"]; };\n"
		    "http = { listen = [\"127.0.0.1:8081\"]; }; };\n"
		    "accounts = ( { system_id = \"a\"; password = \"x\"; } );\n"
		    "storage = { path = \"data/a.db\"; };\n",
		    want);
}

static void test_null_confs(void **state)
{
	(void)state;
	char **names = (char **)1;
	size_t n = 7;
	assert_int_equal(conf_diff_nonreloadable(NULL, NULL, &names, &n), 0);
	assert_null(names);
	assert_int_equal(n, 0);
	conf_names_free(NULL, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_config_no_changes),
		cmocka_unit_test(test_reloadable_changes_are_not_listed),
		cmocka_unit_test(test_restart_options_are_listed),
		cmocka_unit_test(test_port_change_is_listed),
		cmocka_unit_test(test_null_confs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
