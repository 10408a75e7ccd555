/*
 * Text encodings and the encoding choice: UTF-8 strictness, UTF-16BE with
 * surrogate pairs, Latin-1, DCS / SMPP data_coding, transliteration and
 * national language tables.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "dcs.h"
#include "gsm7.h"
#include "latin1.h"
#include "sms_err.h"
#include "sms_segment.h"
#include "sms_test_util.h"
#include "sms_text.h"
#include "translit.h"
#include "ucs2.h"
#include "utf8.h"

static void test_utf8_strict(void **state)
{
	(void)state;
	const struct {
		const char *s;
		size_t len;
		int ok;
		size_t bad_at;
	} cases[] = {
		{"plain", 5, 1, 0},
		{"\xC3\xA9", 2, 1, 0},
		{"\xF0\x9F\x98\x80", 4, 1, 0},
		{"\xF4\x8F\xBF\xBF", 4, 1, 0},
		{"a\x80", 2, 0, 1},          /* lone continuation */
		{"\xC0\x80", 2, 0, 0},       /* overlong NUL */
		{"\xE0\x80\xAF", 3, 0, 0},   /* overlong */
		{"\xED\xB0\x80", 3, 0, 0},   /* low surrogate */
		{"\xF4\x90\x80\x80", 4, 0, 0}, /* above U+10FFFF */
		{"ab\xE2\x82", 4, 0, 2},     /* truncated */
		{"\xFF", 1, 0, 0},
		{"\xE2\x28\xA1", 3, 0, 0},   /* bad continuation */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t at = 99;
		int rc = utf8_validate(cases[i].s, cases[i].len, &at);
		if (cases[i].ok) {
			assert_int_equal(rc, SMS_OK);
		} else {
			assert_int_equal(rc, SMS_EUTF8);
			assert_int_equal(at, cases[i].bad_at);
		}
	}
	uint8_t out[4];
	size_t pos = 0;
	assert_int_equal(utf8_encode(0xD800, out, sizeof out, &pos), SMS_EINVAL);
	assert_int_equal(utf8_encode(0x110000, out, sizeof out, &pos), SMS_EINVAL);
	pos = 2;
	assert_int_equal(utf8_encode(0x20AC, out, sizeof out, &pos), SMS_ENOSPACE);
	assert_int_equal(pos, 2);
}

/* Vectors: python-gsmmodem TestUcs2, and U+1F600 = D83D DE00 (Unicode standard, UTF-16 form). */
static void test_ucs2_vectors(void **state)
{
	(void)state;
	const struct {
		const char *text;
		const char *hex;
	} v[] = {
		{"あ叶葉", "304253F68449"},
		{"はい", "306F3044"},
		{"\xF0\x9F\x98\x80", "D83DDE00"},
		{"a\xF0\x9F\x91\x8D" "b", "0061D83DDC4D0062"},
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		uint8_t want[32], got[32];
		char back[32];
		size_t wl = tu_hex(v[i].hex, want, sizeof want), gl, bl;
		assert_int_equal(ucs2_from_utf8(v[i].text, strlen(v[i].text), got, sizeof got, &gl, NULL),
				 SMS_OK);
		assert_int_equal(gl, wl);
		assert_memory_equal(got, want, wl);
		assert_int_equal(ucs2_to_utf8(want, wl, back, sizeof back, &bl), SMS_OK);
		assert_int_equal(bl, strlen(v[i].text));
		assert_memory_equal(back, v[i].text, bl);
	}
}

static void test_ucs2_malformed(void **state)
{
	(void)state;
	char out[32];
	size_t n;
	const uint8_t odd[] = {0x00, 0x41, 0x00};
	assert_int_equal(ucs2_to_utf8(odd, 3, out, sizeof out, &n), SMS_EBADLEN);
	/* lone high surrogate at the end, lone low surrogate, high + non-low: U+FFFD each */
	const uint8_t lone[] = {0x00, 0x41, 0xDC, 0x00, 0xD8, 0x3D, 0x00, 0x42, 0xD8, 0x3D};
	assert_int_equal(ucs2_to_utf8(lone, sizeof lone, out, sizeof out, &n), SMS_OK);
	const char want[] = "A\xEF\xBF\xBD\xEF\xBF\xBD" "B\xEF\xBF\xBD";
	assert_int_equal(n, sizeof want - 1);
	assert_memory_equal(out, want, n);
	assert_int_equal(ucs2_to_utf8(lone, sizeof lone, out, 3, &n), SMS_ENOSPACE);
	uint8_t u[8];
	size_t at;
	assert_int_equal(ucs2_from_utf8("ab\xC3", 3, u, sizeof u, &n, &at), SMS_EUTF8);
	assert_int_equal(at, 2);
	assert_int_equal(ucs2_from_utf8("\xF0\x9F\x98\x80", 4, u, 3, &n, NULL), SMS_ENOSPACE);
}

