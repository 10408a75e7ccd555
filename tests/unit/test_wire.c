/* Bounded readers and writers at empty, truncated, boundary and overlong input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "wire.h"

static void test_integers_big_endian(void **state)
{
	(void)state;
	const uint8_t in[] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07};
	struct wire_reader r;
	wire_reader_init(&r, in, sizeof in);
	uint8_t a;
	uint16_t b;
	uint32_t c;
	assert_int_equal(wire_get_u8(&r, &a), WIRE_OK);
	assert_int_equal(a, 0x01);
	assert_int_equal(wire_get_u16be(&r, &b), WIRE_OK);
	assert_int_equal(b, 0x0203);
	assert_int_equal(wire_get_u32be(&r, &c), WIRE_OK);
	assert_int_equal(c, 0x04050607);
	assert_int_equal(wire_remaining(&r), 0);
	assert_int_equal(wire_get_u8(&r, &a), WIRE_ESHORT);
}

static void test_truncated_integers_do_not_move(void **state)
{
	(void)state;
	const uint8_t in[] = {0xAA, 0xBB, 0xCC};
	struct wire_reader r;
	uint32_t c = 7;
	uint16_t b;
	wire_reader_init(&r, in, sizeof in);
	assert_int_equal(wire_get_u32be(&r, &c), WIRE_ESHORT);
	assert_int_equal(c, 7);
	assert_int_equal(r.pos, 0);
	wire_reader_init(&r, in, 1);
	assert_int_equal(wire_get_u16be(&r, &b), WIRE_ESHORT);
	wire_reader_init(&r, NULL, 100);
	assert_int_equal(wire_remaining(&r), 0);
}

static void test_cstring_bounds(void **state)
{
	(void)state;
	char dst[16];
	struct wire_reader r;

	const uint8_t ok[] = {'a', 'b', 'c', 0, 'x'};
	wire_reader_init(&r, ok, sizeof ok);
	assert_int_equal(wire_get_cstring(&r, 4, dst, sizeof dst), WIRE_OK);
	assert_string_equal(dst, "abc");
	assert_int_equal(r.pos, 4);

	/* exactly at the maximum, counting the NUL, is fine; one more is not */
	wire_reader_init(&r, ok, sizeof ok);
	assert_int_equal(wire_get_cstring(&r, 3, dst, sizeof dst), WIRE_ETOOLONG);
	assert_string_equal(dst, "");
	assert_int_equal(r.pos, 0);

	const uint8_t unterminated[] = {'a', 'b'};
	wire_reader_init(&r, unterminated, sizeof unterminated);
	assert_int_equal(wire_get_cstring(&r, 16, dst, sizeof dst), WIRE_ESHORT);

	const uint8_t empty[] = {0};
	wire_reader_init(&r, empty, sizeof empty);
	assert_int_equal(wire_get_cstring(&r, 1, dst, sizeof dst), WIRE_OK);
	assert_string_equal(dst, "");

	wire_reader_init(&r, empty, 0);
	assert_int_equal(wire_get_cstring(&r, 1, dst, sizeof dst), WIRE_ESHORT);

	/* a destination smaller than the string is refused, not overrun */
	wire_reader_init(&r, ok, sizeof ok);
	assert_int_equal(wire_get_cstring(&r, 8, dst, 2), WIRE_ETOOLONG);
}

static void test_bytes_zero_copy_and_skip(void **state)
{
	(void)state;
	const uint8_t in[] = {1, 2, 3, 4};
	const uint8_t *p = NULL;
	struct wire_reader r;
	wire_reader_init(&r, in, sizeof in);
	assert_int_equal(wire_get_bytes(&r, 2, &p), WIRE_OK);
	assert_ptr_equal(p, in);
	assert_int_equal(wire_skip(&r, 3), WIRE_ESHORT);
	assert_int_equal(wire_skip(&r, 2), WIRE_OK);
	assert_int_equal(wire_get_bytes(&r, 0, &p), WIRE_OK);
	assert_int_equal(wire_get_bytes(&r, SIZE_MAX, &p), WIRE_ESHORT);
}

static void test_writer_sticky_overflow(void **state)
{
	(void)state;
	uint8_t out[6];
	struct wire_writer w;
	wire_writer_init(&w, out, sizeof out);
	wire_put_u32be(&w, 0x11223344);
	wire_put_u8(&w, 0x55);
	assert_int_equal(w.err, WIRE_OK);
	wire_put_u16be(&w, 0x6677); /* one byte short */
	assert_int_equal(w.err, WIRE_ENOSPACE);
	wire_put_u8(&w, 0x99); /* would fit, but the error is sticky */
	assert_int_equal(w.pos, 5);
	const uint8_t want[] = {0x11, 0x22, 0x33, 0x44, 0x55};
	assert_memory_equal(out, want, sizeof want);
}

static void test_writer_cstring_and_patch(void **state)
{
	(void)state;
	uint8_t out[16];
	struct wire_writer w;
	wire_writer_init(&w, out, sizeof out);
	wire_put_u32be(&w, 0);
	wire_put_cstring(&w, "hi", 3);
	wire_patch_u32be(&w, 0, (uint32_t)w.pos);
	assert_int_equal(w.err, WIRE_OK);
	const uint8_t want[] = {0, 0, 0, 7, 'h', 'i', 0};
	assert_memory_equal(out, want, sizeof want);
	wire_put_cstring(&w, "abc", 3);
	assert_int_equal(w.err, WIRE_ETOOLONG);
	wire_writer_init(&w, out, sizeof out);
	wire_patch_u32be(&w, 14, 1);
	assert_int_equal(w.err, WIRE_ENOSPACE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_integers_big_endian),
		cmocka_unit_test(test_truncated_integers_do_not_move),
		cmocka_unit_test(test_cstring_bounds),
		cmocka_unit_test(test_bytes_zero_copy_and_skip),
		cmocka_unit_test(test_writer_sticky_overflow),
		cmocka_unit_test(test_writer_cstring_and_patch),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
