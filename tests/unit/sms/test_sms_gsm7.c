/*
 * GSM 7-bit alphabet and packing: published vectors both ways, every
 * character of the default and extension tables, fill bits, CR padding,
 * malformed input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "gsm7.h"
#include "gsm7_pack.h"
#include "sms_err.h"
#include "sms_test_util.h"
#include "utf8.h"

static const struct gsm7_charset DFLT = {0, 0};

static void test_vectors_file(void **state)
{
	(void)state;
	FILE *f = tu_open("gsm7_vectors.txt");
	assert_non_null(f);
	char line[1024];
	int n = 0;
	while (fgets(line, sizeof line, f)) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		char *fld[3];
		assert_int_equal(tu_fields(line, fld, 3), 3);
		uint8_t septets[256], packed[256], got[256];
		size_t ns = tu_hex(fld[1], septets, sizeof septets);
		size_t np = tu_hex(fld[2], packed, sizeof packed);
		size_t n_got, len;
		/* text -> septets */
		assert_int_equal(gsm7_from_utf8(fld[0], strlen(fld[0]), DFLT, got, sizeof got, &n_got, NULL),
				 SMS_OK);
		assert_int_equal(n_got, ns);
		assert_memory_equal(got, septets, ns);
		/* septets -> packed */
		assert_int_equal(gsm7_pack(septets, ns, 0, 0, got, sizeof got, &len, NULL), SMS_OK);
		assert_int_equal(len, np);
		assert_memory_equal(got, packed, np);
		/* packed -> septets -> text */
		assert_int_equal(gsm7_unpack(packed, np, 0, ns, got, sizeof got), SMS_OK);
		assert_memory_equal(got, septets, ns);
		char text[512];
		assert_int_equal(gsm7_to_utf8(septets, ns, DFLT, text, sizeof text, &len), SMS_OK);
		assert_int_equal(len, strlen(fld[0]));
		assert_memory_equal(text, fld[0], len);
		n++;
	}
	fclose(f);
	assert_true(n >= 9);
}

/* The default alphabet of 23.038 6.2.1 spelled out independently of the generated tables. */
static const char *const default_alphabet[8] = {
	"@£$¥èéùìòÇ\nØø\rÅå", "Δ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ", " !\"#¤%&'()*+,-./", "0123456789:;<=>?",
	"¡ABCDEFGHIJKLMNO", "PQRSTUVWXYZÄÖÑÜ§", "¿abcdefghijklmno", "pqrstuvwxyzäöñüà",
};

static void test_every_default_character(void **state)
{
	(void)state;
	for (unsigned col = 0; col < 8; col++) {
		const uint8_t *p = (const uint8_t *)default_alphabet[col];
		size_t len = strlen(default_alphabet[col]), pos = 0;
		for (unsigned row = 0; row < 16; row++) {
			uint32_t cp;
			assert_int_equal(utf8_decode(p, len, &pos, &cp), SMS_OK);
			uint8_t code = (uint8_t)(col * 16 + row), sep[2];
			if (code == GSM7_ESC) {
				assert_int_equal(gsm7_decode_char(code, false, DFLT), 0);
				continue;
			}
			assert_int_equal(gsm7_decode_char(code, false, DFLT), cp);
			assert_int_equal(gsm7_encode_char(cp, DFLT, sep), 1);
			assert_int_equal(sep[0], code);
		}
		assert_int_equal(pos, len);
	}
}

static void test_extension_table(void **state)
{
	(void)state;
	const struct {
		uint32_t cp;
		uint8_t code;
	} ext[] = {{0x0C, 0x0A}, {'^', 0x14}, {'{', 0x28}, {'}', 0x29}, {'\\', 0x2F},
		   {'[', 0x3C},  {'~', 0x3D}, {']', 0x3E}, {'|', 0x40}, {0x20AC, 0x65}};
	for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
		uint8_t sep[2];
		assert_int_equal(gsm7_encode_char(ext[i].cp, DFLT, sep), 2);
		assert_int_equal(sep[0], GSM7_ESC);
		assert_int_equal(sep[1], ext[i].code);
		assert_int_equal(gsm7_decode_char(ext[i].code, true, DFLT), ext[i].cp);
	}
	/* an undefined escape reads as the default character at that position (6.2.1.1) */
	assert_int_equal(gsm7_decode_char('A', true, DFLT), 'A');
	uint8_t sep[2];
	assert_int_equal(gsm7_encode_char('`', DFLT, sep), 0);
	assert_int_equal(gsm7_encode_char(0x4E16, DFLT, sep), 0);
	assert_int_equal(gsm7_encode_char(0x1F600, DFLT, sep), 0);
	assert_int_equal(gsm7_encode_char(0, DFLT, sep), 0);
}

