/*
 * The pop3 section (email-to-SMS): the defaults an inbox gets, every option
 * read back, secrets from the environment, and the refusals: an inbox no
 * email could use (no senders, no secret), a ca_file without TLS, unknown
 * choices, out-of-range values, duplicate names, an undefined account.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "conf_test_util.h"

#define BASE "name = \"in\"; host = \"pop.example.com\"; username = \"u\"; password = \"p\";"

static void test_defaults(void **state)
{
	(void)state;
	struct conf *c = ct_load_ok("pop3 = ( { " BASE " allowed_senders = [\"a@b.c\"]; } );");
	assert_int_equal(c->n_pop3, 1);
	const struct conf_pop3 *p = &c->pop3[0];
	assert_string_equal(p->name, "in");
	assert_true(p->enabled);
	assert_string_equal(p->host, "pop.example.com");
	assert_int_equal(p->port, 0);
	assert_string_equal(p->username, "u");
	assert_string_equal(p->password, "p");
	assert_int_equal(p->security, CONF_POP3_TLS);
	assert_true(p->verify_certificate);
	assert_null(p->ca_file);
	assert_int_equal(p->check_interval_ms, 60000);
	assert_int_equal(p->timeout_ms, 30000);
	assert_int_equal(p->max_per_poll, 100);
	assert_int_equal(p->max_message_size, 1048576);
	assert_int_equal(p->max_segments, 5);
	assert_int_equal(p->max_recipients, 1);
	assert_int_equal(p->n_allowed_senders, 1);
	assert_null(p->shared_secret);
	assert_int_equal(p->non_number_subject, CONF_MAIL_KEEP);
	assert_int_equal(p->rejected_sender, CONF_MAIL_KEEP);
	assert_true(p->cut_quotes);
	assert_true(p->cut_signature);
	assert_null(p->account);
	assert_null(p->source);
	assert_true(p->line > 0);
	conf_free(c);
	c = ct_load_ok("");
	assert_int_equal(c->n_pop3, 0);
	conf_free(c);
}

static void test_every_option(void **state)
{
	(void)state;
	setenv("SMSB_TEST_POP3_PW", "from-env", 1);
	struct conf *c = ct_load_ok(
		"accounts = ( { system_id = \"rx\"; password = \"pw\"; } );\n"
		"pop3 = ( { name = \"a\"; enabled = false; host = \"127.0.0.1\"; port = 1110;"
		" username = \"x\"; password_env = \"SMSB_TEST_POP3_PW\"; security = \"stls\";"
		" verify_certificate = false; ca_file = \"/tmp/ca.pem\"; check_interval = \"2h\";"
		" timeout = \"5s\"; max_per_poll = 7; max_message_size = 2048; max_segments = 3;"
		" max_recipients = 4; allowed_senders = [\"*\"]; shared_secret = \"s3\";"
		" non_number_subject = \"delete\"; rejected_sender = \"delete\"; cut_quotes = false;"
		" cut_signature = false; account = \"rx\"; source = \"Alerts\"; },\n"
		" { name = \"b\"; host = \"h\"; username = \"u\"; password = \"p\"; security = \"none\";"
		" check_interval = \"1d\"; shared_secret = \"only-secret\"; } );");
	assert_int_equal(c->n_pop3, 2);
	const struct conf_pop3 *p = &c->pop3[0];
	assert_false(p->enabled);
	assert_int_equal(p->port, 1110);
	assert_string_equal(p->password, "from-env");
	assert_int_equal(p->security, CONF_POP3_STLS);
	assert_false(p->verify_certificate);
	assert_string_equal(p->ca_file, "/tmp/ca.pem");
	assert_int_equal(p->check_interval_ms, 2 * 3600 * 1000LL);
	assert_int_equal(p->timeout_ms, 5000);
	assert_int_equal(p->max_per_poll, 7);
	assert_int_equal(p->max_message_size, 2048);
	assert_int_equal(p->max_segments, 3);
	assert_int_equal(p->max_recipients, 4);
	assert_string_equal(p->allowed_senders[0], "*");
	assert_string_equal(p->shared_secret, "s3");
	assert_int_equal(p->non_number_subject, CONF_MAIL_DELETE);
	assert_int_equal(p->rejected_sender, CONF_MAIL_DELETE);
	assert_false(p->cut_quotes);
	assert_false(p->cut_signature);
	assert_string_equal(p->account, "rx");
	assert_string_equal(p->source, "Alerts");
	assert_int_equal(c->pop3[1].security, CONF_POP3_NONE);
	assert_int_equal(c->pop3[1].check_interval_ms, 86400000LL);
	assert_int_equal(c->pop3[1].n_allowed_senders, 0);
	conf_free(c);
	unsetenv("SMSB_TEST_POP3_PW");
}

/* Loading text fails, and one of the messages names want. */
static void fails_with(const char *text, const char *want)
{
	struct conf_errors e = {0};
	struct conf *c = conf_load_string(text, strlen(text), "test.conf", &e);
	assert_null(c);
	bool found = false;
	for (size_t i = 0; i < e.n; i++)
		found |= strstr(e.lines[i], want) != NULL;
	if (!found)
		ct_print_errors(&e);
	conf_errors_clear(&e);
	assert_true(found);
}

static void test_refusals(void **state)
{
	(void)state;
	fails_with("pop3 = ( { " BASE " } );", "neither allowed_senders nor shared_secret");
	fails_with("pop3 = ( { " BASE " allowed_senders = [\"*\"]; security = \"none\";"
		      " ca_file = \"/x\"; } );",
		      "ca_file is set but security is \"none\"");
	fails_with("pop3 = ( { " BASE " allowed_senders = [\"*\"]; security = \"ssl\"; } );",
		      "security");
	fails_with("pop3 = ( { " BASE " allowed_senders = [\"*\"]; check_interval = \"500ms\"; } );",
		      "check_interval");
	fails_with("pop3 = ( { " BASE " allowed_senders = [\"*\"]; max_recipients = 33; } );",
		      "max_recipients");
	fails_with("pop3 = ( { " BASE " allowed_senders = [\"*\"]; account = \"nobody\"; } );",
		      "nobody");
	fails_with("pop3 = ( { " BASE " allowed_senders = [\"*\"]; },"
		      " { " BASE " allowed_senders = [\"*\"]; } );",
		      "duplicate name 'in'");
	fails_with("pop3 = ( { name = \"in\"; host = \"h\"; username = \"u\";"
		      " allowed_senders = [\"*\"]; } );",
		      "password");
	fails_with("pop3 = ( { " BASE " allowed_senders = [\"*\"]; poll_every = 5; } );",
		      "poll_every");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_every_option),
		cmocka_unit_test(test_refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
