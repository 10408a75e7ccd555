/*
 * Reassembly: complete sets in any order, duplicates and conflicts,
 * interleaved senders, the timeout policy, pairs split across parts, and a
 * full path segment -> user data -> parts (as if reloaded from the store)
 * -> joined text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "sms_err.h"
#include "sms_reasm.h"
#include "sms_segment.h"
#include "sms_test_util.h"
#include "sms_text.h"
#include "sms_ud.h"

static struct sms_part gsm(uint16_t ref, uint8_t total, uint8_t seq, const char *septets,
			   int64_t at)
{
	struct sms_part p = {.ref = ref, .total = total, .seq = seq, .charset = SMS_CS_GSM7,
			     .units = (const uint8_t *)septets, .len = strlen(septets),
			     .received_at = at};
	return p;
}

static void expect_join(const struct sms_part *parts, const struct sms_reasm_result *r,
			const struct sms_reasm_policy *pol, const char *want)
{
	uint8_t scratch[2048];
	char out[2048];
	size_t n;
	assert_int_equal(sms_reasm_join(parts, r, pol, scratch, sizeof scratch, out, sizeof out, &n),
			 SMS_OK);
	if (n != strlen(want) || memcmp(out, want, n) != 0)
		fail_msg("joined \"%.*s\" want \"%s\"", (int)n, out, want);
}

static void test_out_of_order_and_duplicates(void **state)
{
	(void)state;
	struct sms_part p[] = {
		gsm(7, 3, 3, "three", 12), gsm(7, 3, 1, "one ", 10), gsm(7, 3, 1, "one ", 15),
		gsm(7, 3, 2, "two ", 11),
	};
	struct sms_reasm_result r;
	assert_int_equal(sms_reasm_check(p, 4, 20, NULL, &r), SMS_OK);
	assert_int_equal(r.action, SMS_REASM_DELIVER);
	assert_int_equal(r.have, 3);
	assert_int_equal(r.duplicates, 1);
	assert_int_equal(r.conflicts, 0);
	assert_int_equal(r.n_missing, 0);
	assert_int_equal(r.first_at, 10);
	expect_join(p, &r, NULL, "one two three");
	/* a conflicting copy: the earliest wins whatever the order */
	struct sms_part c[] = {gsm(7, 2, 2, "late", 30), gsm(7, 2, 1, "a", 1), gsm(7, 2, 2, "early", 5)};
	assert_int_equal(sms_reasm_check(c, 3, 40, NULL, &r), SMS_OK);
	assert_int_equal(r.conflicts, 1);
	expect_join(c, &r, NULL, "aearly");
	/* a single unconcatenated message is its own complete set */
	struct sms_part one = gsm(0, 1, 1, "hi", 0);
	assert_int_equal(sms_reasm_check(&one, 1, 0, NULL, &r), SMS_OK);
	assert_int_equal(r.action, SMS_REASM_DELIVER);
	assert_int_equal(sms_reasm_check(&one, 0, 0, NULL, &r), SMS_EINVAL);
}

static void test_timeout_policy(void **state)
{
	(void)state;
	struct sms_part p[] = {gsm(9, 3, 1, "start ", 100), gsm(9, 3, 3, " end", 160)};
	struct sms_reasm_result r;
	assert_int_equal(sms_reasm_check(p, 2, 200, NULL, &r), SMS_OK);
	assert_int_equal(r.action, SMS_REASM_WAIT);
	assert_int_equal(r.n_missing, 1);
	assert_int_equal(r.missing[0], 2);
	assert_int_equal(r.deadline, 100 + SMS_REASM_DEFAULT_TIMEOUT);
	assert_int_equal(sms_reasm_check(p, 2, 100 + SMS_REASM_DEFAULT_TIMEOUT, NULL, &r), SMS_OK);
	assert_int_equal(r.action, SMS_REASM_DISCARD);
	struct sms_reasm_policy pol = {.timeout = 60, .deliver_partial = true};
	assert_int_equal(sms_reasm_check(p, 2, 159, &pol, &r), SMS_OK);
	assert_int_equal(r.action, SMS_REASM_WAIT);
	assert_int_equal(sms_reasm_check(p, 2, 160, &pol, &r), SMS_OK);
	assert_int_equal(r.action, SMS_REASM_DELIVER_PARTIAL);
	expect_join(p, &r, &pol, "start [...] end");
	pol.gap_marker = "<?>";
	expect_join(p, &r, &pol, "start <?> end");
}

