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
		      "test.conf:2: connectors[0].type: 'carrier-pigeon' is not one of local, smpp, modem");
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

static void test_smpp_connector_loads(void **state)
{
	(void)state;
	struct conf *c = ct_load_ok(
		ACCOUNTS
		"connectors = ( { name = \"up\"; type = \"smpp\"; host = \"127.0.0.1\"; port = 2775;\n"
		"  system_id = \"acme\"; password = \"pw\"; bind_mode = \"transmitter_receiver\";\n"
		"  binds = 2; window = 50; response_timeout = \"2s\"; mo_account = \"rx\"; } );\n");
	const struct conf_connector *k = &c->connectors[0];
	assert_int_equal(k->type, CONF_CONN_SMPP);
	assert_string_equal(k->host, "127.0.0.1");
	assert_int_equal(k->port, 2775);
	assert_string_equal(k->system_id, "acme");
	assert_string_equal(k->password, "pw");
	assert_int_equal(k->bind_mode, CONF_SMPP_TX_RX);
	assert_int_equal(k->binds, 2);
	assert_int_equal(k->window, 50);
	assert_int_equal(k->response_timeout_ms, 2000);
	assert_string_equal(k->mo_account, "rx");
	/* defaults */
	assert_false(k->tls);
	assert_true(k->verify_certificate);
	assert_null(k->system_type);
	assert_int_equal(k->enquire_link_interval_ms, 30000);
	assert_int_equal(k->reconnect_min_ms, 1000);
	assert_int_equal(k->reconnect_max_ms, 60000);
	assert_int_equal(k->throttle_pause_ms, 1000);
	conf_free(c);
}

#define UP "connectors = ( { name = \"up\"; type = \"smpp\"; "
#define UP_OK "host = \"h\"; port = 1; system_id = \"s\"; password = \"p\"; "

static void test_smpp_connector_mistakes(void **state)
{
	(void)state;
	ct_load_fails(ACCOUNTS UP "} );",
		      "test.conf:2: connectors[0]: an smpp connector needs: host, port, system_id, "
		      "password");
	ct_load_fails(ACCOUNTS UP "host = \"h\"; port = 1; system_id = \"s\"; } );",
		      "test.conf:2: connectors[0]: an smpp connector needs: password");
	ct_load_fails(ACCOUNTS UP UP_OK "account = \"rx\"; } );",
		      "test.conf:2: connectors[0]: 'account' is for local connectors; an smpp "
		      "connector's MO messages go to 'mo_account'");
	ct_load_fails(ACCOUNTS UP UP_OK "reconnect_min = \"5s\"; reconnect_max = \"1s\"; } );",
		      "test.conf:2: connectors[0]: reconnect_min is longer than reconnect_max");
	ct_load_fails(ACCOUNTS UP UP_OK "ca_file = \"/x.pem\"; } );",
		      "test.conf:2: connectors[0]: ca_file is set but tls is false");
	ct_load_fails(ACCOUNTS UP UP_OK "mo_account = \"nobody\"; } );",
		      "test.conf:2: connectors[0].mo_account: 'nobody' is not defined in accounts");
	ct_load_fails(ACCOUNTS UP UP_OK "bind_mode = \"receiver\"; } );",
		      "test.conf:2: connectors[0].bind_mode: 'receiver' is not one of transceiver, "
		      "transmitter_receiver");
	ct_load_fails(ACCOUNTS UP UP_OK "window = 0; } );",
		      "test.conf:2: connectors[0].window: 0 is out of range 1..1000");
}

#define GSM "connectors = ( { name = \"gsm\"; type = \"modem\"; "

static void test_modem_connector(void **state)
{
	(void)state;
	struct conf *c = ct_load_ok(
		ACCOUNTS GSM "devices = [\"/dev/ttyUSB2\", \"/dev/ttyUSB5\"]; baud = 9600;\n"
		"  flow_control = \"rtscts\"; init_script = [\"TIMEOUT 5\", \"'' AT\", \"OK ''\"];\n"
		"  sim_pin = \"1234\"; smsc = \"+37069899992\"; sms_mode = \"text\"; sms_storage = \"ME\";\n"
		"  apn = \"internet\"; limit_per_minute = 5; limit_per_day = 200; mo_account = \"rx\"; } );\n");
	const struct conf_connector *k = &c->connectors[0];
	assert_int_equal(k->type, CONF_CONN_MODEM);
	assert_int_equal(k->n_devices, 2);
	assert_string_equal(k->devices[1], "/dev/ttyUSB5");
	assert_int_equal(k->baud, 9600);
	assert_int_equal(k->flow_control, CONF_FLOW_RTSCTS);
	assert_int_equal(k->n_init_script, 3);
	assert_string_equal(k->init_script[1], "'' AT");
	assert_string_equal(k->sim_pin, "1234");
	assert_string_equal(k->smsc, "+37069899992");
	assert_int_equal(k->sms_mode, CONF_SMS_TEXT);
	assert_string_equal(k->sms_storage, "ME");
	assert_string_equal(k->apn, "internet");
	assert_int_equal(k->limit_per_minute, 5);
	assert_int_equal(k->limit_per_day, 200);
	assert_string_equal(k->mo_account, "rx");
	/* defaults */
	assert_string_equal(k->cnmi, "2,1,0,2,0");
	assert_string_equal(k->pdp_type, "IP");
	assert_true(k->status_reports);
	assert_int_equal(k->command_timeout_ms, 10000);
	assert_int_equal(k->send_timeout_ms, 60000);
	assert_int_equal(k->health_interval_ms, 60000);
	assert_int_equal(k->sweep_interval_ms, 300000);
	conf_free(c);
	ct_load_fails(ACCOUNTS GSM "} );", "test.conf:2: connectors[0]: a modem connector needs 'devices'");
	ct_load_fails(ACCOUNTS GSM "devices = [\"/dev/x\"]; account = \"rx\"; } );",
		      "test.conf:2: connectors[0]: 'account' is for local connectors; a modem "
		      "connector's MO messages go to 'mo_account'");
	ct_load_fails(ACCOUNTS GSM "devices = [\"/dev/x\"]; sms_storage = \"XX\"; } );",
		      "test.conf:2: connectors[0].sms_storage: 'XX' is not one of SM, ME, MT");
	ct_load_fails(ACCOUNTS GSM "devices = [\"/dev/x\"]; sim_pin = \"123456789\"; } );",
		      "test.conf:2: connectors[0].sim_pin: the secret is 9 characters long; at most 8 "
		      "are allowed");
	ct_load_fails(ACCOUNTS "connectors = ( { name = \"a\"; type = \"local\"; account = \"rx\";"
		      " devices = [\"/dev/x\"]; } );",
		      "test.conf:2: connectors[0]: 'devices' is for modem connectors");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_routes_and_connectors_load),
		cmocka_unit_test(test_routing_mistakes),
		cmocka_unit_test(test_smpp_connector_loads),
		cmocka_unit_test(test_smpp_connector_mistakes),
		cmocka_unit_test(test_modem_connector),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
