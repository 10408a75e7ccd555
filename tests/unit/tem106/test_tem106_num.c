/*
 * TEM-106 number formats (seed section 7, 6.2.1, 6.2.2, 6.2.3, 6.3.1): each
 * expected value below is worked out by hand from the bytes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tem106_num.h"

/* cmocka 1.1 compares floats only; integrators are doubles */
#define assert_near(got, want, eps) \
	assert_true((double)(got) - (double)(want) <= (eps) && (double)(want) - (double)(got) <= (eps))

static void test_seed_number_table(void **state)
{
	(void)state;
	struct wire_reader r;
	/* Int 21827 = 0x5543, stored 55 43 */
	const uint8_t i16[] = {0x55, 0x43};
	uint16_t iv;
	wire_reader_init(&r, i16, sizeof i16);
	assert_int_equal(wire_get_u16be(&r, &iv), WIRE_OK);
	assert_int_equal(iv, 21827);
	/* long 21827345, stored 01 4D 0F 11 */
	const uint8_t l32[] = {0x01, 0x4D, 0x0F, 0x11};
	uint32_t lv;
	wire_reader_init(&r, l32, sizeof l32);
	assert_int_equal(wire_get_u32be(&r, &lv), WIRE_OK);
	assert_int_equal(lv, 21827345);
	/*
	 * float "21827345", stored 4B A6 87 88: sign 0, exponent 0x97 = 151,
	 * 2^(151-127) = 2^24; mantissa 0x268788 = 2525064, so the value is
	 * 2^24 + 2525064 * 2 = 21827344 (21827345 is not a float; it rounds).
	 */
	const uint8_t f32[] = {0x4B, 0xA6, 0x87, 0x88};
	float fv = 0;
	wire_reader_init(&r, f32, sizeof f32);
	assert_int_equal(tem106_get_f32be(&r, &fv), WIRE_OK);
	assert_true(fv == 21827344.0f);
	assert_int_equal(wire_remaining(&r), 0);
}

static void test_float_values(void **state)
{
	(void)state;
	/* 41 20 00 00 = 1.25 * 2^3 = 10; BF C0 00 00 = -1.5; 3D CC CC CD ~ 0.1 */
	const uint8_t in[] = {0x41, 0x20, 0x00, 0x00, 0xBF, 0xC0, 0x00, 0x00,
			      0x3D, 0xCC, 0xCC, 0xCD, 0x00, 0x00, 0x00};
	struct wire_reader r;
	float v[3] = {0};
	wire_reader_init(&r, in, sizeof in);
	assert_int_equal(tem106_get_f32s(&r, v, 3), WIRE_OK);
	assert_true(v[0] == 10.0f);
	assert_true(v[1] == -1.5f);
	assert_float_equal(v[2], 0.1f, 1e-9);
	/* three bytes left: short, and the reader stays put */
	float keep = 7.0f;
	size_t pos = r.pos;
	assert_int_equal(tem106_get_f32be(&r, &keep), WIRE_ESHORT);
	assert_true(keep == 7.0f);
	assert_int_equal(r.pos, pos);
}

static void test_bcd(void **state)
{
	(void)state;
	uint8_t v = 0;
	assert_int_equal(tem106_bcd(0x59, &v), TEM106_OK);
	assert_int_equal(v, 59);
	assert_int_equal(tem106_bcd(0x00, &v), TEM106_OK);
	assert_int_equal(v, 0);
	assert_int_equal(tem106_bcd(0x99, &v), TEM106_OK);
	assert_int_equal(v, 99);
	assert_int_equal(tem106_bcd(0x1A, &v), TEM106_E_BCD);
	assert_int_equal(tem106_bcd(0xA1, &v), TEM106_E_BCD);
	assert_int_equal(tem106_bcd(0xFF, &v), TEM106_E_BCD);
}

static void test_clock_seed_example(void **state)
{
	(void)state;
	/* 6.2.1: 33 15 14 02 03 16 is 14:15:33, 2 March 2016 */
	const uint8_t rtc[6] = {0x33, 0x15, 0x14, 0x02, 0x03, 0x16};
	struct tem106_datetime dt;
	assert_int_equal(tem106_datetime_rtc(rtc, &dt), TEM106_OK);
	assert_int_equal(dt.year, 2016);
	assert_int_equal(dt.month, 3);
	assert_int_equal(dt.day, 2);
	assert_int_equal(dt.hour, 14);
	assert_int_equal(dt.minute, 15);
	assert_int_equal(dt.second, 33);
}