static void test_interleaved_senders(void **state)
{
	(void)state;
	/* two senders use reference 5 at the same time; a third part of sender A has total 3 */
	struct {
		const char *sender;
		struct sms_part part;
	} in[] = {
		{"37061111111", gsm(5, 2, 2, "A2", 3)}, {"37062222222", gsm(5, 2, 1, "B1", 1)},
		{"37061111111", gsm(5, 2, 1, "A1", 2)}, {"37062222222", gsm(5, 2, 2, "B2", 4)},
		{"37061111111", gsm(5, 3, 1, "X1", 5)},
	};
	const char *keys[] = {"37061111111|5|2", "37062222222|5|2", "37061111111|5|3"};
	const char *want[] = {"A1A2", "B1B2", NULL};
	for (int k = 0; k < 3; k++) {
		struct sms_part group[5];
		size_t n = 0;
		for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
			char key[64];
			assert_int_equal(sms_reasm_key(in[i].sender, in[i].part.ref, in[i].part.total, key,
						       sizeof key),
					 SMS_OK);
			if (strcmp(key, keys[k]) == 0)
				group[n++] = in[i].part;
		}
		struct sms_reasm_result r;
		assert_int_equal(sms_reasm_check(group, n, 10, NULL, &r), SMS_OK);
		if (want[k]) {
			assert_int_equal(r.action, SMS_REASM_DELIVER);
			expect_join(group, &r, NULL, want[k]);
		} else {
			assert_int_equal(r.action, SMS_REASM_WAIT);
		}
	}
	char key[8];
	assert_int_equal(sms_reasm_key("37061111111", 5, 2, key, sizeof key), SMS_ENOSPACE);
	/* a part of another set handed in by mistake is ignored, not joined */
	struct sms_part mixed[] = {gsm(5, 2, 1, "A1", 1), gsm(6, 2, 2, "Z", 1), gsm(5, 2, 2, "A2", 1),
				   gsm(5, 2, 3, "bad", 1)};
	struct sms_reasm_result r;
	assert_int_equal(sms_reasm_check(mixed, 4, 1, NULL, &r), SMS_OK);
	assert_int_equal(r.foreign, 2);
	expect_join(mixed, &r, NULL, "A1A2");
}

static void test_pairs_split_across_parts(void **state)
{
	(void)state;
	/* a careless sender cut between ESC and '(' : the join still reads '{' */
	struct sms_part p[] = {gsm(1, 2, 1, "a\x1b", 0), gsm(1, 2, 2, "(b", 0)};
	struct sms_reasm_result r;
	assert_int_equal(sms_reasm_check(p, 2, 0, NULL, &r), SMS_OK);
	expect_join(p, &r, NULL, "a{b");
	/* and between the halves of a surrogate pair (U+1F600 = D83D DE00) */
	static const uint8_t u1[] = {0x00, 0x61, 0xD8, 0x3D}, u2[] = {0xDE, 0x00, 0x00, 0x62};
	struct sms_part q[] = {
		{.ref = 2, .total = 2, .seq = 1, .charset = SMS_CS_UCS2, .units = u1, .len = 4},
		{.ref = 2, .total = 2, .seq = 2, .charset = SMS_CS_UCS2, .units = u2, .len = 4},
	};
	assert_int_equal(sms_reasm_check(q, 2, 0, NULL, &r), SMS_OK);
	expect_join(q, &r, NULL, "a\xF0\x9F\x98\x80" "b");
	/* mixed codings in one set are decoded part by part */
	struct sms_part m[] = {gsm(3, 2, 1, "Hi ", 0), q[0]};
	m[1].ref = 3;
	m[1].seq = 2;
	m[1].units = (const uint8_t *)"\x04\x36"; /* U+0436 */
	m[1].len = 2;
	assert_int_equal(sms_reasm_check(m, 2, 0, NULL, &r), SMS_OK);
	expect_join(m, &r, NULL, "Hi ж");
	/* 8-bit data has no text */
	m[1].charset = SMS_CS_8BIT;
	uint8_t scratch[16];
	char out[16];
	size_t n;
	assert_int_equal(sms_reasm_check(m, 2, 0, NULL, &r), SMS_OK);
	assert_int_equal(sms_reasm_join(m, &r, NULL, scratch, sizeof scratch, out, sizeof out, &n),
			 SMS_EUNSUPPORTED);
	assert_int_equal(sms_reasm_join(p, &r, NULL, scratch, 1, out, sizeof out, &n), SMS_ENOSPACE);
}

