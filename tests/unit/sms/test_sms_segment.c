/*
 * Segmentation: counts at the 160/153, 70/67 and 140/134 boundaries, escape
 * and surrogate pairs at a boundary, UDH8/UDH16/SAR/payload, the truncation
 * policy, byte-exact concatenated PDUs from a public reference, and a
 * round-trip property over random texts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "gsm7_pack.h"
#include "sms_err.h"
#include "sms_segment.h"
#include "sms_test_util.h"
#include "sms_text.h"
#include "ucs2.h"
#include "udh.h"
#include "utf8.h"

static uint8_t g_buf[8192];
static char g_str[4096];

static struct sms_text text_of(const char *s)
{
	struct sms_text t;
	assert_int_equal(sms_text_encode(s, strlen(s), NULL, g_buf, sizeof g_buf, &t, NULL), SMS_OK);
	return t;
}

static const char *repeat(const char *unit, size_t n)
{
	size_t ul = strlen(unit), o = 0;
	assert_true(ul * n < sizeof g_str);
	for (size_t i = 0; i < n; i++, o += ul)
		memcpy(g_str + o, unit, ul);
	g_str[o] = '\0';
	return g_str;
}

static unsigned count_of(const char *s)
{
	struct sms_text t = text_of(s);
	return sms_segment_count(&t, NULL);
}

static void test_gsm7_counts(void **state)
{
	(void)state;
	assert_int_equal(count_of(""), 1);
	assert_int_equal(count_of(repeat("a", 160)), 1);
	assert_int_equal(count_of(repeat("a", 161)), 2);
	assert_int_equal(count_of(repeat("a", 306)), 2);
	assert_int_equal(count_of(repeat("a", 307)), 3);
	assert_int_equal(count_of(repeat("a", 153 * 5)), 5);
	assert_int_equal(count_of(repeat("a", 153 * 5 + 1)), 6);
	/* escapes count twice: 80 euro signs = 160 septets */
	assert_int_equal(count_of(repeat("€", 80)), 1);
	assert_int_equal(count_of(repeat("€", 81)), 2);
}

static void test_ucs2_and_8bit_counts(void **state)
{
	(void)state;
	assert_int_equal(count_of(repeat("ж", 70)), 1);
	assert_int_equal(count_of(repeat("ж", 71)), 2);
	assert_int_equal(count_of(repeat("ж", 134)), 2);
	assert_int_equal(count_of(repeat("ж", 135)), 3);
	/* astral characters are two units: 35 emoji fill one segment */
	assert_int_equal(count_of(repeat("\xF0\x9F\x98\x80", 35)), 1);
	assert_int_equal(count_of(repeat("\xF0\x9F\x98\x80", 36)), 2);
	uint8_t bin[400];
	memset(bin, 0xA5, sizeof bin);
	struct sms_text t;
	sms_text_binary(bin, 140, &t);
	assert_int_equal(sms_segment_count(&t, NULL), 1);
	sms_text_binary(bin, 141, &t);
	assert_int_equal(sms_segment_count(&t, NULL), 2);
	sms_text_binary(bin, 268, &t);
	assert_int_equal(sms_segment_count(&t, NULL), 2);
	sms_text_binary(bin, 269, &t);
	assert_int_equal(sms_segment_count(&t, NULL), 3);
}

static void test_escape_never_splits(void **state)
{
	(void)state;
	/* 152 'a' then '€': the escape would be septet 153, so segment 1 stops at 152 */
	char s[400];
	strcpy(s, repeat("a", 152));
	strcat(s, "€bbbbbbbbbbbbbbbbbbbb");
	struct sms_text t = text_of(s);
	assert_int_equal(t.len, 152 + 2 + 20);
	struct sms_plan p;
	assert_int_equal(sms_segment_plan(&t, NULL, &p), SMS_OK);
	assert_int_equal(p.count, 2);
	assert_int_equal(p.start[1], 152);
	assert_int_equal(t.units[p.start[1]], 0x1B);
	/* 151 'a' then '€': the pair fits exactly */
	strcpy(s, repeat("a", 151));
	strcat(s, "€bbbbbbbbbbbbbbbbbbbb");
	t = text_of(s);
	assert_int_equal(sms_segment_plan(&t, NULL, &p), SMS_OK);
	assert_int_equal(p.start[1], 153);
}

