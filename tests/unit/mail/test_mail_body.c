/*
 * MIME body extraction (broker/mail_body.c, GMime) over the .eml corpus in
 * tests/data/mail/: for each email the sender, the decoded subject, the
 * Message-ID and the text that becomes the SMS (tidied with both cuts, as
 * an inbox does by default), and whether it came from HTML. Then the
 * fallbacks: no charset or an unknown one, and input that is no email.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mail_body.h"
#include "mail_text.h"

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s (ctest runs from tests/)", path);
	char *buf = malloc(1 << 20);
	*len = fread(buf, 1, (1 << 20) - 1, f);
	fclose(f);
	buf[*len] = '\0';
	return buf;
}

struct expect {
	const char *file, *from, *subject, *message_id, *text;
	int html;
	unsigned skipped;
};

static const char long_text[] =
	"Line 000 of the nightly report: all systems nominal. Line 001 of the nightly report:";

static const struct expect corpus[] = {
	{"plain_ascii.eml", "ops@example.com", "0037061234567", "plain-1@example.com",
	 "Server db1 is down.\nCheck it please.", 0, 0},
	{"alt_qp_lithuanian.eml", "ops@example.com", "+370 612 34567", "lt-1@example.com",
	 "Labas! Ačiū už žinutę.\nŠiandien skaitiklis rodo 12,5 m³.", 0, 0},
	/* The HTML alternative comes first in the file; the plain one still wins. */
	{"alt_qp_cyrillic.eml", "ops@example.com", "00 7 912 345-67-89", "ru-1@example.com",
	 "Привет! Счётчик №7 показывает 345 кВт·ч.\nСпасибо.", 0, 0},
	{"base64_latin1.eml", "ops@example.com", "+4930123456", "de-1@example.com",
	 "Grüße aus München!\nDas Café öffnet um 9 Uhr.", 0, 0},
	{"windows1251.eml", "ops@example.com", "+79123456789", "cp-1@example.com",
	 "Привет, мир! Счёт 12345 оплачен.", 0, 0},
	{"koi8r.eml", "ops@example.com", "+79123456780", "koi-1@example.com",
	 "Добрый день. Всё работает.", 0, 0},
	{"emoji.eml", "ops@example.com", "+37061234567", "emoji-1@example.com",
	 "Deploy done 🚀 all green ✅", 0, 0},
	{"encoded_subject.eml", "ops@example.com", "+370 612 34567", "subj-1@example.com",
	 "Encoded subject, plain body: ąčę.", 0, 0},
	{"attachment.eml", "ops@example.com", "+37061234567", "att-1@example.com",
	 "Report attached. Totals: 42.", 0, 2},
	{"not_number.eml", "ops@example.com", "Lunch on Friday?", "nn-1@example.com",
	 "Shall we meet at noon?", 0, 0},
	{"bad_sender.eml", "eve@evil.example", "+37061234567", "bad-1@evil.example",
	 "Send this to everyone.", 0, 0},
	{"dot_lines.eml", "ops@example.com", "+37061234567", "dot-1@example.com",
	 "First line\n.\n..two dots\n.hidden? no\nLast line", 0, 0},
	{"html_only.eml", "ops@example.com", "+37061234567", "html-1@example.com",
	 "Disk usage at 91% on db1 & db2.\nPrice: 5€\nThanks", 1, 0},
	{"reply_signature.eml", "ops@example.com", "+37061234567", "reply-1@example.com",
	 "Yes, restart it now.", 0, 0},
};

static void check_one(const struct expect *e)
{
	char path[256];
	snprintf(path, sizeof path, "data/mail/%s", e->file);
	size_t len;
	char *raw = slurp(path, &len);
	struct mail_body b;
	assert_int_equal(mail_body_parse(raw, len, &b), 0);
	const struct mail_text_opts cut = {.cut_quotes = true, .cut_signature = true};
	mail_text_tidy(b.text, strlen(b.text), &cut);
	if (strcmp(b.text, e->text) != 0)
		fail_msg("%s: text\n got \"%s\"\nwant \"%s\"", e->file, b.text, e->text);
	assert_string_equal(b.from, e->from);
	assert_string_equal(b.subject, e->subject);
	assert_string_equal(b.message_id, e->message_id);
	assert_int_equal(b.html, e->html);
	assert_int_equal(b.skipped, e->skipped);
	mail_body_free(&b);
	free(raw);
}

static void test_corpus(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof corpus / sizeof corpus[0]; i++)
		check_one(&corpus[i]);
}

static void test_flowed_long_body(void **state)
{
	(void)state;
	size_t len;
	char *raw = slurp("data/mail/long_body.eml", &len);
	struct mail_body b;
	assert_int_equal(mail_body_parse(raw, len, &b), 0);
	mail_text_tidy(b.text, strlen(b.text), NULL);
	/* format=flowed soft breaks joined: one paragraph of 40 sentences. */
	assert_null(strchr(b.text, '\n'));
	assert_memory_equal(b.text, long_text, sizeof long_text - 1);
	assert_true(strlen(b.text) > 2000);
	assert_non_null(strstr(b.text, "Line 039 of the nightly report: all systems nominal."));
	mail_body_free(&b);
	free(raw);
}

static void test_fallbacks(void **state)
{
	(void)state;
	struct mail_body b;
	/* 8-bit text without a charset, and with one iconv does not know: Windows-1252. */
	const char *no_cs = "From: a@b.c\r\nSubject: +37061234567\r\n\r\nCaf\xe9 \x80" "5\r\n";
	assert_int_equal(mail_body_parse(no_cs, strlen(no_cs), &b), 0);
	assert_string_equal(b.text, "Café €5\r\n");
	mail_body_free(&b);
	const char *bad_cs = "From: a@b.c\r\nSubject: x\r\nContent-Type: text/plain; charset=x-nonsense\r\n"
			     "\r\nna\xefve\r\n";
	assert_int_equal(mail_body_parse(bad_cs, strlen(bad_cs), &b), 0);
	assert_string_equal(b.text, "naïve\r\n");
	mail_body_free(&b);
	/* Headers only; a group address before the mailbox; no Message-ID. */
	const char *bare = "From: undisclosed:;, Real <real@x.org>\r\nSubject: =?ISO-8859-1?Q?+370_612=2D34567?=\r\n";
	assert_int_equal(mail_body_parse(bare, strlen(bare), &b), 0);
	assert_string_equal(b.from, "real@x.org");
	assert_string_equal(b.subject, "+370 612-34567");
	assert_string_equal(b.message_id, "");
	assert_string_equal(b.text, "");
	mail_body_free(&b);
	/* Only an image: nothing to read, one part skipped. */
	const char *img = "From: a@b.c\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n";
	assert_int_equal(mail_body_parse(img, strlen(img), &b), 0);
	assert_string_equal(b.text, "");
	assert_int_equal(b.skipped, 1);
	mail_body_free(&b);
	/* Garbage still yields valid (possibly empty) strings. */
	const char junk[] = "\x00\xff\xfe not an email at all";
	if (mail_body_parse(junk, sizeof junk - 1, &b) == 0) {
		assert_non_null(b.text);
		mail_body_free(&b);
	}
	mail_body_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus),
		cmocka_unit_test(test_flowed_long_body),
		cmocka_unit_test(test_fallbacks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
