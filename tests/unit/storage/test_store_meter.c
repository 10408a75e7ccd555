/*
 * Meter readings and report schedule runs on a real SQLite file: a
 * current reading is appended every time, an archive record only once
 * (same meter, kind and meter time), the row holds what was given (read
 * back with SQL, not through the store), and a report's last run is
 * unknown until recorded, then updated in place.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "store_test_fixture.h"

#define NOW 1800000000000LL

static int setup(void **state)
{
	(void)state;
	return fixture_setup("store-meter");
}

static struct store_op insert(struct store_meter_reading *r)
{
	struct store_op op = {.kind = STORE_OP_METER_READING_INSERT, .reading = r};
	run(&op);
	return op;
}

static void test_current_readings_append(void **state)
{
	(void)state;
	static const uint8_t raw[] = {0x02, 0x04, 0x07};
	struct store_meter_reading r = {
		.meter = "heat1", .serial = 21827345, .kind = STORE_METER_CURRENT,
		.meter_time = "2016-03-02 14:15:33", .broker_time = NOW,
		.values_json = "{\"serial\":21827345}", .raw = raw, .raw_len = sizeof raw,
	};
	struct store_op op = insert(&r);
	assert_int_equal(op.result, STORE_OK);
	assert_int_equal(op.count, 1);
	int64_t first = r.id;
	assert_true(first > 0);
	r.broker_time = NOW + 1000;
	op = insert(&r);
	assert_int_equal(op.count, 1);
	assert_true(r.id > first);

	sqlite3 *db;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT meter, serial, kind, meter_time, broker_time,"
					    " vals, raw FROM meter_readings WHERE id = ?", -1, &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_int64(st, 1, first);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "heat1");
	assert_int_equal(sqlite3_column_int64(st, 1), 21827345);
	assert_int_equal(sqlite3_column_int(st, 2), STORE_METER_CURRENT);
	assert_string_equal((const char *)sqlite3_column_text(st, 3), "2016-03-02 14:15:33");
	assert_int_equal(sqlite3_column_int64(st, 4), NOW);
	assert_string_equal((const char *)sqlite3_column_text(st, 5), "{\"serial\":21827345}");
	assert_int_equal(sqlite3_column_bytes(st, 6), 3);
	assert_memory_equal(sqlite3_column_blob(st, 6), raw, 3);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

static void test_archive_records_once(void **state)
{
	(void)state;
	struct store_meter_reading r = {
		.meter = "heat1", .serial = 1, .kind = STORE_METER_HOURLY,
		.meter_time = "2015-03-20 07:00:00", .broker_time = NOW, .values_json = "{}",
	};
	struct store_op op = insert(&r);
	assert_int_equal(op.result, STORE_OK);
	assert_int_equal(op.count, 1);
	/* The same record read again: kept as it was. */
	r.broker_time = NOW + 3600000;
	op = insert(&r);
	assert_int_equal(op.result, STORE_OK);
	assert_int_equal(op.count, 0);
	assert_int_equal(r.id, 0);
	/* Another meter, another kind or another hour is a new row. */
	r.kind = STORE_METER_DAILY;
	assert_int_equal(insert(&r).count, 1);
	r.meter = "heat2";
	assert_int_equal(insert(&r).count, 1);
	r.meter_time = "2015-03-20 08:00:00";
	assert_int_equal(insert(&r).count, 1);
}

static void test_malformed_reading(void **state)
{
	(void)state;
	struct store_meter_reading r = {.meter = "heat1"};
	assert_int_equal(insert(&r).result, STORE_EINVAL);
	struct store_op op = {.kind = STORE_OP_METER_READING_INSERT};
	run(&op);
	assert_int_equal(op.result, STORE_EINVAL);
}

static void test_schedule_runs(void **state)
{
	(void)state;
	struct store_op get = {.kind = STORE_OP_SCHEDULE_GET};
	snprintf(get.name, sizeof get.name, "daily-heat");
	run(&get);
	assert_int_equal(get.result, STORE_ENOTFOUND);

	struct store_op set = {.kind = STORE_OP_SCHEDULE_SET, .at = NOW};
	snprintf(set.name, sizeof set.name, "daily-heat");
	run(&set);
	assert_int_equal(set.result, STORE_OK);
	get.at = 0;
	run(&get);
	assert_int_equal(get.result, STORE_OK);
	assert_int_equal(get.at, NOW);

	set.at = NOW + 86400000;
	run(&set);
	run(&get);
	assert_int_equal(get.at, NOW + 86400000);
	/* Reports are apart. */
	snprintf(get.name, sizeof get.name, "weekly");
	run(&get);
	assert_int_equal(get.result, STORE_ENOTFOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_current_readings_append),
		cmocka_unit_test(test_archive_records_once),
		cmocka_unit_test(test_malformed_reading),
		cmocka_unit_test(test_schedule_runs),
	};
	return cmocka_run_group_tests(tests, setup, fixture_teardown);
}