/* Segment a text, decode each part's user data, shuffle, copy (as a store would), join. */
static void test_full_path(void **state)
{
	(void)state;
	const char *texts[] = {
		"Šiandien {labai} šilta: 25€ už bilietą, atvykite 18:00! Susitikimas prie fontano, "
		"nepamirškite bilietų ir gerų nuotaikų. Iki pasimatymo, jūsų komanda 😀. "
		"Daugiau informacijos svetainėje.",
		"The quick brown fox jumps over the lazy dog [{~}] | 100€ ^_^ \\o/ "
		"The quick brown fox jumps over the lazy dog [{~}] | 100€ ^_^ \\o/ "
		"The quick brown fox jumps over the lazy dog [{~}] | 100€ ^_^ \\o/ ",
	};
	uint64_t seed = 99;
	for (size_t ti = 0; ti < 2; ti++) {
		uint8_t buf[1024];
		struct sms_text t;
		assert_int_equal(sms_text_encode(texts[ti], strlen(texts[ti]), NULL, buf, sizeof buf, &t, NULL),
				 SMS_OK);
		struct sms_segment_opts so = {.ref = 200};
		struct sms_plan plan;
		assert_int_equal(sms_segment_plan(&t, &so, &plan), SMS_OK);
		assert_true(plan.count >= 2);
		static uint8_t store[8][SMS_UD_MAX * 2];
		struct sms_part parts[8];
		for (unsigned i = 0; i < plan.count; i++) {
			uint8_t ud[SMS_UD_MAX], units[200];
			struct sms_ud u;
			assert_int_equal(sms_segment_ud(&t, &plan, i, true, ud, sizeof ud, &u), SMS_OK);
			struct sms_ud_in in = {.ud = ud, .ud_len = u.len, .udl = u.udl, .udhi = u.udhi,
					       .packed = true, .charset = t.charset};
			struct udh h;
			struct sms_text pt;
			assert_int_equal(sms_ud_decode(&in, &h, units, sizeof units, &pt), SMS_OK);
			memcpy(store[i], pt.units, pt.len); /* what the store keeps */
			parts[i] = (struct sms_part){.ref = h.f.ref, .total = h.f.total, .seq = h.f.seq,
						     .charset = pt.charset, .nls = pt.nls,
						     .units = store[i], .len = pt.len,
						     .received_at = (int64_t)i};
		}
		for (unsigned i = plan.count - 1; i > 0; i--) {
			unsigned j = (unsigned)(tu_rand(&seed) % (i + 1));
			struct sms_part tmp = parts[i];
			parts[i] = parts[j];
			parts[j] = tmp;
		}
		struct sms_reasm_result r;
		assert_int_equal(sms_reasm_check(parts, plan.count, 5, NULL, &r), SMS_OK);
		assert_int_equal(r.action, SMS_REASM_DELIVER);
		assert_int_equal(r.ref, 200);
		expect_join(parts, &r, NULL, texts[ti]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_out_of_order_and_duplicates),
		cmocka_unit_test(test_timeout_policy),
		cmocka_unit_test(test_interleaved_senders),
		cmocka_unit_test(test_pairs_split_across_parts),
		cmocka_unit_test(test_full_path),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
