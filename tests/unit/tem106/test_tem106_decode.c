/*
 * A whole reading and archive records, end to end: the test image (known
 * values, addresses typed from the seed) answers the codec's requests, the
 * answers are checked and placed by the read plans, then decoded. Every
 * expected figure is worked out by hand from tem106_image_example_*():
 * k_Q and k_V by comma 3 5 6 2 4 0 are 100 10000 100000 10 1000 1 and
 * 10 1000 1 1 100 1.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "tem106_archive.h"
#include "tem106_frame.h"
#include "tem106_image.h"
#include "tem106_plan.h"
#include "tem106_reading.h"
#include "tem106_record.h"

#define assert_near(got, want, eps) \
	assert_true((double)(got) - (double)(want) <= (eps) && (double)(want) - (double)(got) <= (eps))

#define METER 0x21

/* One read through the image, as the transport will do it. */
static void fetch(const struct tem106_image *img, int flash, const struct tem106_read *rd,
		  uint8_t *dst, size_t dst_len, uint32_t base)
{
	uint8_t req[TEM106_MAX_FRAME], ans[TEM106_MAX_FRAME];
	size_t rlen = 0, alen = 0, dlen = 0;
	struct tem106_expect exp;
	const uint8_t *data = NULL;
	if (flash)
		assert_int_equal(tem106_build_read_flash(METER, rd->address, rd->length, req,
							 sizeof req, &rlen, &exp), TEM106_OK);
	else
		assert_int_equal(tem106_build_read_t2k(METER, (uint16_t)rd->address, rd->length,
						       req, sizeof req, &rlen, &exp), TEM106_OK);
	assert_int_equal(tem106_image_answer(img, req, rlen, ans, sizeof ans, &alen), 0);
	assert_int_equal(tem106_answer_parse(&exp, ans, alen, &data, &dlen), TEM106_OK);
	assert_int_equal(tem106_plan_place(dst, dst_len, base, rd, data, dlen), TEM106_OK);
}

static void read_t2k(const struct tem106_image *img, uint8_t t2k[TEM106_T2K_SIZE])
{
	struct tem106_read plan[TEM106_READING_READS];
	size_t n = 0;
	memset(t2k, 0xEE, TEM106_T2K_SIZE);
	assert_int_equal(tem106_plan_reading(plan, TEM106_READING_READS, &n), TEM106_OK);
	assert_int_equal(n, TEM106_READING_READS);
	for (size_t i = 0; i < n; i++)
		fetch(img, 0, &plan[i], t2k, TEM106_T2K_SIZE, 0);
}

static void read_record(const struct tem106_image *img, enum tem106_flash flash, uint32_t index,
			uint8_t rec[TEM106_RECORD_SIZE])
{
	struct tem106_read plan[TEM106_RECORD_READS];
	size_t n = 0;
	uint32_t base = 0;
	assert_int_equal(tem106_plan_record(flash, index, plan, TEM106_RECORD_READS, &n, &base),
			 TEM106_OK);
	assert_int_equal(n, TEM106_RECORD_READS);
	assert_int_equal(base, index * 384u);
	for (size_t i = 0; i < n; i++)
		fetch(img, 1, &plan[i], rec, TEM106_RECORD_SIZE, base);
}

static int setup(void **state)
{
	static struct tem106_image img;
	if (tem106_image_init(&img, METER, 1) != 0)
		return -1;
	struct tem106_image_values v;
	tem106_image_example_values(&v);
	tem106_image_write_t2k(&img, &v);
	struct tem106_image_record r;
	tem106_image_example_record(&r);
	if (tem106_image_write_record(&img, 4, &r) != 0)
		return -1;
	*state = &img;
	return 0;
}

static int teardown(void **state)
{
	tem106_image_free(*state);
	return 0;
}

static void test_identify_through_image(void **state)
{
	const struct tem106_image *img = *state;
	uint8_t req[8], ans[TEM106_MAX_FRAME];
	size_t rlen, alen;
	struct tem106_expect exp;
	const uint8_t *data;
	size_t dlen;
	char name[TEM106_MAX_DATA + 1];
	assert_int_equal(tem106_build_identify(METER, req, sizeof req, &rlen, &exp), TEM106_OK);
	assert_int_equal(tem106_image_answer(img, req, rlen, ans, sizeof ans, &alen), 0);
	assert_int_equal(tem106_answer_parse(&exp, ans, alen, &data, &dlen), TEM106_OK);
	assert_int_equal(tem106_ident_copy(data, dlen, name, sizeof name), TEM106_OK);
	assert_string_equal(name, "TEMC106");
	/* another meter's address: the image stays silent */
	assert_int_equal(tem106_build_identify(METER + 1, req, sizeof req, &rlen, &exp), TEM106_OK);
	assert_int_equal(tem106_image_answer(img, req, rlen, ans, sizeof ans, &alen), -1);
}