static void test_decode_escape_edges(void **state)
{
	(void)state;
	char out[32];
	size_t len;
	const uint8_t esc_esc[] = {'a', 0x1B, 0x1B, 'b'};
	assert_int_equal(gsm7_to_utf8(esc_esc, sizeof esc_esc, DFLT, out, sizeof out, &len), SMS_OK);
	assert_int_equal(len, 3);
	assert_memory_equal(out, "a b", 3);
	const uint8_t trailing[] = {'a', 0x1B};
	assert_int_equal(gsm7_to_utf8(trailing, sizeof trailing, DFLT, out, sizeof out, &len), SMS_OK);
	assert_int_equal(len, 1);
	const uint8_t high[] = {'a', 0x80};
	assert_int_equal(gsm7_to_utf8(high, sizeof high, DFLT, out, sizeof out, &len), SMS_EBADCODE);
	const uint8_t esc_high[] = {0x1B, 0xC0};
	assert_int_equal(gsm7_to_utf8(esc_high, sizeof esc_high, DFLT, out, sizeof out, &len),
			 SMS_EBADCODE);
	/* output too small: "é" needs two bytes */
	const uint8_t e[] = {0x05};
	assert_int_equal(gsm7_to_utf8(e, 1, DFLT, out, 1, &len), SMS_ENOSPACE);
}

static void test_encode_errors(void **state)
{
	(void)state;
	uint8_t out[16];
	size_t n, at = 99;
	assert_int_equal(gsm7_from_utf8("ab\xC3", 3, DFLT, out, sizeof out, &n, &at), SMS_EUTF8);
	assert_int_equal(at, 2);
	assert_int_equal(gsm7_from_utf8("ab\xE4\xB8\x96", 5, DFLT, out, sizeof out, &n, &at),
			 SMS_ECHARSET);
	assert_int_equal(at, 2);
	assert_int_equal(gsm7_from_utf8("a`", 2, DFLT, out, sizeof out, &n, &at), SMS_ECHARSET);
	assert_int_equal(at, 1);
	assert_int_equal(gsm7_from_utf8("abc{", 4, DFLT, out, 4, &n, NULL), SMS_ENOSPACE);
	assert_int_equal(gsm7_from_utf8("abc{", 4, DFLT, NULL, 0, &n, NULL), SMS_OK);
	assert_int_equal(n, 5);
	const struct gsm7_charset bad = {14, 0};
	assert_int_equal(gsm7_from_utf8("a", 1, bad, out, sizeof out, &n, NULL), SMS_EINVAL);
	/* overlong, surrogate, beyond U+10FFFF */
	assert_int_equal(gsm7_from_utf8("\xC0\xAF", 2, DFLT, out, sizeof out, &n, NULL), SMS_EUTF8);
	assert_int_equal(gsm7_from_utf8("\xED\xA0\x80", 3, DFLT, out, sizeof out, &n, NULL), SMS_EUTF8);
	assert_int_equal(gsm7_from_utf8("\xF4\x90\x80\x80", 4, DFLT, out, sizeof out, &n, NULL),
			 SMS_EUTF8);
}

/* 23.040 9.2.3.24: after a 6-octet UDH, 1 fill bit puts the text on a septet boundary. */
static void test_fill_bits(void **state)
{
	(void)state;
	/* "hellohello" after 1 fill bit: E8329BFD4697D9EC37 shifted left one bit (worked by hand) */
	const uint8_t septets[] = {'h', 'e', 'l', 'l', 'o', 'h', 'e', 'l', 'l', 'o'};
	uint8_t packed[16], back[16];
	size_t len;
	assert_int_equal(gsm7_pack(septets, 10, 1, 0, packed, sizeof packed, &len, NULL), SMS_OK);
	assert_int_equal(len, 9);
	uint8_t want[9];
	assert_int_equal(tu_hex("D06536FB8D2EB3D96F", want, sizeof want), 9);
	assert_memory_equal(packed, want, 9);
	for (unsigned fill = 0; fill <= 6; fill++) {
		assert_int_equal(gsm7_pack(septets, 10, fill, 0, packed, sizeof packed, &len, NULL), SMS_OK);
		assert_int_equal(len, gsm7_packed_len(10, fill));
		assert_int_equal(packed[0] & ((1u << fill) - 1), 0);
		assert_int_equal(gsm7_unpack(packed, len, fill, 10, back, sizeof back), SMS_OK);
		assert_memory_equal(back, septets, 10);
		assert_int_equal(gsm7_unpack(packed, len - 1, fill, 10, back, sizeof back), SMS_ESHORT);
	}
	assert_int_equal(gsm7_pack(septets, 10, 7, 0, packed, sizeof packed, &len, NULL), SMS_EINVAL);
	assert_int_equal(gsm7_pack(septets, 10, 0, 0, packed, 8, &len, NULL), SMS_ENOSPACE);
	const uint8_t high[] = {0x80};
	assert_int_equal(gsm7_pack(high, 1, 0, 0, packed, sizeof packed, &len, NULL), SMS_EBADCODE);
	assert_int_equal(gsm7_unpack(packed, 9, 0, 10, back, 9), SMS_ENOSPACE);
}

