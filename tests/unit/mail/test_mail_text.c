/*
 * The pure email helpers of protocols/mail/: subject -> recipients (every
 * accepted form, every refusal, separators, duplicates, limits), sender
 * allow-list and shared secret, whitespace tidying with quote and signature
 * cuts, and HTML to text (tags, blocks, skipped elements, entities, bounds).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mail_err.h"
#include "mail_html.h"
#include "mail_policy.h"
#include "mail_subject.h"
#include "mail_text.h"

static int subj(const char *s, unsigned max, struct mail_recipients *r)
{
	return mail_subject_numbers(s, strlen(s), max, r);
}

static void test_subject_single(void **state)
{
	(void)state;
	const struct {
		const char *in, *out;
	} ok[] = {
		{"0037012345678", "37012345678"}, /* the seed's example */
		{"+37061234567", "37061234567"},
		{"  +370 612 34567  ", "37061234567"},
		{"+370-612-34567", "37061234567"},
		{"00 44 20 7946 0958", "442079460958"},
		{"+1 (512) 555-1234", "15125551234"},
		{"\t+4930123456\r\n", "4930123456"},
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		struct mail_recipients r;
		int rc = subj(ok[i].in, 1, &r);
		if (rc != MAIL_OK)
			fail_msg("%s: %s", ok[i].in, mail_err_str(rc));
		assert_int_equal(r.n, 1);
		assert_string_equal(r.number[0], ok[i].out);
	}
	const char *bad[] = {
		"", "   ", "Hello", "Invoice 2024", "1234", "861234567", "061234567",
		"Re: +37061234567", "+37061234567 please", "+3706123456789012", "+123",
		"0037012345678,+37061234567", /* separators need max > 1 */
		"+370612345a7", "++37061234567", "0012345", "+0123456789",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct mail_recipients r = {.n = 7};
		int rc = subj(bad[i], 1, &r);
		if (rc != MAIL_ENOTNUMBER)
			fail_msg("'%s' gave %d", bad[i], rc);
		assert_int_equal(r.n, 0);
	}
	/* A NUL inside is never a number. */
	struct mail_recipients r;
	assert_int_equal(mail_subject_numbers("+37061234567\0x", 14, 1, &r), MAIL_ENOTNUMBER);
}

static void test_subject_multiple(void **state)
{
	(void)state;
	struct mail_recipients r;
	assert_int_equal(subj("+37061234567, 0044 20 7946 0958; +4930123456", 5, &r), MAIL_OK);
	assert_int_equal(r.n, 3);
	assert_string_equal(r.number[0], "37061234567");
	assert_string_equal(r.number[1], "442079460958");
	assert_string_equal(r.number[2], "4930123456");

	/* Empty items skipped, duplicates (in any written form) kept once. */
	assert_int_equal(subj(";+37061234567,, 0037061234567 ;", 5, &r), MAIL_OK);
	assert_int_equal(r.n, 1);

	assert_int_equal(subj("+37061234567,+37061234568,+37061234569", 2, &r), MAIL_ETOOMANY);
	assert_int_equal(r.n, 0);
	assert_int_equal(subj("+37061234567, hello", 5, &r), MAIL_ENOTNUMBER);
	assert_int_equal(subj(",;,", 5, &r), MAIL_ENOTNUMBER);

	/* The most allowed, each distinct. */
	char big[MAIL_MAX_RECIPIENTS * 16 + 1] = "";
	for (unsigned i = 0; i < MAIL_MAX_RECIPIENTS; i++) {
		char one[20];
		snprintf(one, sizeof one, "+3706100%04u,", i);
		strcat(big, one);
	}
	assert_int_equal(subj(big, MAIL_MAX_RECIPIENTS, &r), MAIL_OK);
	assert_int_equal(r.n, MAIL_MAX_RECIPIENTS);
	assert_string_equal(r.number[MAIL_MAX_RECIPIENTS - 1], "37061000031");

	assert_int_equal(subj("+37061234567", 0, &r), MAIL_EINVAL);
	assert_int_equal(subj("+37061234567", MAIL_MAX_RECIPIENTS + 1, &r), MAIL_EINVAL);
	assert_int_equal(mail_subject_numbers(NULL, 0, 1, &r), MAIL_EINVAL);
	assert_string_equal(mail_err_str(MAIL_ENOTNUMBER), "subject is not a phone number");
	assert_string_equal(mail_err_str(12345), "unknown error");
}

static void test_sender_and_secret(void **state)
{
	(void)state;
	char *list[] = {"ops@example.com", "@alerts.example.org"};
	assert_true(mail_sender_allowed("ops@example.com", list, 2));
	assert_true(mail_sender_allowed("OPS@Example.COM", list, 2));
	assert_true(mail_sender_allowed("anyone@alerts.example.org", list, 2));
	assert_false(mail_sender_allowed("ops@example.com.evil.net", list, 2));
	assert_false(mail_sender_allowed("x@notalerts.example.org", list, 2));
	assert_false(mail_sender_allowed("eve@example.com", list, 2));
	assert_false(mail_sender_allowed("", list, 2));
	assert_false(mail_sender_allowed("no-at-sign", list, 2));
	assert_false(mail_sender_allowed(NULL, list, 2));
	assert_false(mail_sender_allowed("ops@example.com", list, 0));
	char *any[] = {"*"};
	assert_true(mail_sender_allowed("who@ever.net", any, 1));

	char s1[] = "+37061234567 s3cret";
	assert_true(mail_secret_take(s1, "s3cret"));
	assert_string_equal(s1, "+37061234567 ");
	char s2[] = "xs3cret s3cretx s3cret\nrest";
	assert_true(mail_secret_take(s2, "s3cret"));
	assert_string_equal(s2, "xs3cret s3cretx \nrest");
	char s3[] = "no secret here: s3cre";
	assert_false(mail_secret_take(s3, "s3cret"));
	assert_string_equal(s3, "no secret here: s3cre");
	assert_false(mail_secret_take(s3, ""));
	assert_false(mail_secret_take(s3, NULL));
}