static void test_configuration(void **state)
{
	uint8_t t2k[TEM106_T2K_SIZE];
	struct tem106_reading rd;
	read_t2k(*state, t2k);
	assert_int_equal(tem106_decode_reading(t2k, sizeof t2k, &rd), TEM106_OK);
	const struct tem106_config *c = &rd.config;
	assert_int_equal(c->systems, 2);
	assert_int_equal(c->system_type[0], TEM106_SYS_OPEN_TWO_PIPE);
	assert_string_equal(tem106_system_type_name(c->system_type[1]), "hot water with circulation");
	assert_int_equal(c->flow_channels[1], 0x0C); /* channels 3 and 4 */
	assert_int_equal(c->temp_channels[0], 0x03);
	assert_int_equal(c->pressure_channels[0], 0x03);
	assert_int_equal(c->used_flow, 0x0F);
	assert_int_equal(c->used_pressure, 0x03);
	assert_int_equal(c->serial_number, 21827345);
	assert_int_equal(c->flash_type_raw, 0x1F25);
	assert_int_equal(c->flash, TEM106_FLASH_1M);
	assert_int_equal(c->net_num, 7);
	assert_int_equal(c->diameter_mm[0], 50);
	assert_int_equal(c->diameter_mm[3], 25);
	assert_true(c->dt_min_c[1] == 2.5f);
	assert_true(c->g_max_m3h[2] == 5.0f);
	/* 6.1.5: 10 * 100 * 0.01 = 10; 10 * 40 * 0.0005 = 0.2;
	 * 5 * 80 * 0.01 = 4; 5 * 20 * 0.0005 = 0.05 */
	assert_float_equal(c->g_max_set_m3h[0], 10.0f, 1e-5f);
	assert_float_equal(c->g_min_set_m3h[0], 0.2f, 1e-6f);
	assert_float_equal(c->g_max_set_m3h[2], 4.0f, 1e-5f);
	assert_float_equal(c->g_min_set_m3h[2], 0.05f, 1e-6f);
}

static void test_current_values(void **state)
{
	uint8_t t2k[TEM106_T2K_SIZE];
	struct tem106_reading rd;
	read_t2k(*state, t2k);
	assert_int_equal(tem106_decode_reading(t2k, sizeof t2k, &rd), TEM106_OK);
	const struct tem106_current *c = &rd.current;
	/* 33 15 14 02 03 16 */
	assert_int_equal(c->meter_time.year, 2016);
	assert_int_equal(c->meter_time.month, 3);
	assert_int_equal(c->meter_time.day, 2);
	assert_int_equal(c->meter_time.hour, 14);
	assert_int_equal(c->meter_time.minute, 15);
	assert_int_equal(c->meter_time.second, 33);
	assert_true(c->temperature_c[0] == 70.5f);
	assert_true(c->temperature_c[5] == -1.5f);
	assert_true(c->pressure_mpa[2] == 0.375f);
	assert_true(c->volume_flow_m3h[1] == 1.25f);
	assert_true(c->mass_flow_th[3] == 0.25f);
	assert_true(c->extra_volume_flow_m3h[0] == 0.75f);

	const struct tem106_totals *t = &c->totals;
	assert_memory_equal(t->comma, ((uint8_t[]){3, 5, 6, 2, 4, 0}), 6);
	assert_near(t->energy_mwh[0], 1234.565, 1e-9);      /* 123456.5 / 100 */
	assert_near(t->energy_mwh[1], 9876.543225, 1e-9);   /* 98765432.25 / 10000 */
	assert_near(t->energy_mwh[2], 10.0000075, 1e-12);   /* 1000000.75 / 100000 */
	assert_near(t->energy_mwh[3], 5.55, 1e-12);         /* 55.5 / 10 */
	assert_near(t->energy_mwh[4], 2.000125, 1e-12);     /* 2000.125 / 1000 */
	assert_near(t->energy_mwh[5], 7.0, 0);              /* 7 / 1 */
	assert_near(t->volume_m3[0], 456.75, 1e-12);        /* 4567.5 / 10 */
	assert_near(t->volume_m3[1], 1234.56775, 1e-9);     /* 1234567.75 / 1000 */
	assert_near(t->volume_m3[2], 42.5, 0);              /* comma 6: k_V 1 */
	assert_near(t->volume_m3[3], 9.25, 0);
	assert_near(t->volume_m3[4], 3.005, 1e-12);         /* 300.5 / 100 */
	assert_near(t->mass_t[0], 450.025, 1e-12);          /* 4500.25 / 10 */
	assert_near(t->mass_t[1], 1200.0005, 1e-9);         /* 1200000.5 / 1000 */
	assert_near(t->mass_t[4], 2.9025, 1e-12);           /* 290.25 / 100 */
	assert_near(t->mass_t[5], 2.5, 0);
	assert_near(t->energy_total_mwh, 2222.225, 1e-9);   /* 222222.5 / k_Q(3) */
	assert_int_equal(t->energy_total_raw_int, 222222);
	assert_true(t->energy_total_raw_frac == 0.5f);

	assert_int_equal(c->extra_volume_raw_int[1], 20);
	assert_true(c->extra_volume_raw_frac[0] == 0.5f);
	assert_int_equal(c->times.powered_s, 3600000);
	assert_int_equal(c->times.normal_s[1], 3400000);
	assert_int_equal(c->times.flow_below_min_s[0], 100);
	assert_int_equal(c->times.flow_above_max_s[1], 400);
	assert_int_equal(c->times.dt_below_min_s[0], 500);
	assert_int_equal(c->times.fault_s[1], 800);
	assert_int_equal(c->times.fault_s[2], 0);
	assert_int_equal(c->next_hour_ptr, 0x200780);
	assert_int_equal(c->next_day_ptr, 0x2A2300);
	assert_int_equal(c->next_month_ptr, 0x2E7000);
}

