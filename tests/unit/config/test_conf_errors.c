/*
 * Each file under tests/data/config holds one kind of mistake; each must be
 * reported with exactly these "file:line: message" lines, in file order.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>

#include "conf_test_util.h"

struct bad_case {
	const char *file;
	const char *expected[8]; /* suffixes after "data/config/<file>" */
};

static const struct bad_case cases[] = {
	{"syntax_error.conf", {":3: syntax error"}},
	{"unknown_key.conf", {":4: unknown option 'prot' in listeners.smpp"}},
	{"wrong_type.conf", {":2: storage.batch_max: expected an integer"}},
	{"out_of_range.conf",
	 {":2: storage.batch_max: 0 is out of range 1..100000",
	  ":5: smpp.max_pdu_length: 70000000 is out of range 256..1048576",
	  ":6: smpp.bind_timeout: 2h is out of range 1s..1h"}},
	{"missing_required.conf", {":2: accounts[0]: missing required option 'system_id'"}},
	{"duplicate_system_id.conf",
	 {":7: accounts[1].system_id: duplicate system_id 'acme' (first defined at line 3)"}},
	{"bad_enum.conf", {":2: logging.level: 'verbose' is not one of error, warn, info, debug"}},
	{"bad_endpoint.conf",
	 {":3: listeners.smpp.listen: '127.0.0.1' is not host:port (like \"127.0.0.1:2775\" or \"[::1]:2775\")",
	  ":3: listeners.smpp.listen: '::1:2775' is not host:port (like \"127.0.0.1:2775\" or \"[::1]:2775\")",
	  ":3: listeners.smpp.listen: '127.0.0.1:70000' has a bad port (expected 0..65535; 0 = any free port)",
	  ":3: listeners.smpp.listen: 'example.com:2775' does not start with an IP address (or localhost)"}},
	{"bad_cidr.conf",
	 {":5: accounts[0].allowed_ips: '10.0.0.0/33' has a prefix length beyond the address size",
	  ":5: accounts[0].allowed_ips: '10.0.0.1/8' has bits set beyond its prefix length",
	  ":5: accounts[0].allowed_ips: 'ten.0.0.0/8' is not a network (like \"10.0.0.0/8\", "
	  "\"192.0.2.7\" or \"2001:db8::/32\")"}},
	{"bad_regex.conf",
	 {":5: accounts[0].address_range: '^(44' is not a valid regular expression: Unmatched ( or \\("}},
	{"bad_hash.conf",
	 {":4: accounts[0].password_hash: not of the form "
	  "$pbkdf2-sha256$<iterations>$<salt base64>$<hash base64>"}},
	{"two_secrets.conf",
	 {":5: accounts[0]: password and password_env are both given; use exactly one"}},
	{"missing_env.conf",
	 {":4: accounts[0].password_env: environment variable 'SMSB_TEST_VARIABLE_THAT_IS_NOT_SET' "
	  "is not set"}},
	{"unreadable_secret_file.conf",
	 {":4: accounts[0].password_file: cannot read 'data/config/no-such-secret-file': "
	  "No such file or directory"}},
	{"demo_public.conf",
	 {":9: account 'demo' still has the demo password while listener smpp listens on "
	  "0.0.0.0:2775; change the password or listen on loopback only"}},
	{"tls_incomplete.conf",
	 {":2: listeners.smpp_tls: enabled, but certificate is not set",
	  ":2: listeners.smpp_tls: enabled, but private_key is not set",
	  ":2: listeners.smpp_tls: verify_client needs client_ca"}},
	{"int_overflow.conf",
	 {":3: integer 4294967297 is too large (at most 2147483647; add L for a 64-bit value)"}},
	{"bad_duration.conf",
	 {":2: smpp.bind_timeout: '5 minutes' is not a duration (seconds, or a number with ms, s, m, "
	  "h or d, like \"500ms\" or \"5m\")",
	  ":3: smpp.response_timeout: expected a duration (seconds, or a string like \"30s\")"}},
	{"many_errors.conf",
	 {":4: listeners.http.listen: 'localhost' is not host:port (like \"127.0.0.1:2775\" or \"[::1]:2775\")",
	  ":8: accounts[0]: missing password (give one of password, password_env, password_file or "
	  "password_hash)",
	  ":9: accounts[0].system_id: 'this-id-is-far-too-long' is 23 characters long; the limit is 1..15",
	  ":13: logging.syslog: expected a boolean (true or false)",
	  ":14: unknown option 'colour' in logging"}},
};

static void test_bad_file(void **state)
{
	const struct bad_case *c = *state;
	char path[256];
	snprintf(path, sizeof path, "data/config/%s", c->file);
	ct_expect_errors(path, c->expected);
}

int main(void)
{
	/* The environment variable of missing_env.conf must really be missing. */
	unsetenv("SMSB_TEST_VARIABLE_THAT_IS_NOT_SET");
	struct CMUnitTest tests[sizeof cases / sizeof *cases];
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		tests[i] = (struct CMUnitTest){
			.name = cases[i].file,
			.test_func = test_bad_file,
			.initial_state = (void *)&cases[i],
		};
	return _cmocka_run_group_tests("conf_errors", tests, sizeof cases / sizeof *cases, NULL, NULL);
}
