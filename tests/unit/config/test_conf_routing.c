/*
 * Connectors, routes and delivery: what loads, the defaults, and each
 * mistake with its file:line message (undefined names, a local connector
 * without its account, wrong list types).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "conf_test_util.h"

#define ACCOUNTS "accounts = ( { system_id = \"rx\"; password = \"pw\"; } );\n"

static void test_routes_and_connectors_load(void **state)
{
	(void)state;
	struct conf *c = ct_load_ok(
		ACCOUNTS
		"connectors = ( { name = \"apps\"; type = \"local\"; account = \"rx\"; throughput = 10; },\n"
		"  { name = \"apps2\"; type = \"local\"; account = \"rx\"; } );\n"
		"routes = ( { name = \"lt\"; match_destination = \"^370\"; match_accounts = [\"rx\"];\n"
		"  connectors = [\"apps\", \"apps2\"]; mode = \"loadshare\"; },\n"
		"  { name = \"rest\"; connectors = [\"apps2\"]; } );\n"
		"delivery = { retry_min = \"2s\"; max_attempts = 3; };\n");
	assert_int_equal(c->n_connectors, 2);
	assert_string_equal(c->connectors[0].name, "apps");
	assert_int_equal(c->connectors[0].type, CONF_CONN_LOCAL);
	assert_string_equal(c->connectors[0].account, "rx");
	assert_int_equal(c->connectors[0].throughput, 10);
	assert_int_equal(c->connectors[1].throughput, 0);
	assert_int_equal(c->n_routes, 2);
	const struct conf_route *r = &c->routes[0];
	assert_string_equal(r->match_destination, "^370");
	assert_int_equal(r->n_match_accounts, 1);
	assert_string_equal(r->match_accounts[0], "rx");
	assert_int_equal(r->n_connectors, 2);
	assert_string_equal(r->connectors[1], "apps2");
	assert_int_equal(r->mode, CONF_ROUTE_LOADSHARE);
	assert_int_equal(r->line, 4);
	assert_null(c->routes[1].match_destination);
	assert_int_equal(c->routes[1].n_match_accounts, 0);
	assert_int_equal(c->routes[1].mode, CONF_ROUTE_FAILOVER);
	assert_int_equal(c->delivery.retry_min_ms, 2000);
	assert_int_equal(c->delivery.max_attempts, 3);
	assert_int_equal(c->delivery.retry_max_ms, 600000);
	assert_int_equal(c->delivery.default_validity_ms, 2LL * 24 * 3600 * 1000);
	conf_free(c);
}

static void test_routing_mistakes(void **state)
{
	(void)state;
	ct_load_fails(ACCOUNTS "connectors = ( { name = \"a\"; type = \"local\"; account = \"rx\"; } );\n"
			       "routes = ( { name = \"r\"; connectors = [\"b\"]; } );",
		      "test.conf:3: routes[0].connectors: 'b' is not defined in connectors");
	ct_load_fails(ACCOUNTS "connectors = ( { name = \"a\"; type = \"local\"; } );",
		      "test.conf:2: connectors[0]: a local connector needs 'account'");
	ct_load_fails(ACCOUNTS "connectors = ( { name = \"a\"; type = \"local\"; account = \"tx\"; } );",
		      "test.conf:2: connectors[0].account: 'tx' is not defined in accounts");
	ct_load_fails(ACCOUNTS "connectors = ( { name = \"a\"; type = \"carrier-pigeon\"; account = \"rx\"; } );",
		      "test.conf:2: connectors[0].type: 'carrier-pigeon' is not one of local");
	ct_load_fails(ACCOUNTS "connectors = ( { name = \"a\"; type = \"local\"; account = \"rx\"; } );\n"
			       "routes = ( { name = \"r\"; connectors = \"a\"; } );",
		      "test.conf:3: routes[0].connectors: expected a list of strings");
	ct_load_fails(ACCOUNTS "connectors = ( { name = \"a\"; type = \"local\"; account = \"rx\"; } );\n"
			       "routes = ( { name = \"r\"; connectors = []; } );",
		      "test.conf:3: routes[0].connectors: 0 entries; expected 1..16");
	ct_load_fails(ACCOUNTS "connectors = ( { name = \"a\"; type = \"local\"; account = \"rx\"; } );\n"
			       "routes = ( { name = \"r\"; connectors = [\"a\"]; match_destination = \"(\"; } );",
		      "test.conf:3: routes[0].match_destination: '(' is not a valid regular expression: "
		      "Unmatched ( or \\(");
	ct_load_fails("routes = ( { name = \"r\"; } );",
		      "test.conf:1: routes[0]: missing required option 'connectors'");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_routes_and_connectors_load),
		cmocka_unit_test(test_routing_mistakes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