static void test_newest_hourly_record(void **state)
{
	const struct tem106_image *img = *state;
	uint8_t t2k[TEM106_T2K_SIZE], rec[TEM106_RECORD_SIZE];
	struct tem106_reading rd;
	read_t2k(img, t2k);
	assert_int_equal(tem106_decode_reading(t2k, sizeof t2k, &rd), TEM106_OK);
	uint32_t index = 0;
	assert_int_equal(tem106_archive_recent(rd.config.flash, TEM106_ARCH_HOURLY,
					       rd.current.next_hour_ptr, 0, &index), TEM106_OK);
	assert_int_equal(index, 4);
	read_record(img, rd.config.flash, index, rec);

	struct tem106_record r;
	assert_int_equal(tem106_decode_record(rec, sizeof rec, &r), TEM106_OK);
	assert_int_equal(r.created.year, 2015);
	assert_int_equal(r.created.month, 3);
	assert_int_equal(r.created.day, 20);
	assert_int_equal(r.created.hour, 8);
	assert_int_equal(r.period.hour, 7);
	assert_int_equal(r.period.day, 20);
	assert_near(r.totals.energy_mwh[0], 1234.0025, 1e-9);   /* 123400.25 / 100 */
	assert_near(r.totals.energy_mwh[1], 9870.00005, 1e-9);  /* 98700000.5 / 10000 */
	assert_near(r.totals.volume_m3[0], 456.025, 1e-9);      /* 4560.25 / 10 */
	assert_near(r.totals.volume_m3[1], 1234.0005, 1e-9);    /* 1234000.5 / 1000 */
	assert_near(r.totals.mass_t[0], 449.075, 1e-9);         /* 4490.75 / 10 */
	assert_near(r.totals.mass_t[1], 1199.00025, 1e-9);      /* 1199000.25 / 1000 */
	assert_near(r.totals.energy_total_mwh, 2221.0025, 1e-9); /* 222100.25 / 100 */
	assert_int_equal(r.times.powered_s, 3599000);
	assert_int_equal(r.times.normal_s[0], 3499000);
	assert_int_equal(r.times.flow_below_min_s[1], 20);
	assert_int_equal(r.times.fault_s[0], 70);
	assert_true(r.temperature_c[0] == 70.25f);
	assert_true(r.temperature_c[1] == 45.5f);
	assert_true(r.pressure_mpa[1] == 0.25f);
	assert_true(r.extra_volume_raw_frac[0] == 0.5f);
	assert_true(r.extra_volume_raw_int[0] == 12.0f);
	assert_int_equal(r.errors[0], TEM106_ERRB_G1_LOW | TEM106_ERRB_POWER_OFF);
	assert_int_equal(r.errors[1], TEM106_ERRB_DT_LOW);
	assert_string_equal(tem106_error_bit_name(TEM106_ERRB_POWER_OFF), "power off");
	assert_int_equal(r.checksum_raw, 0x5A);

	/* the record before it was never written */
	assert_int_equal(tem106_archive_recent(rd.config.flash, TEM106_ARCH_HOURLY,
					       rd.current.next_hour_ptr, 1, &index), TEM106_OK);
	assert_int_equal(index, 3);
	read_record(img, rd.config.flash, index, rec);
	assert_int_equal(tem106_decode_record(rec, sizeof rec, &r), TEM106_E_EMPTY);
}

