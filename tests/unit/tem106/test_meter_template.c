/*
 * Report templates (broker/meter_template.c) and the value names behind
 * them (broker/meter_values.c), rendered from the example meter image
 * whose decoded figures test_tem106_decode.c works out by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "meter_template.h"
#include "tem106_image.h"

static struct tem106_reading reading;
static struct tem106_record record; /* the example hourly record */

static int setup(void **state)
{
	(void)state;
	struct tem106_image img;
	struct tem106_image_values v;
	if (tem106_image_init(&img, 1, 1) != 0)
		return -1;
	struct tem106_image_record rec;
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

static const char *render(const char *tpl, const struct meter_values *v, unsigned decimals)
{
	static char out[512];
	assert_true(meter_template_render(tpl, v, decimals, out, sizeof out) >= 0);
	return out;
}

static void test_the_issue_example(void **state)
{
	(void)state;
	struct meter_values v = {.meter = "heat1", .reading = &reading};
	assert_string_equal(
		render("Heat {meter}: Q={energy_total:.1} MWh V1={volume[1]:.2} m3 t1={t[1]:.1}C at {meter_time}", &v, 2),
		"Heat heat1: Q=2222.2 MWh V1=456.75 m3 t1=70.5C at 2016-03-02 14:15:33");
}

static void test_every_form(void **state)
{
	(void)state;
	struct meter_values v = {.meter = "m", .reading = &reading, .broker_time_ms = 86400000LL + 61000};
	/* Default decimals, explicit ones, no index = index 1, integers, escapes. */
	assert_string_equal(render("{volume}|{volume[2]}|{volume[2]:.0}|{volume[2]:.5}", &v, 3),
			    "456.750|1234.568|1235|1234.56775");
	assert_string_equal(render("{serial} {net_num} {systems} {serial:.1}", &v, 2),
			    "21827345 7 2 21827345.0");
	assert_string_equal(render("{{x}} {t[6]} {p[3]:.3} {flow_v[2]} {flow_m[4]}", &v, 2),
			    "{x} -1.50 0.375 1.25 0.25");
	assert_string_equal(render("{energy[3]:.7} {mass[2]:.4} {flow_extra[1]}", &v, 2),
			    "10.0000075 1200.0005 0.75");
	assert_string_equal(render("{powered_h:.0} {normal_h[2]:.2} {err_gmin_h[1]:.4}", &v, 2),
			    "1000 944.44 0.0278");
	assert_string_equal(render("{broker_time}", &v, 2), "1970-01-02 00:01:01");
	assert_string_equal(render("no placeholders", &v, 2), "no placeholders");
}

static void test_failure_texts(void **state)
{
	(void)state;
	struct meter_values v = {.meter = "heat1", .error = "timeout"};
	assert_string_equal(render("meter {meter} did not answer: {error}", &v, 2),
			    "meter heat1 did not answer: timeout");
	char why[128];
	assert_int_equal(meter_template_check("meter {meter}: {error}", false, why, sizeof why), 0);
	assert_int_equal(meter_template_check("{meter}: {energy_total}", false, why, sizeof why), -1);
	assert_string_equal(why, "{energy_total} needs a reading (only meter, broker_time and error here)");
	/* Rendering a reading's value without one fails rather than printing garbage. */
	char out[64];
	assert_int_equal(meter_template_render("{energy_total}", &v, 2, out, sizeof out), -1);
}

static void test_check_errors(void **state)
{
	(void)state;
	static const struct {
		const char *tpl, *why;
	} bad[] = {
		{"{nope}", "unknown value {nope}"},
		{"{t[8]}", "{t}: index out of range or not indexed"},
		{"{serial[1]}", "{serial}: index out of range or not indexed"},
		{"{t[0]}", "cannot read placeholder {t[0]}: expected {name}, {name[i]} or {name[i]:.N}"},
		{"{t[1]:2}", "cannot read placeholder {t[1]:2}: expected {name}, {name[i]} or {name[i]:.N}"},
		{"{t[1]:.10}", "cannot read placeholder {t[1]:.10}: expected {name}, {name[i]} or {name[i]:.N}"},
		{"{}", "cannot read placeholder {}: expected {name}, {name[i]} or {name[i]:.N}"},
		{"open {meter", "'{' without its '}'"},
		{"lone } brace", "a lone '}' (write \"}}\" for a brace)"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char why[128] = "";
		assert_int_equal(meter_template_check(bad[i].tpl, true, why, sizeof why), -1);
		assert_string_equal(why, bad[i].why);
	}
	char why[128];
	assert_int_equal(meter_template_check("{t[7]} {p[7]} {fault_h[6]} {{}}", true, why, sizeof why), 0);
}

static void test_small_buffer_and_nan(void **state)
{
	(void)state;
	struct meter_values v = {.meter = "heat1", .reading = &reading};
	char out[8];
	assert_int_equal(meter_template_render("{meter} {serial}", &v, 2, out, sizeof out), -2);
	assert_int_equal(meter_template_render("{meter}", &v, 2, out, sizeof out), 5);
	struct tem106_reading r = reading;
	r.current.temperature_c[0] = NAN;
	v.reading = &r;
	assert_string_equal(render("t1={t[1]:.1}", &v, 2), "t1=-");
}

static void test_json(void **state)
{
	(void)state;
	struct meter_values v = {.meter = "heat1", .reading = &reading};
	char out[8192];
	int n = meter_values_json(&v, out, sizeof out);
	assert_true(n > 0 && (size_t)n == strlen(out));
	assert_non_null(strstr(out, "{\"meter\":\"heat1\",\"serial\":21827345,"));
	assert_non_null(strstr(out, "\"meter_time\":\"2016-03-02 14:15:33\""));
	assert_non_null(strstr(out, "\"t\":[70.5,45.25,55,40,5,-1.5,0]"));
	assert_null(strstr(out, "\"error\""));
	assert_int_equal(out[n - 1], '}');
	assert_int_equal(meter_values_json(&v, out, 100), -1);
}

static void test_records(void **state)
{
	(void)state;
	struct meter_values v = {.meter = "heat1", .reading = &reading, .records = {&record}};
	/* The hourly record's figures as test_tem106_decode.c works them out by hand. */
	assert_string_equal(
		render("{hour_period} Q={hour_energy_total:.4} V1={hour_volume[1]:.3} t1={hour_t[1]}"
		       " p2={hour_p[2]} on={hour_powered_h:.1} gmin2={hour_err_gmin_h[2]:.4}", &v, 2),
		"2015-03-20 07:00:00 Q=2221.0025 V1=456.025 t1=70.25 p2=0.25 on=999.7 gmin2=0.0056");
	assert_string_equal(
		render("e1={hour_errors[1]}; e2={hour_errors}; e3={hour_errors[2]}; e4={hour_errors[3]};"
		       " bits={hour_error_bits[1]}", &v, 2),
		"e1=G1 below min, power off; e2=G1 below min, power off; e3=dt below min; e4=none; bits=129");
	/* Kinds that were not read print "-", numbers and text alike. */
	assert_string_equal(render("D {day_period} {day_energy[2]:.1} M {month_errors[6]}", &v, 2),
			    "D - - M -");
	/* Checked like the others: a reading is needed, indices are bounded. */
	char why[160];
	assert_int_equal(meter_template_check("{month_energy[6]} {day_p[6]}", true, why, sizeof why), 0);
	assert_int_equal(meter_template_check("{day_p[7]}", true, why, sizeof why), -1);
	assert_int_equal(meter_template_check("{week_energy}", true, why, sizeof why), -1);
	assert_int_equal(meter_template_check("{hour_nothing}", true, why, sizeof why), -1);
	assert_int_equal(meter_template_check("{hour_errors[1]}", false, why, sizeof why), -1);

	char out[4096];
	int n = meter_values_record_json(&record, out, sizeof out);
	assert_true(n > 0 && (size_t)n == strlen(out));
	assert_non_null(strstr(out, "{\"period\":\"2015-03-20 07:00:00\",\"created\":\"2015-03-20 08:00:00\","));
	assert_non_null(strstr(out, "\"errors\":[\"G1 below min, power off\",\"dt below min\",\"none\""));
	assert_non_null(strstr(out, "\"error_bits\":[129,16,0,0,0,0]"));
	assert_int_equal(meter_values_record_json(&record, out, 64), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_the_issue_example),
		cmocka_unit_test(test_every_form),
		cmocka_unit_test(test_failure_texts),
		cmocka_unit_test(test_check_errors),
		cmocka_unit_test(test_small_buffer_and_nan),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_records),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
