/*
 * The JSON body a meter report sends to its HTTP targets
 * (broker/meter_report_json.c), built from the example meter image whose
 * decoded figures test_tem106_decode.c works out by hand, and read back
 * with Jansson: every field, a failed reading, escaping, units.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "meter_report_json.h"
#include "tem106_image.h"

#define BROKER_MS 1714564800000LL /* 2024-05-01T12:00:00Z */

static struct tem106_reading reading;
static struct tem106_record record; /* the example hourly record */

static int setup(void **state)
{
	(void)state;
	struct tem106_image img;
	struct tem106_image_values v;
	struct tem106_image_record rec;
	if (tem106_image_init(&img, 1, 1) != 0)
		return -1;
	tem106_image_example_values(&v);
	tem106_image_write_t2k(&img, &v);
	tem106_image_example_record(&rec);
	int rc = tem106_decode_reading(img.t2k, sizeof img.t2k, &reading);
	if (rc == 0 && tem106_image_write_record(&img, 4, &rec) == 0)
		rc = tem106_decode_record(img.flash + 4 * 384, 384, &record);
	tem106_image_free(&img);
	setenv("TZ", "UTC", 1);
	tzset();
	return rc;
}

static json_t *body_of(const char *report, const struct meter_values *v, const char *text)
{
	char *s = meter_report_json(report, v, text);
	assert_non_null(s);
	json_error_t err;
	json_t *o = json_loads(s, 0, &err);
	free(s);
	assert_non_null(o);
	assert_true(json_is_object(o));
	return o;
}

static const char *str(json_t *o, const char *key)
{
	json_t *x = json_object_get(o, key);
	assert_true(json_is_string(x));
	return json_string_value(x);
}

static double num_at(json_t *o, const char *key, size_t i)
{
	json_t *a = json_object_get(o, key);
	assert_true(json_is_array(a));
	json_t *x = json_array_get(a, i);
	assert_true(json_is_number(x));
	return json_number_value(x);
}

static void test_good_reading(void **state)
{
	(void)state;
	struct meter_values v = {.meter = "heat1", .reading = &reading, .broker_time_ms = BROKER_MS,
				 .records = {&record, NULL, NULL}};
	json_t *o = body_of("daily-heat", &v, "Heat heat1: Q=2222.2 MWh");
	assert_string_equal(str(o, "report"), "daily-heat");
	assert_string_equal(str(o, "meter"), "heat1");
	assert_true(json_is_true(json_object_get(o, "ok")));
	assert_true(json_is_null(json_object_get(o, "error")));
	assert_int_equal(json_integer_value(json_object_get(o, "serial")), 21827345);
	assert_string_equal(str(o, "meter_time"), "2016-03-02 14:15:33");
	assert_string_equal(str(o, "broker_time"), "2024-05-01T12:00:00Z");
	assert_string_equal(str(o, "text"), "Heat heat1: Q=2222.2 MWh");

	/* Every decoded value, exactly as decoded (doubles printed with 17 digits). */
	json_t *vals = json_object_get(o, "values");
	assert_true(json_is_object(vals));
	assert_true(json_number_value(json_object_get(vals, "energy_total")) ==
		    reading.current.totals.energy_total_mwh);
	assert_true(fabs(json_number_value(json_object_get(vals, "energy_total")) - 2222.2) < 0.05);
	for (size_t i = 0; i < 6; i++) {
		assert_true(num_at(vals, "volume", i) == reading.current.totals.volume_m3[i]);
		assert_true(num_at(vals, "energy", i) == reading.current.totals.energy_mwh[i]);
	}
	assert_true(fabs(num_at(vals, "volume", 0) - 456.75) < 0.005);
	assert_true(num_at(vals, "t", 0) == (double)reading.current.temperature_c[0]);
	assert_true(fabs(num_at(vals, "t", 0) - 70.5) < 0.05);
	assert_int_equal(json_array_size(json_object_get(vals, "t")), 7);
	assert_int_equal(json_integer_value(json_object_get(vals, "serial")), 21827345);

	/* The units of the value names. */
	json_t *units = json_object_get(o, "units");
	assert_string_equal(str(units, "energy_total"), "MWh");
	assert_string_equal(str(units, "volume"), "m3");
	assert_string_equal(str(units, "t"), "C");
	assert_string_equal(str(units, "p"), "MPa");
	assert_string_equal(str(units, "flow_m"), "t/h");
	assert_string_equal(str(units, "fault_h"), "h");

	/* The archive records read with it; kinds not read are null. */
	json_t *arch = json_object_get(o, "archive");
	json_t *hour = json_object_get(arch, "hourly");
	assert_string_equal(str(hour, "period"), "2015-03-20 07:00:00");
	assert_true(fabs(json_number_value(json_object_get(hour, "energy_total")) - 2221.0025) < 1e-6);
	assert_true(fabs(num_at(hour, "volume", 0) - 456.025) < 1e-6);
	assert_true(json_is_null(json_object_get(arch, "daily")));
	assert_true(json_is_null(json_object_get(arch, "monthly")));
	json_decref(o);
}

static void test_failed_reading(void **state)
{
	(void)state;
	struct meter_values v = {.meter = "cold", .broker_time_ms = BROKER_MS, .error = "timeout"};
	json_t *o = body_of("r", &v, "meter cold did not answer: timeout");
	assert_true(json_is_false(json_object_get(o, "ok")));
	assert_string_equal(str(o, "error"), "timeout");
	assert_string_equal(str(o, "meter"), "cold");
	assert_string_equal(str(o, "broker_time"), "2024-05-01T12:00:00Z");
	assert_string_equal(str(o, "text"), "meter cold did not answer: timeout");
	assert_true(json_is_null(json_object_get(o, "serial")));
	assert_true(json_is_null(json_object_get(o, "meter_time")));
	assert_true(json_is_null(json_object_get(o, "values")));
	assert_true(json_is_null(json_object_get(o, "archive")));
	json_decref(o);

	/* No on_failure text: the error alone. */
	o = body_of("r", &v, NULL);
	assert_true(json_is_null(json_object_get(o, "text")));
	assert_string_equal(str(o, "error"), "timeout");
	json_decref(o);
}

static void test_text_escaped(void **state)
{
	(void)state;
	struct meter_values v = {.meter = "he\"at", .reading = &reading, .broker_time_ms = BROKER_MS};
	const char *text = "line 1\nquote \" back \\ tab\t Grüße";
	json_t *o = body_of("a\\b", &v, text);
	assert_string_equal(str(o, "text"), text);
	assert_string_equal(str(o, "meter"), "he\"at");
	assert_string_equal(str(o, "report"), "a\\b");
	json_decref(o);
}

static void test_units(void **state)
{
	(void)state;
	assert_string_equal(meter_report_unit("energy"), "MWh");
	assert_string_equal(meter_report_unit("hour_energy_total"), "MWh");
	assert_string_equal(meter_report_unit("day_volume"), "m3");
	assert_string_equal(meter_report_unit("month_err_dt_h"), "h");
	assert_string_equal(meter_report_unit("flow_extra"), "m3/h");
	assert_null(meter_report_unit("serial"));
	assert_null(meter_report_unit("hour_errors"));
	assert_null(meter_report_unit("nonsense"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_reading),
		cmocka_unit_test(test_failed_reading),
		cmocka_unit_test(test_text_escaped),
		cmocka_unit_test(test_units),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