/* The last reporting-date slot of a 512 KB meter, 1359 at 7F680h. */
static void test_512k_last_monthly_record(void **state)
{
	(void)state;
	struct tem106_image img;
	assert_int_equal(tem106_image_init(&img, METER, 0), 0);
	struct tem106_image_values v;
	tem106_image_example_values(&v);
	v.flash_type = 0x1F24;
	v.adr_month = 0x200000 + 0x73800; /* next is the ring's first: newest is its last */
	tem106_image_write_t2k(&img, &v);
	struct tem106_image_record r;
	tem106_image_example_record(&r);
	r.hour = 0, r.day = 25, r.month = 2, r.year2 = 24; /* 25 Feb 2024 */
	r.pred_hour = 0, r.pred_day = 25, r.pred_month = 1, r.pred_year2 = 24;
	assert_int_equal(tem106_image_write_record(&img, 1359, &r), 0);

	uint8_t t2k[TEM106_T2K_SIZE], rec[TEM106_RECORD_SIZE];
	struct tem106_reading rd;
	read_t2k(&img, t2k);
	assert_int_equal(tem106_decode_reading(t2k, sizeof t2k, &rd), TEM106_OK);
	assert_int_equal(rd.config.flash, TEM106_FLASH_512K);
	uint32_t index = 0;
	assert_int_equal(tem106_archive_recent(rd.config.flash, TEM106_ARCH_MONTHLY,
					       rd.current.next_month_ptr, 0, &index), TEM106_OK);
	assert_int_equal(index, 1359);
	read_record(&img, rd.config.flash, index, rec);
	struct tem106_record out;
	assert_int_equal(tem106_decode_record(rec, sizeof rec, &out), TEM106_OK);
	assert_int_equal(out.created.year, 2024);
	assert_int_equal(out.created.month, 2);
	assert_int_equal(out.period.month, 1);
	assert_near(out.totals.energy_mwh[0], 1234.0025, 1e-9);
	tem106_image_free(&img);
}

static void test_bad_images(void **state)
{
	const struct tem106_image *img = *state;
	uint8_t t2k[TEM106_T2K_SIZE];
	struct tem106_reading rd;
	read_t2k(img, t2k);

	assert_int_equal(tem106_decode_reading(t2k, TEM106_T2K_USED_END - 1, &rd), TEM106_E_ARG);
	assert_int_equal(tem106_decode_reading(NULL, 0, &rd), TEM106_E_ARG);

	uint8_t bad[TEM106_T2K_SIZE];
	memcpy(bad, t2k, sizeof bad);
	bad[0x0000] = 0;
	assert_int_equal(tem106_decode_config(bad, sizeof bad, &rd.config), TEM106_E_SYSTEMS);
	bad[0x0000] = 7;
	assert_int_equal(tem106_decode_config(bad, sizeof bad, &rd.config), TEM106_E_SYSTEMS);

	memcpy(bad, t2k, sizeof bad);
	bad[0x0169] = 0x26; /* FLASH_TYPE 1F26 */
	assert_int_equal(tem106_decode_config(bad, sizeof bad, &rd.config), TEM106_E_FLASH_TYPE);

	memcpy(bad, t2k, sizeof bad);
	bad[0x0486] = 0x13; /* month 13 */
	assert_int_equal(tem106_decode_current(bad, sizeof bad, &rd.current), TEM106_E_BCD);

	uint8_t rec[TEM106_RECORD_SIZE];
	struct tem106_record r;
	memcpy(rec, img->flash + 4 * 384, sizeof rec);
	assert_int_equal(tem106_decode_record(rec, sizeof rec - 1, &r), TEM106_E_ARG);
	rec[0x0177] = 0x1F; /* previous month not BCD */
	assert_int_equal(tem106_decode_record(rec, sizeof rec, &r), TEM106_E_BCD);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identify_through_image),
		cmocka_unit_test(test_configuration),
		cmocka_unit_test(test_current_values),
		cmocka_unit_test(test_newest_hourly_record),
		cmocka_unit_test(test_512k_last_monthly_record),
		cmocka_unit_test(test_bad_images),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