/* 23.038 6.1.2.3.1: 7 spare bits are filled with CR, not read as '@'. */
static void test_cr_padding(void **state)
{
	(void)state;
	/* 7 septets = 49 bits: 7 spare bits in the 7th octet */
	const uint8_t seven[] = {'1', '2', '3', '4', '5', '6', '7'};
	uint8_t packed[16], back[16];
	size_t len, n, np;
	assert_int_equal(gsm7_pack(seven, 7, 0, GSM7_PACK_CR_PAD, packed, sizeof packed, &len, &np),
			 SMS_OK);
	assert_int_equal(len, 7);
	assert_int_equal(np, 8);
	assert_int_equal(packed[6] >> 1, 0x0D); /* the top 7 bits hold CR */
	assert_int_equal(gsm7_unpack_octets(packed, len, 0, back, sizeof back, &n), SMS_OK);
	assert_int_equal(n, 7);
	assert_memory_equal(back, seven, 7);
	/* without padding the spare bits read as '@' (0x00): the ambiguity */
	assert_int_equal(gsm7_pack(seven, 7, 0, 0, packed, sizeof packed, &len, NULL), SMS_OK);
	assert_int_equal(gsm7_unpack_octets(packed, len, 0, back, sizeof back, &n), SMS_OK);
	assert_int_equal(n, 8);
	assert_int_equal(back[7], 0);
	/* 8 septets ending in CR on an octet boundary: a second CR is added */
	const uint8_t eight[] = {'1', '2', '3', '4', '5', '6', '7', 0x0D};
	assert_int_equal(gsm7_pack(eight, 8, 0, GSM7_PACK_CR_PAD, packed, sizeof packed, &len, &np),
			 SMS_OK);
	assert_int_equal(np, 9);
	assert_int_equal(len, 8);
	assert_int_equal(gsm7_unpack_octets(packed, len, 0, back, sizeof back, &n), SMS_OK);
	assert_int_equal(n, 9);
	assert_int_equal(back[7], 0x0D);
	assert_int_equal(back[8], 0x0D);
	/* nothing to pad: 8 septets of text not ending in CR */
	const uint8_t plain8[] = {'1', '2', '3', '4', '5', '6', '7', '8'};
	assert_int_equal(gsm7_pack(plain8, 8, 0, GSM7_PACK_CR_PAD, packed, sizeof packed, &len, &np),
			 SMS_OK);
	assert_int_equal(np, 8);
	assert_int_equal(len, 7);
	assert_int_equal(gsm7_pack(plain8, 8, 0, 2, packed, sizeof packed, &len, &np), SMS_EINVAL);
}

/* Property: every septet string survives pack/unpack at every fill. */
static void test_pack_roundtrip_random(void **state)
{
	(void)state;
	uint64_t seed = 0x5eed5eedULL;
	uint8_t sep[200], packed[200], back[200];
	for (int iter = 0; iter < 2000; iter++) {
		size_t n = tu_rand(&seed) % 161;
		unsigned fill = (unsigned)(tu_rand(&seed) % 7);
		for (size_t i = 0; i < n; i++)
			sep[i] = (uint8_t)(tu_rand(&seed) & 0x7F);
		size_t len;
		assert_int_equal(gsm7_pack(sep, n, fill, 0, packed, sizeof packed, &len, NULL), SMS_OK);
		assert_int_equal(len, (fill + 7 * n + 7) / 8);
		assert_int_equal(gsm7_unpack(packed, len, fill, n, back, sizeof back), SMS_OK);
		assert_memory_equal(back, sep, n);
	}
}

/* Property: every representable character (default + extension) survives text round trips. */
static void test_text_roundtrip_random(void **state)
{
	(void)state;
	uint32_t chars[140];
	size_t nchars = 0;
	for (unsigned code = 0; code < 128; code++) {
		uint32_t cp = gsm7_decode_char((uint8_t)code, false, DFLT);
		if (cp)
			chars[nchars++] = cp;
		uint32_t x = gsm7_decode_char((uint8_t)code, true, DFLT);
		if (x && x != cp)
			chars[nchars++] = x;
	}
	assert_int_equal(nchars, 127 + 10);
	uint64_t seed = 42;
	uint8_t text[1200], sep[800];
	char back[1200];
	for (int iter = 0; iter < 1000; iter++) {
		size_t len = 0, n, blen;
		size_t k = tu_rand(&seed) % 300;
		for (size_t i = 0; i < k; i++)
			assert_int_equal(utf8_encode(chars[tu_rand(&seed) % nchars], text, sizeof text, &len),
					 SMS_OK);
		assert_int_equal(gsm7_from_utf8((char *)text, len, DFLT, sep, sizeof sep, &n, NULL), SMS_OK);
		assert_true(n >= k && n <= 2 * k);
		assert_int_equal(gsm7_to_utf8(sep, n, DFLT, back, sizeof back, &blen), SMS_OK);
		assert_int_equal(blen, len);
		assert_memory_equal(back, text, len);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors_file),
		cmocka_unit_test(test_every_default_character),
		cmocka_unit_test(test_extension_table),
		cmocka_unit_test(test_decode_escape_edges),
		cmocka_unit_test(test_encode_errors),
		cmocka_unit_test(test_fill_bits),
		cmocka_unit_test(test_cr_padding),
		cmocka_unit_test(test_pack_roundtrip_random),
		cmocka_unit_test(test_text_roundtrip_random),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