static void test_surrogate_never_splits(void **state)
{
	(void)state;
	/* 66 BMP characters then an emoji: units 67-68 would straddle the cut */
	char s[400];
	size_t o = 0;
	for (int i = 0; i < 66; i++) {
		memcpy(s + o, "ж", 2);
		o += 2;
	}
	memcpy(s + o, "\xF0\x9F\x98\x80" "zz", 6);
	s[o + 6] = '\0';
	struct sms_text t = text_of(s);
	assert_int_equal(t.charset, SMS_CS_UCS2);
	assert_int_equal(t.len, 2 * 70);
	struct sms_plan p;
	/* 70 units fit one segment */
	assert_int_equal(sms_segment_plan(&t, NULL, &p), SMS_OK);
	assert_int_equal(p.count, 1);
	/* one more pushes to two: segment 1 ends before the high surrogate */
	strcat(s, "z");
	t = text_of(s);
	assert_int_equal(sms_segment_plan(&t, NULL, &p), SMS_OK);
	assert_int_equal(p.count, 2);
	assert_int_equal(p.start[1], 2 * 66);
	assert_true(ucs2_is_high_surrogate(&t.units[p.start[1]]));
}

static void test_udh16_and_ports_capacity(void **state)
{
	(void)state;
	struct sms_text t = text_of(repeat("a", 304));
	struct sms_segment_opts o = {.split = SMS_SPLIT_UDH16, .ref = 0x1234};
	struct sms_plan p;
	assert_int_equal(sms_segment_plan(&t, &o, &p), SMS_OK);
	assert_int_equal(p.capacity, 152);
	assert_int_equal(p.count, 2);
	assert_int_equal(p.udh_octets, 7);
	uint8_t ud[SMS_UD_MAX];
	struct sms_ud u;
	assert_int_equal(sms_segment_ud(&t, &p, 1, true, ud, sizeof ud, &u), SMS_OK);
	uint8_t hdr[7];
	tu_hex("06 08 04 12 34 02 02", hdr, sizeof hdr);
	assert_memory_equal(ud, hdr, 7);
	assert_int_equal(u.udl, 8 + 152);
	assert_int_equal(u.len, 140);
	/* 16-bit ports + 8-bit concat: UDH 1 + 5 + 6 = 12 octets, (1120 - 96) / 7 = 146 septets */
	o = (struct sms_segment_opts){.ports = 16, .dst_port = 2948, .src_port = 9200};
	assert_int_equal(sms_segment_plan(&t, &o, &p), SMS_OK);
	assert_int_equal(p.capacity, 146);
	assert_int_equal(p.udh_octets, 12);
	o.ports = 7;
	assert_int_equal(sms_segment_plan(&t, &o, &p), SMS_EINVAL);
	o = (struct sms_segment_opts){.max_segments = 256};
	assert_int_equal(sms_segment_plan(&t, &o, &p), SMS_EINVAL);
}

static void test_truncation_policy(void **state)
{
	(void)state;
	struct sms_text t = text_of(repeat("x", 1000)); /* 7 segments of 153 */
	struct sms_plan p;
	assert_int_equal(sms_segment_plan(&t, NULL, &p), SMS_OK);
	assert_int_equal(p.needed, 7);
	assert_int_equal(p.count, SMS_DEFAULT_MAX_SEGMENTS);
	assert_true(p.truncated);
	assert_int_equal(p.sent_units, 5 * 153);
	assert_int_equal(p.udh.total, 5);
	struct sms_segment_opts o = {.overflow = SMS_OVERFLOW_REFUSE};
	assert_int_equal(sms_segment_plan(&t, &o, &p), SMS_ETOOMANY);
	assert_int_equal(p.needed, 7);
	o.max_segments = 7;
	assert_int_equal(sms_segment_plan(&t, &o, &p), SMS_OK);
	assert_false(p.truncated);
	assert_int_equal(p.count, 7);
	/* a limit of one keeps a plain 160-septet message */
	o = (struct sms_segment_opts){.max_segments = 1};
	assert_int_equal(sms_segment_plan(&t, &o, &p), SMS_OK);
	assert_int_equal(p.count, 1);
	assert_true(p.truncated);
	assert_int_equal(p.sent_units, 160);
	assert_int_equal(p.udh_octets, 0);
	/* truncation never leaves half an escape pair */
	char s[400];
	memcpy(s, repeat("a", 159), 159);
	strcpy(s + 159, "€€");
	t = text_of(s);
	assert_int_equal(sms_segment_plan(&t, &o, &p), SMS_OK);
	assert_int_equal(p.sent_units, 159);
}