static void test_latin1(void **state)
{
	(void)state;
	uint8_t out[16];
	char back[32];
	size_t n, bl, at;
	assert_int_equal(latin1_from_utf8("caf\xC3\xA9 \xC2\xA3", 8, out, sizeof out, &n, NULL), SMS_OK);
	assert_int_equal(n, 6);
	assert_int_equal(out[3], 0xE9);
	assert_int_equal(out[5], 0xA3);
	assert_int_equal(latin1_to_utf8(out, n, back, sizeof back, &bl), SMS_OK);
	assert_int_equal(bl, 8);
	assert_memory_equal(back, "caf\xC3\xA9 \xC2\xA3", 8);
	assert_int_equal(latin1_from_utf8("a\xE2\x82\xAC", 4, out, sizeof out, &n, &at), SMS_ECHARSET);
	assert_int_equal(at, 1);
}

/* 3GPP TS 23.038 section 4 coding groups, value by value. */
static void test_dcs_decode(void **state)
{
	(void)state;
	struct dcs_info d;
	dcs_decode(0x00, &d);
	assert_int_equal(d.charset, SMS_CS_GSM7);
	assert_int_equal(d.msg_class, -1);
	dcs_decode(0x08, &d);
	assert_int_equal(d.charset, SMS_CS_UCS2);
	dcs_decode(0x04, &d);
	assert_int_equal(d.charset, SMS_CS_8BIT);
	dcs_decode(0x10, &d); /* flash */
	assert_int_equal(d.charset, SMS_CS_GSM7);
	assert_int_equal(d.msg_class, 0);
	dcs_decode(0x18, &d);
	assert_int_equal(d.charset, SMS_CS_UCS2);
	assert_int_equal(d.msg_class, 0);
	dcs_decode(0x0C, &d); /* reserved alphabet: default alphabet */
	assert_int_equal(d.charset, SMS_CS_GSM7);
	assert_true(d.reserved);
	dcs_decode(0x20, &d);
	assert_true(d.compressed);
	dcs_decode(0x40, &d);
	assert_true(d.auto_delete);
	assert_int_equal(d.charset, SMS_CS_GSM7);
	dcs_decode(0x80, &d);
	assert_true(d.reserved);
	dcs_decode(0xC8, &d); /* MWI discard, voicemail active */
	assert_int_equal(d.mwi, DCS_MWI_DISCARD);
	assert_true(d.mwi_active);
	assert_int_equal(d.mwi_type, DCS_MWI_VOICEMAIL);
	dcs_decode(0xD2, &d); /* MWI store, email, inactive */
	assert_int_equal(d.mwi, DCS_MWI_STORE);
	assert_false(d.mwi_active);
	assert_int_equal(d.mwi_type, DCS_MWI_EMAIL);
	assert_int_equal(d.charset, SMS_CS_GSM7);
	dcs_decode(0xE9, &d); /* MWI store UCS2, fax active */
	assert_int_equal(d.charset, SMS_CS_UCS2);
	assert_int_equal(d.mwi_type, DCS_MWI_FAX);
	dcs_decode(0xF0, &d); /* class 0, GSM7 */
	assert_int_equal(d.msg_class, 0);
	assert_int_equal(d.charset, SMS_CS_GSM7);
	dcs_decode(0xF6, &d); /* class 2 8-bit (SIM data download) */
	assert_int_equal(d.msg_class, 2);
	assert_int_equal(d.charset, SMS_CS_8BIT);
	/* every value decodes to something defined */
	for (unsigned v = 0; v < 256; v++) {
		dcs_decode((uint8_t)v, &d);
		assert_true(d.charset == SMS_CS_GSM7 || d.charset == SMS_CS_8BIT || d.charset == SMS_CS_UCS2);
		assert_true(d.msg_class >= -1 && d.msg_class <= 3);
	}
}

