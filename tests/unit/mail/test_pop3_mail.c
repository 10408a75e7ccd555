/*
 * One email to an SMS plan (broker/pop3_mail.c) with an inbox's settings:
 * the shared secret found in the subject or the body and removed (never
 * shown in the subject kept for logs), the sender allow-list checked after
 * it, several recipients, the cuts, and the refusals (not a number, empty
 * text, unreadable). The Message-ID of a header block (TOP n 0).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "conf.h"
#include "pop3_mail.h"

static char *senders[] = {"ops@example.com"};

static struct conf_pop3 inbox(void)
{
	return (struct conf_pop3){
		.name = "in", .max_recipients = 1, .allowed_senders = senders,
		.n_allowed_senders = 1, .cut_quotes = true, .cut_signature = true,
	};
}

static void plan(const struct conf_pop3 *in, const char *raw, struct pop3_plan *p)
{
	assert_int_equal(pop3_mail_plan(in, raw, strlen(raw), p), 0);
}

static void test_sent(void **state)
{
	(void)state;
	struct conf_pop3 in = inbox();
	struct pop3_plan p;
	plan(&in, "From: Ops <ops@example.com>\r\nSubject: +370 612 34567\r\nMessage-ID: <m1@x>\r\n\r\n"
		  "Hello\r\n\r\n> old\r\n-- \r\nsig\r\n", &p);
	assert_int_equal(p.outcome, STORE_MAIL_SENT);
	assert_int_equal(p.to.n, 1);
	assert_string_equal(p.to.number[0], "37061234567");
	assert_string_equal(p.text, "Hello");
	assert_string_equal(p.message_id, "m1@x");
	assert_string_equal(p.from, "ops@example.com");
	pop3_plan_free(&p);

	in.max_recipients = 3;
	in.cut_signature = false;
	plan(&in, "From: ops@example.com\r\nSubject: +37061234567; 0044 20 7946 0958\r\n\r\nHi\r\n-- \r\nsig\r\n", &p);
	assert_int_equal(p.to.n, 2);
	assert_string_equal(p.to.number[1], "442079460958");
	assert_string_equal(p.text, "Hi\n--\nsig");
	pop3_plan_free(&p);
}

static void test_refusals(void **state)
{
	(void)state;
	struct conf_pop3 in = inbox();
	struct pop3_plan p;
	plan(&in, "From: eve@evil.example\r\nSubject: +37061234567\r\n\r\nHi\r\n", &p);
	assert_int_equal(p.outcome, STORE_MAIL_REJECTED);
	assert_string_equal(p.why, "sender not allowed");
	assert_null(p.text);
	pop3_plan_free(&p);

	/* The sender is checked before the subject: a stranger's chat is "rejected". */
	plan(&in, "From: eve@evil.example\r\nSubject: Lunch?\r\n\r\nHi\r\n", &p);
	assert_int_equal(p.outcome, STORE_MAIL_REJECTED);
	pop3_plan_free(&p);

	plan(&in, "From: ops@example.com\r\nSubject: Lunch?\r\n\r\nHi\r\n", &p);
	assert_int_equal(p.outcome, STORE_MAIL_NOT_NUMBER);
	assert_string_equal(p.subject, "Lunch?");
	assert_int_equal(p.to.n, 0);
	pop3_plan_free(&p);

	plan(&in, "From: ops@example.com\r\nSubject: +37061234567, +37061234568\r\n\r\nHi\r\n", &p);
	assert_int_equal(p.outcome, STORE_MAIL_NOT_NUMBER); /* one recipient allowed */
	pop3_plan_free(&p);

	plan(&in, "From: ops@example.com\r\nSubject: +37061234567\r\n\r\n  \r\n-- \r\nonly a signature\r\n", &p);
	assert_int_equal(p.outcome, STORE_MAIL_REFUSED);
	assert_string_equal(p.why, "no text to send");
	pop3_plan_free(&p);
}

static void test_secret(void **state)
{
	(void)state;
	struct conf_pop3 in = inbox();
	in.shared_secret = "k7Qm2x";
	in.n_allowed_senders = 0; /* the secret alone lets anyone send */
	struct pop3_plan p;
	plan(&in, "From: anyone@else.net\r\nSubject: k7Qm2x +37061234567\r\n\r\nBody\r\n", &p);
	assert_int_equal(p.outcome, STORE_MAIL_SENT);
	assert_string_equal(p.to.number[0], "37061234567");
	assert_null(strstr(p.subject, "k7Qm2x"));
	pop3_plan_free(&p);

	plan(&in, "From: anyone@else.net\r\nSubject: +37061234567\r\n\r\nk7Qm2x\r\nBody text\r\n", &p);
	assert_int_equal(p.outcome, STORE_MAIL_SENT);
	assert_string_equal(p.text, "Body text");
	pop3_plan_free(&p);

	plan(&in, "From: anyone@else.net\r\nSubject: +37061234567\r\n\r\nk7Qm2 Body\r\n", &p);
	assert_int_equal(p.outcome, STORE_MAIL_REJECTED);
	assert_string_equal(p.why, "shared secret missing");
	pop3_plan_free(&p);

	/* Secret and allow-list together: both must hold. */
	in.n_allowed_senders = 1;
	plan(&in, "From: anyone@else.net\r\nSubject: +37061234567 k7Qm2x\r\n\r\nBody\r\n", &p);
	assert_int_equal(p.outcome, STORE_MAIL_REJECTED);
	assert_string_equal(p.why, "sender not allowed");
	pop3_plan_free(&p);
}

static void test_message_id_of_headers(void **state)
{
	(void)state;
	char id[64];
	const char *h = "From: a@b.c\r\nMessage-ID: <abc@host>\r\nSubject: x\r\n\r\n";
	pop3_mail_message_id(h, strlen(h), id, sizeof id);
	assert_string_equal(id, "abc@host");
	pop3_mail_message_id("Subject: x\r\n\r\n", 14, id, sizeof id);
	assert_string_equal(id, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sent),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_secret),
		cmocka_unit_test(test_message_id_of_headers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