static void test_sar_and_payload(void **state)
{
	(void)state;
	struct sms_text t = text_of(repeat("y", 400));
	struct sms_segment_opts o = {.split = SMS_SPLIT_SAR, .ref = 777};
	struct sms_plan p;
	assert_int_equal(sms_segment_plan(&t, &o, &p), SMS_OK);
	assert_int_equal(p.count, 3);
	assert_int_equal(p.capacity, 153);
	assert_int_equal(p.udh_octets, 0);
	uint8_t ud[400];
	struct sms_ud u;
	assert_int_equal(sms_segment_ud(&t, &p, 2, false, ud, sizeof ud, &u), SMS_OK);
	assert_false(u.udhi);
	assert_int_equal(u.seq, 3);
	assert_int_equal(u.total, 3);
	assert_int_equal(u.ref, 777);
	assert_int_equal(u.len, 400 - 306);
	assert_int_equal(ud[0], 'y');
	o.split = SMS_SPLIT_PAYLOAD;
	assert_int_equal(sms_segment_plan(&t, &o, &p), SMS_OK);
	assert_int_equal(p.count, 1);
	assert_int_equal(p.needed, 3);
	assert_int_equal(sms_segment_ud(&t, &p, 0, false, ud, sizeof ud, &u), SMS_OK);
	assert_int_equal(u.len, 400);
	assert_int_equal(sms_segment_ud(&t, &p, 1, false, ud, sizeof ud, &u), SMS_EINVAL);
	assert_int_equal(sms_segment_ud(&t, &p, 0, false, ud, 100, &u), SMS_ENOSPACE);
}

/* python-gsmmodem's 3-part concatenated SUBMIT: our TP-UD must match byte for byte. */
static void test_concatenated_reference_vector(void **state)
{
	(void)state;
	FILE *lf = tu_open("lorem.txt");
	assert_non_null(lf);
	size_t ll = fread(g_str, 1, sizeof g_str - 1, lf);
	fclose(lf);
	g_str[ll] = '\0';
	struct sms_text t;
	assert_int_equal(sms_text_encode(g_str, ll, NULL, g_buf, sizeof g_buf, &t, NULL), SMS_OK);
	struct sms_plan p;
	assert_int_equal(sms_segment_plan(&t, NULL, &p), SMS_OK);
	assert_int_equal(p.count, 3);

	FILE *f = tu_open("submit_vectors.txt");
	assert_non_null(f);
	struct tu_rec r;
	int line = 0, checked = 0;
	while (tu_rec_next(f, &r, &line)) {
		const char *udh = tu_get(&r, "udh"), *at = tu_get(&r, "ud_at");
		if (!udh || !at)
			continue;
		unsigned ref, total, seq;
		assert_int_equal(sscanf(udh, "%u/%u/%u", &ref, &total, &seq), 3);
		assert_int_equal(total, p.count);
		uint8_t pdu[200], ud[SMS_UD_MAX];
		size_t n = tu_hex(tu_get(&r, "pdu"), pdu, sizeof pdu), off = (size_t)atoi(at);
		struct sms_ud u;
		assert_int_equal(sms_segment_ud(&t, &p, seq - 1, true, ud, sizeof ud, &u), SMS_OK);
		assert_int_equal(u.udl, pdu[off - 1]);
		assert_int_equal(u.len, n - off);
		assert_memory_equal(ud, pdu + off, u.len);
		checked++;
	}
	fclose(f);
	assert_int_equal(checked, 3);
}