static void test_dcs_encode_and_smpp(void **state)
{
	(void)state;
	uint8_t v;
	struct dcs_info d;
	assert_int_equal(dcs_encode(SMS_CS_GSM7, -1, &v), SMS_OK);
	assert_int_equal(v, 0x00);
	assert_int_equal(dcs_encode(SMS_CS_UCS2, -1, &v), SMS_OK);
	assert_int_equal(v, 0x08);
	assert_int_equal(dcs_encode(SMS_CS_GSM7, 0, &v), SMS_OK);
	assert_int_equal(v, 0x10);
	assert_int_equal(dcs_encode(SMS_CS_UCS2, 0, &v), SMS_OK);
	assert_int_equal(v, 0x18);
	assert_int_equal(dcs_encode(SMS_CS_8BIT, 1, &v), SMS_OK);
	assert_int_equal(v, 0x15);
	assert_int_equal(dcs_encode(SMS_CS_LATIN1, -1, &v), SMS_EINVAL);
	assert_int_equal(dcs_encode(SMS_CS_GSM7, 4, &v), SMS_EINVAL);

	/* SMPP 3.4 5.2.19 */
	dcs_from_smpp(0, &d);
	assert_int_equal(d.charset, SMS_CS_GSM7);
	dcs_from_smpp(1, &d);
	assert_int_equal(d.charset, SMS_CS_ASCII);
	dcs_from_smpp(3, &d);
	assert_int_equal(d.charset, SMS_CS_LATIN1);
	dcs_from_smpp(4, &d);
	assert_int_equal(d.charset, SMS_CS_8BIT);
	dcs_from_smpp(2, &d);
	assert_int_equal(d.charset, SMS_CS_8BIT);
	dcs_from_smpp(8, &d);
	assert_int_equal(d.charset, SMS_CS_UCS2);
	dcs_from_smpp(6, &d);
	assert_int_equal(d.charset, SMS_CS_OTHER);
	dcs_from_smpp(11, &d);
	assert_true(d.reserved);
	dcs_from_smpp(0xF0, &d);
	assert_int_equal(d.msg_class, 0);
	dcs_from_smpp(0x18, &d);
	assert_int_equal(d.charset, SMS_CS_UCS2);
	assert_int_equal(d.msg_class, 0);
	assert_int_equal(dcs_to_smpp(SMS_CS_GSM7, -1, &v), SMS_OK);
	assert_int_equal(v, 0);
	assert_int_equal(dcs_to_smpp(SMS_CS_LATIN1, -1, &v), SMS_OK);
	assert_int_equal(v, 3);
	assert_int_equal(dcs_to_smpp(SMS_CS_UCS2, -1, &v), SMS_OK);
	assert_int_equal(v, 8);
	assert_int_equal(dcs_to_smpp(SMS_CS_8BIT, -1, &v), SMS_OK);
	assert_int_equal(v, 4);
	assert_int_equal(dcs_to_smpp(SMS_CS_GSM7, 0, &v), SMS_OK);
	assert_int_equal(v, 0xF0);
	assert_int_equal(dcs_to_smpp(SMS_CS_UCS2, 1, &v), SMS_OK);
	assert_int_equal(v, 0x19);
	assert_int_equal(dcs_to_smpp(SMS_CS_LATIN1, 0, &v), SMS_EINVAL);
	assert_int_equal(dcs_to_smpp(SMS_CS_OTHER, -1, &v), SMS_EINVAL);
}

static int encode(const char *s, const struct sms_text_opts *o, uint8_t *buf, size_t cap,
		  struct sms_text *t)
{
	return sms_text_encode(s, strlen(s), o, buf, cap, t, NULL);
}

static void expect_utf8(const struct sms_text *t, const char *want)
{
	char back[1024];
	size_t n;
	assert_int_equal(sms_text_to_utf8(t, back, sizeof back, &n), SMS_OK);
	if (n != strlen(want) || memcmp(back, want, n) != 0)
		print_error("got \"%.*s\" want \"%s\"\n", (int)n, back, want);
	assert_int_equal(n, strlen(want));
	assert_memory_equal(back, want, n);
}

static void test_choice_auto(void **state)
{
	(void)state;
	uint8_t buf[1024];
	struct sms_text t;
	assert_int_equal(encode("Hello {world} €5", NULL, buf, sizeof buf, &t), SMS_OK);
	assert_int_equal(t.charset, SMS_CS_GSM7);
	assert_int_equal(t.len, 19); /* three escape pairs */
	expect_utf8(&t, "Hello {world} €5");
	assert_int_equal(encode("Labas, ąžuolai", NULL, buf, sizeof buf, &t), SMS_OK);
	assert_int_equal(t.charset, SMS_CS_UCS2);
	assert_int_equal(t.len, 28);
	assert_int_equal(encode("ok \xF0\x9F\x98\x80", NULL, buf, sizeof buf, &t), SMS_OK);
	assert_int_equal(t.charset, SMS_CS_UCS2);
	assert_int_equal(t.len, 10);
	assert_int_equal(encode("", NULL, buf, sizeof buf, &t), SMS_OK);
	assert_int_equal(t.charset, SMS_CS_GSM7);
	assert_int_equal(t.len, 0);
	size_t at = 0;
	assert_int_equal(sms_text_encode("ok\xC3(", 4, NULL, buf, sizeof buf, &t, &at), SMS_EUTF8);
	assert_int_equal(at, 2);
}