static void test_record_dates_seed_examples(void **state)
{
	(void)state;
	/* 6.3.1: 08 20 03 15 is 20 March 2015 08:00; 6.3.2: 07 20 03 15 07:00 */
	const uint8_t made[4] = {0x08, 0x20, 0x03, 0x15};
	const uint8_t pred[4] = {0x07, 0x20, 0x03, 0x15};
	struct tem106_datetime dt;
	assert_int_equal(tem106_datetime_record(made, &dt), TEM106_OK);
	assert_int_equal(dt.year, 2015);
	assert_int_equal(dt.month, 3);
	assert_int_equal(dt.day, 20);
	assert_int_equal(dt.hour, 8);
	assert_int_equal(dt.minute, 0);
	assert_int_equal(dt.second, 0);
	assert_int_equal(tem106_datetime_record(pred, &dt), TEM106_OK);
	assert_int_equal(dt.hour, 7);
}

static void test_dates_out_of_range(void **state)
{
	(void)state;
	struct tem106_datetime dt;
	const uint8_t hour24[4] = {0x24, 0x01, 0x01, 0x20};
	const uint8_t month13[4] = {0x00, 0x01, 0x13, 0x20};
	const uint8_t month0[4] = {0x00, 0x01, 0x00, 0x20};
	const uint8_t day0[4] = {0x00, 0x00, 0x01, 0x20};
	const uint8_t feb29_2015[4] = {0x00, 0x29, 0x02, 0x15};
	const uint8_t feb29_2016[4] = {0x00, 0x29, 0x02, 0x16};
	const uint8_t apr31[4] = {0x00, 0x31, 0x04, 0x16};
	const uint8_t erased[4] = {0xFF, 0xFF, 0xFF, 0xFF};
	assert_int_equal(tem106_datetime_record(hour24, &dt), TEM106_E_BCD);
	assert_int_equal(tem106_datetime_record(month13, &dt), TEM106_E_BCD);
	assert_int_equal(tem106_datetime_record(month0, &dt), TEM106_E_BCD);
	assert_int_equal(tem106_datetime_record(day0, &dt), TEM106_E_BCD);
	assert_int_equal(tem106_datetime_record(feb29_2015, &dt), TEM106_E_BCD);
	assert_int_equal(tem106_datetime_record(feb29_2016, &dt), TEM106_OK);
	assert_int_equal(tem106_datetime_record(apr31, &dt), TEM106_E_BCD);
	assert_int_equal(tem106_datetime_record(erased, &dt), TEM106_E_BCD);
	const uint8_t sec60[6] = {0x60, 0x00, 0x00, 0x01, 0x01, 0x20};
	const uint8_t min5a[6] = {0x00, 0x5A, 0x00, 0x01, 0x01, 0x20};
	assert_int_equal(tem106_datetime_rtc(sec60, &dt), TEM106_E_BCD);
	assert_int_equal(tem106_datetime_rtc(min5a, &dt), TEM106_E_BCD);
}

static void test_comma_tables(void **state)
{
	(void)state;
	/* 6.2.2, k_Q */
	assert_int_equal(tem106_k_energy(6), 100000);
	assert_int_equal(tem106_k_energy(5), 10000);
	assert_int_equal(tem106_k_energy(4), 1000);
	assert_int_equal(tem106_k_energy(3), 100);
	assert_int_equal(tem106_k_energy(2), 10);
	assert_int_equal(tem106_k_energy(1), 1);
	assert_int_equal(tem106_k_energy(0), 1);
	assert_int_equal(tem106_k_energy(7), 1);
	assert_int_equal(tem106_k_energy(0xFF), 1);
	/* 6.2.3, k_V */
	assert_int_equal(tem106_k_volume(6), 1);
	assert_int_equal(tem106_k_volume(5), 1000);
	assert_int_equal(tem106_k_volume(4), 100);
	assert_int_equal(tem106_k_volume(3), 10);
	assert_int_equal(tem106_k_volume(2), 1);
	assert_int_equal(tem106_k_volume(0), 1);
}

static void test_integral(void **state)
{
	(void)state;
	/* Q = (Q_H + Q_L) / k_Q: (123456 + 0.5) / 100 = 1234.565 */
	assert_near(tem106_integral(123456, 0.5f, 100), 1234.565, 1e-9);
	/* the long part at its maximum stays exact in double */
	assert_near(tem106_integral(UINT32_MAX, 0.0f, 1), 4294967295.0, 0);
	assert_near(tem106_integral(10, 0.25f, 0), 10.25, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seed_number_table),
		cmocka_unit_test(test_float_values),
		cmocka_unit_test(test_bcd),
		cmocka_unit_test(test_clock_seed_example),
		cmocka_unit_test(test_record_dates_seed_examples),
		cmocka_unit_test(test_dates_out_of_range),
		cmocka_unit_test(test_comma_tables),
		cmocka_unit_test(test_integral),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