/* Joins the text of all segments back through the public decoders. */
static size_t decode_segments(const struct sms_text *t, const struct sms_plan *p, bool packed,
			      uint8_t *units)
{
	size_t n = 0;
	for (unsigned i = 0; i < p->count; i++) {
		uint8_t ud[SMS_UD_MAX * 2];
		struct sms_ud u;
		assert_int_equal(sms_segment_ud(t, p, i, packed, ud, sizeof ud, &u), SMS_OK);
		size_t h = 0;
		struct udh udh;
		if (u.udhi) {
			assert_int_equal(udh_parse(ud, u.len, &udh, &h), SMS_OK);
			if (p->count > 1) {
				assert_int_equal(udh.f.seq, i + 1);
				assert_int_equal(udh.f.total, p->count);
			}
		}
		if (t->charset == SMS_CS_GSM7 && packed) {
			size_t hs = (h * 8 + 6) / 7, fill = hs * 7 - h * 8;
			size_t ns = u.udl - hs;
			assert_true(ns <= p->capacity);
			assert_int_equal(gsm7_unpack(ud + h, u.len - h, (unsigned)fill, ns, units + n, 4096),
					 SMS_OK);
			n += ns;
		} else {
			assert_true(u.len - h <= p->capacity);
			memcpy(units + n, ud + h, u.len - h);
			n += u.len - h;
		}
	}
	return n;
}

static void test_roundtrip_random(void **state)
{
	(void)state;
	/* a pool with every GSM character class, national letters, Cyrillic, CJK and astral planes */
	static const uint32_t pool[] = {
		'a', 'Z', '0', ' ', '@', '\n', '\r', 0xA3, 0xE9, 0x394, 0xDF, 0xC9, '{', '}', '[', ']',
		'~', '\\', '|', '^', 0x20AC, 0x0C, 0x15F, 0x131, 0x11F, 0x130, 0xE7, 0xE1, 0xF3, 0xE3,
		0x436, 0x44F, 0x4E16, 0x754C, 0x1F600, 0x1F44D, 0x10348, 0x2070E, 0xFFFD, 0x7F,
	};
	const size_t npool = sizeof pool / sizeof pool[0];
	uint64_t seed = 0xC0DEC0DEULL;
	static uint8_t text[4096], units[8192];
	static char back[8192];
	for (int iter = 0; iter < 600; iter++) {
		/* mostly from one class so all encodings get exercised */
		size_t lim = (iter % 3 == 0) ? 22 : (iter % 3 == 1) ? 32 : npool;
		size_t k = tu_rand(&seed) % 500, len = 0;
		for (size_t i = 0; i < k; i++)
			assert_int_equal(utf8_encode(pool[tu_rand(&seed) % lim], text, sizeof text, &len), SMS_OK);
		struct sms_text_opts to = {.nls_langs = (iter & 4) ? 0x0E : 0, .nls_locking = (iter & 8) != 0};
		struct sms_text t;
		assert_int_equal(sms_text_encode((char *)text, len, &to, g_buf, sizeof g_buf, &t, NULL), SMS_OK);
		struct sms_segment_opts so = {.split = (enum sms_split)(iter % 3), .max_segments = 255,
					      .ref = (uint16_t)iter};
		struct sms_plan p;
		assert_int_equal(sms_segment_plan(&t, &so, &p), SMS_OK);
		assert_false(p.truncated);
		bool packed = (iter & 1) != 0;
		struct sms_text joined = t;
		joined.units = units;
		joined.len = decode_segments(&t, &p, packed, units);
		assert_int_equal(joined.len, t.len);
		size_t bl;
		assert_int_equal(sms_text_to_utf8(&joined, back, sizeof back, &bl), SMS_OK);
		assert_int_equal(bl, len);
		assert_memory_equal(back, text, len);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gsm7_counts),
		cmocka_unit_test(test_ucs2_and_8bit_counts),
		cmocka_unit_test(test_escape_never_splits),
		cmocka_unit_test(test_surrogate_never_splits),
		cmocka_unit_test(test_udh16_and_ports_capacity),
		cmocka_unit_test(test_truncation_policy),
		cmocka_unit_test(test_sar_and_payload),
		cmocka_unit_test(test_concatenated_reference_vector),
		cmocka_unit_test(test_roundtrip_random),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