static void test_choice_forced(void **state)
{
	(void)state;
	uint8_t buf[256];
	struct sms_text t;
	size_t at = 0;
	struct sms_text_opts o = {.coding = SMS_CODING_GSM7};
	assert_int_equal(sms_text_encode("ab\xD0\x96", 4, &o, buf, sizeof buf, &t, &at), SMS_ECHARSET);
	assert_int_equal(at, 2);
	o.transliterate = true;
	assert_int_equal(encode("Жук 世", &o, buf, sizeof buf, &t), SMS_OK);
	assert_int_equal(t.charset, SMS_CS_GSM7);
	assert_true(t.transliterated);
	expect_utf8(&t, "Zhuk ?");
	o.coding = SMS_CODING_UCS2;
	assert_int_equal(encode("abc", &o, buf, sizeof buf, &t), SMS_OK);
	assert_int_equal(t.charset, SMS_CS_UCS2);
	assert_int_equal(t.len, 6);
	o.coding = SMS_CODING_LATIN1;
	assert_int_equal(encode("abç", &o, buf, sizeof buf, &t), SMS_OK);
	assert_int_equal(t.charset, SMS_CS_LATIN1);
	assert_int_equal(t.len, 3);
	expect_utf8(&t, "abç");
	o.coding = 99;
	assert_int_equal(encode("abc", &o, buf, sizeof buf, &t), SMS_EINVAL);
	o.coding = SMS_CODING_AUTO;
	o.transliterate = false;
	assert_int_equal(encode("abcdef", &o, buf, 4, &t), SMS_ENOSPACE);
}

static void test_transliteration(void **state)
{
	(void)state;
	uint8_t buf[512];
	struct sms_text t;
	struct sms_text_opts o = {.transliterate = true};
	const struct {
		const char *in, *out;
	} v[] = {
		{"Ąžuolas ėjo į šilą, ūkininkas Čiurlionis", "Azuolas ejo i sila, ukininkas Ciurlionis"},
		{"Привет, как дела? Щука, объём", "Privet, kak dela? Shchuka, ob\"yom"},
		{"Łódź, Kraków", "Lodz, Krakow"},
		{"“Quotes” — and… ‘more’", "\"Quotes\" - and... 'more'"},
		{"Γειά σου", "ΓEIA ΣOY"},
		{"Київ, Їжак, Ґанок", "Kiyiv, Yizhak, Ganok"}, /* per letter: и i, ї yi */
		{"Åland café über", "Åland café über"}, /* already GSM: untouched */
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		assert_int_equal(encode(v[i].in, &o, buf, sizeof buf, &t), SMS_OK);
		assert_int_equal(t.charset, SMS_CS_GSM7);
		expect_utf8(&t, v[i].out);
	}
	/* AUTO with transliteration still goes to UCS-2 when something has no look-alike */
	assert_int_equal(encode("Ąžuolas 世界", &o, buf, sizeof buf, &t), SMS_OK);
	assert_int_equal(t.charset, SMS_CS_UCS2);
	assert_false(t.transliterated);
}

/* Every replacement is GSM, at most two septets per UTF-8 octet of the original. */
static void test_translit_table_is_gsm(void **state)
{
	(void)state;
	const struct gsm7_charset dflt = {0, 0};
	unsigned have = 0;
	for (uint32_t cp = 1; cp < 0x10000; cp++) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		char rep[TRANSLIT_MAX];
		int n = translit_char(cp, rep);
		if (n < 0)
			continue;
		have++;
		size_t sep;
		assert_int_equal(gsm7_from_utf8(rep, (size_t)n, dflt, NULL, 0, &sep, NULL), SMS_OK);
		assert_true(sep <= 2 * (cp < 0x80 ? 1 : cp < 0x800 ? 2 : 3));
	}
	assert_true(have > 400);
}

/*
 * National tables (3GPP TS 23.038 A.2/A.3): texts over 70 characters take 2
 * UCS-2 segments but 1 with a shift table.
 */