static void tidy_is(const char *in, const struct mail_text_opts *o, const char *want)
{
	char *buf = strdup(in);
	size_t n = mail_text_tidy(buf, strlen(buf), o);
	if (strcmp(buf, want) != 0)
		fail_msg("tidy(\"%s\")\n got \"%s\"\nwant \"%s\"", in, buf, want);
	assert_int_equal(n, strlen(want));
	free(buf);
}

static void test_tidy(void **state)
{
	(void)state;
	const struct mail_text_opts none = {0};
	const struct mail_text_opts cut = {.cut_quotes = true, .cut_signature = true};
	tidy_is("", &none, "");
	tidy_is("\r\n\r\n  \n", &none, "");
	tidy_is("Hello  world\r\n", &none, "Hello world");
	tidy_is("\n\n  a \t b  \r\n\r\n\r\n\r\nc\rd\n\n", &none, "a b\n\nc\nd");
	tidy_is("x\xc2\xa0\xc2\xa0y\xe2\x80\x8bz\xef\xbb\xbf", &none, "x yz");
	tidy_is("Ačiū, Привет 😀", &none, "Ačiū, Привет 😀");
	/* Signatures: "-- " and "--" lines, only with the option. */
	tidy_is("Body\n-- \nJohn\n+1 555", &cut, "Body");
	tidy_is("Body\r\n--\r\nJohn", &cut, "Body");
	tidy_is("Body\n-- \nJohn", &none, "Body\n--\nJohn");
	tidy_is("a -- b\n---\nc", &cut, "a -- b\n---\nc");
	/* Quoted replies. */
	tidy_is("Yes.\n\nOn Mon, 1 Jan 2024, Ann wrote:\n> old\n>> older\n", &cut, "Yes.");
	tidy_is("Yes.\nOn Mon Ann wrote:\n\n  > old\nafter", &cut, "Yes.\n\nafter");
	tidy_is("I wrote: this stays\nno quote", &cut, "I wrote: this stays\nno quote");
	tidy_is("New\n-----Original Message-----\nFrom: x", &cut, "New");
	tidy_is("New\n________________________________\nFrom: x", &cut, "New");
	tidy_is("> kept\nwhen off", &none, "> kept\nwhen off");
	/* Invalid UTF-8 passes through. */
	tidy_is("a\xff b", &none, "a\xff b");
	tidy_is("\xc2", &none, "\xc2");
}

static void html_is(const char *in, const char *want)
{
	size_t cap = strlen(in) + 1, n = 0;
	char *out = malloc(cap);
	int rc = mail_html_to_text(in, strlen(in), out, cap, &n);
	if (rc != MAIL_OK || strcmp(out, want) != 0)
		fail_msg("html(\"%s\") rc=%d\n got \"%s\"\nwant \"%s\"", in, rc, out, want);
	assert_int_equal(n, strlen(want));
	free(out);
}

static void test_html(void **state)
{
	(void)state;
	html_is("", "");
	html_is("plain", "plain");
	html_is("<p>Hello <b>world</b></p><p>Two</p>", "Hello world\nTwo\n");
	html_is("a<div> <div>b</div></div>", "a\n b\n"); /* nested blocks: one break */
	html_is("a<br>b<br/>c<BR />d", "a\nb\nc\nd");
	html_is("line\none\ttab", "line one tab");
	html_is("<html><head><title>T</title><style>p{x:1}</style></head>"
		"<body>Hi<script>if (a<b) x();</script>!</body></html>",
		"Hi!");
	html_is("<ul><li>one</li><li>two</li></ul>", "- one\n- two\n");
	html_is("a<br><br>b", "a\n\nb");
	html_is("x<!-- <p>hidden</p> -->y<!DOCTYPE html>z", "xyz");
	html_is("<a href=\"a>b\" title='c>d'>link</a>", "link");
	html_is("&lt;&amp;&gt; &quot;&apos; &euro;5 &#8364;&#x20ac; &#128512; &nbsp;.",
		"<&> \"' €5 €€ 😀 \xc2\xa0.");
	html_is("&unknown; & &#; &#xZZ; &#12", "&unknown; & &#; &#xZZ; &#12");
	html_is("&#0;&#xD800;", "\xef\xbf\xbd\xef\xbf\xbd");
	html_is("a < b", "a < b");
	html_is("<script>never closed", "");
	html_is("<!-- never closed", "");
	html_is("<p", "");
	html_is("x<p", "x\n"); /* an unterminated tag still breaks the line */

	char small[4];
	size_t n;
	assert_int_equal(mail_html_to_text("abcdef", 6, small, sizeof small, &n), MAIL_ENOSPACE);
	assert_int_equal(mail_html_to_text(NULL, 0, small, sizeof small, &n), MAIL_EINVAL);
	/* Tidied, an HTML mail reads like the plain one. */
	char buf[128];
	const char *h = "<div>Meter <b>7</b>:&nbsp;&nbsp;12.5&nbsp;m&sup3;</div>\n<div>OK</div>";
	assert_int_equal(mail_html_to_text(h, strlen(h), buf, sizeof buf, &n), MAIL_OK);
	n = mail_text_tidy(buf, n, NULL);
	assert_string_equal(buf, "Meter 7: 12.5 m&sup3;\nOK");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_subject_single),
		cmocka_unit_test(test_subject_multiple),
		cmocka_unit_test(test_sender_and_secret),
		cmocka_unit_test(test_tidy),
		cmocka_unit_test(test_html),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