static void test_national_language_tables(void **state)
{
	(void)state;
	uint8_t buf[1024];
	struct sms_text t;
	const char *tr = "Günaydın! Bugün şehirde ılık bir hava var, İstanbul'da ğüzel. Yarın görüşürüz.";
	struct sms_text_opts o = {.nls_langs = 1u << GSM7_LANG_TURKISH};
	assert_int_equal(encode(tr, &o, buf, sizeof buf, &t), SMS_OK);
	assert_int_equal(t.charset, SMS_CS_GSM7);
	assert_int_equal(t.nls.single, GSM7_LANG_TURKISH);
	assert_int_equal(t.nls.locking, 0);
	expect_utf8(&t, tr);
	/* ş is 0x1B 0x63 in the Turkish single shift table (A.2.1 row 3, column 6: ç; ş at 0x73) */
	uint8_t sep[2];
	assert_int_equal(gsm7_encode_char(0x015F, t.nls, sep), 2);
	assert_int_equal(sep[1], 0x73);
	assert_int_equal(gsm7_encode_char(0x0131, t.nls, sep), 2);
	assert_int_equal(sep[1], 0x69);
	/* with locking allowed, the Turkish locking table has ı and ş as single septets */
	o.nls_locking = true;
	assert_int_equal(encode(tr, &o, buf, sizeof buf, &t), SMS_OK);
	assert_int_equal(t.nls.locking, GSM7_LANG_TURKISH);
	expect_utf8(&t, tr);
	/* without the option it is UCS-2 */
	assert_int_equal(encode(tr, NULL, buf, sizeof buf, &t), SMS_OK);
	assert_int_equal(t.charset, SMS_CS_UCS2);
	/* Portuguese: ã õ ê ç in the locking table A.3.3 */
	const char *pt = "Informação: não há serviço às três da manhã, você está lá? Responda até amanhã, obrigado.";
	o = (struct sms_text_opts){.nls_langs = 1u << GSM7_LANG_PORTUGUESE, .nls_locking = true};
	assert_int_equal(encode(pt, &o, buf, sizeof buf, &t), SMS_OK);
	assert_int_equal(t.charset, SMS_CS_GSM7);
	assert_int_equal(t.nls.locking, GSM7_LANG_PORTUGUESE);
	expect_utf8(&t, pt);
	/* Spanish single shift A.2.2: á í ó ú Á */
	const char *es = "Mañana habrá reunión a las ocho en la oficina central, ¿vendrás? Sí, allí estaré.";
	o = (struct sms_text_opts){.nls_langs = 1u << GSM7_LANG_SPANISH};
	assert_int_equal(encode(es, &o, buf, sizeof buf, &t), SMS_OK);
	assert_int_equal(t.charset, SMS_CS_GSM7);
	assert_int_equal(t.nls.single, GSM7_LANG_SPANISH);
	expect_utf8(&t, es);
	assert_false(gsm7_has_locking(GSM7_LANG_SPANISH));
	assert_true(gsm7_has_single(GSM7_LANG_SPANISH));
	/* Hindi locking + single shift (A.3.6 / A.2.6): Devanagari in one septet each */
	const char *hi = "नमस्ते आप कैसे हैं? मैं ठीक हूँ। धन्यवाद! नमस्ते आप कैसे हैं? मैं ठीक हूँ। धन्यवाद!";
	o = (struct sms_text_opts){.nls_langs = 1u << GSM7_LANG_HINDI, .nls_locking = true};
	assert_int_equal(encode(hi, &o, buf, sizeof buf, &t), SMS_OK);
	assert_int_equal(t.charset, SMS_CS_GSM7);
	assert_int_equal(t.nls.locking, GSM7_LANG_HINDI);
	expect_utf8(&t, hi);
	assert_int_equal(gsm7_encode_char(0x0928, t.nls, sep), 1); /* न: column 2 row f */
	assert_int_equal(sep[0], 0x2F);
	assert_int_equal(gsm7_encode_char(0x0964, t.nls, sep), 2); /* danda: single shift 0x19 */
	assert_int_equal(sep[1], 0x19);
	/* a tie with UCS-2 goes to UCS-2: a 5-character Turkish word is 1 segment either way */
	o = (struct sms_text_opts){.nls_langs = 1u << GSM7_LANG_TURKISH};
	assert_int_equal(encode("ığş", &o, buf, sizeof buf, &t), SMS_OK);
	assert_int_equal(t.charset, SMS_CS_UCS2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_strict),
		cmocka_unit_test(test_ucs2_vectors),
		cmocka_unit_test(test_ucs2_malformed),
		cmocka_unit_test(test_latin1),
		cmocka_unit_test(test_dcs_decode),
		cmocka_unit_test(test_dcs_encode_and_smpp),
		cmocka_unit_test(test_choice_auto),
		cmocka_unit_test(test_choice_forced),
		cmocka_unit_test(test_transliteration),
		cmocka_unit_test(test_translit_table_is_gsm),
		cmocka_unit_test(test_national_language_tables),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
