/*
 * Archive layouts for both Flash sizes (seed 5.2 tables), the next-record
 * pointers (5.1 note 3: minus 200000h) and the read plans. Addresses are
 * the seed's, or record number * 384 worked out by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "tem106_archive.h"
#include "tem106_plan.h"

static void assert_region(enum tem106_flash f, enum tem106_archive_kind k, uint32_t first,
			  uint32_t count, uint32_t start, uint32_t last_byte)
{
	struct tem106_archive_region r;
	assert_int_equal(tem106_archive_region(f, k, &r), TEM106_OK);
	assert_int_equal(r.first_index, first);
	assert_int_equal(r.count, count);
	assert_int_equal(r.start, start);
	assert_int_equal(r.end - 1, last_byte);
}

static void test_regions_512k(void **state)
{
	(void)state;
	/* 0-863 00000000-00050FFF, 864-1231 00051000-000737FF */
	assert_region(TEM106_FLASH_512K, TEM106_ARCH_HOURLY, 0, 864, 0x00000000, 0x00050FFF);
	assert_region(TEM106_FLASH_512K, TEM106_ARCH_DAILY, 864, 368, 0x00051000, 0x000737FF);
	/* 1232-1359 from 00073800: 128 * 384 = C000h ends at 0007F7FF (the seed
	 * prints 0007EFFF, which would hold only 122 records) */
	assert_region(TEM106_FLASH_512K, TEM106_ARCH_MONTHLY, 1232, 128, 0x00073800, 0x0007F7FF);
}

static void test_regions_1m(void **state)
{
	(void)state;
	assert_region(TEM106_FLASH_1M, TEM106_ARCH_HOURLY, 0, 1728, 0x00000000, 0x000A1FFF);
	assert_region(TEM106_FLASH_1M, TEM106_ARCH_DAILY, 1728, 736, 0x000A2000, 0x000E6FFF);
	assert_region(TEM106_FLASH_1M, TEM106_ARCH_MONTHLY, 2464, 256, 0x000E7000, 0x000FEFFF);
	struct tem106_archive_region r;
	assert_int_equal(tem106_archive_region((enum tem106_flash)2, TEM106_ARCH_HOURLY, &r),
			 TEM106_E_ARG);
	assert_int_equal(tem106_archive_region(TEM106_FLASH_1M, (enum tem106_archive_kind)3, &r),
			 TEM106_E_ARG);
	assert_string_equal(tem106_archive_kind_name(TEM106_ARCH_MONTHLY), "monthly");
}

static void assert_locate(enum tem106_flash f, uint32_t index, enum tem106_archive_kind kind,
			  uint32_t addr)
{
	enum tem106_archive_kind k = (enum tem106_archive_kind)99;
	uint32_t a = 0;
	assert_int_equal(tem106_archive_locate(f, index, &k, &a), TEM106_OK);
	assert_int_equal(k, kind);
	assert_int_equal(a, addr);
}

static void test_locate(void **state)
{
	(void)state;
	assert_locate(TEM106_FLASH_512K, 0, TEM106_ARCH_HOURLY, 0x0);
	assert_locate(TEM106_FLASH_512K, 863, TEM106_ARCH_HOURLY, 0x50E80);   /* 863 * 384 */
	assert_locate(TEM106_FLASH_512K, 864, TEM106_ARCH_DAILY, 0x51000);
	assert_locate(TEM106_FLASH_512K, 1231, TEM106_ARCH_DAILY, 0x73680);   /* 1231 * 384 */
	assert_locate(TEM106_FLASH_512K, 1232, TEM106_ARCH_MONTHLY, 0x73800);
	assert_locate(TEM106_FLASH_512K, 1359, TEM106_ARCH_MONTHLY, 0x7F680); /* 1359 * 384 */
	assert_locate(TEM106_FLASH_1M, 1727, TEM106_ARCH_HOURLY, 0xA1E80);
	assert_locate(TEM106_FLASH_1M, 1728, TEM106_ARCH_DAILY, 0xA2000);
	assert_locate(TEM106_FLASH_1M, 2464, TEM106_ARCH_MONTHLY, 0xE7000);
	assert_locate(TEM106_FLASH_1M, 2719, TEM106_ARCH_MONTHLY, 0xFEE80);
	enum tem106_archive_kind k;
	uint32_t a;
	assert_int_equal(tem106_archive_locate(TEM106_FLASH_512K, 1360, &k, &a), TEM106_E_INDEX);
	assert_int_equal(tem106_archive_locate(TEM106_FLASH_1M, 2720, &k, &a), TEM106_E_INDEX);
	assert_int_equal(tem106_archive_locate(TEM106_FLASH_1M, UINT32_MAX, &k, &a), TEM106_E_INDEX);
}

static void test_next_record_pointers(void **state)
{
	(void)state;
	uint32_t i = 0;
	/* adr_hour 200780h: next hourly is 780h / 180h = 5, newest 4 */
	assert_int_equal(tem106_archive_recent(TEM106_FLASH_1M, TEM106_ARCH_HOURLY, 0x200780, 0, &i),
			 TEM106_OK);
	assert_int_equal(i, 4);
	assert_int_equal(tem106_archive_recent(TEM106_FLASH_1M, TEM106_ARCH_HOURLY, 0x200780, 4, &i),
			 TEM106_OK);
	assert_int_equal(i, 0);
	/* one further wraps to the ring's last slot */
	assert_int_equal(tem106_archive_recent(TEM106_FLASH_1M, TEM106_ARCH_HOURLY, 0x200780, 5, &i),
			 TEM106_OK);
	assert_int_equal(i, 1727);
	assert_int_equal(tem106_archive_recent(TEM106_FLASH_1M, TEM106_ARCH_HOURLY, 0x200780, 1727,
					       &i), TEM106_OK);
	assert_int_equal(i, 5);
	assert_int_equal(tem106_archive_recent(TEM106_FLASH_1M, TEM106_ARCH_HOURLY, 0x200780, 1728,
					       &i), TEM106_E_INDEX);
	/* adr_day 2A2300h: A2300h = 1730 * 384, newest 1729 */
	assert_int_equal(tem106_archive_recent(TEM106_FLASH_1M, TEM106_ARCH_DAILY, 0x2A2300, 0, &i),
			 TEM106_OK);
	assert_int_equal(i, 1729);
	/* adr_month at the ring's first slot: newest is its last, 2719 */
	assert_int_equal(tem106_archive_recent(TEM106_FLASH_1M, TEM106_ARCH_MONTHLY, 0x2E7000, 0, &i),
			 TEM106_OK);
	assert_int_equal(i, 2719);
	/* a pointer at the ring's end (before the wrap): newest is the last slot */
	assert_int_equal(tem106_archive_recent(TEM106_FLASH_1M, TEM106_ARCH_HOURLY, 0x2A2000, 0, &i),
			 TEM106_OK);
	assert_int_equal(i, 1727);
	/* 512 KB reporting-date ring: 200000h + 73800h + 10 * 180h, newest 1241 */
	assert_int_equal(tem106_archive_recent(TEM106_FLASH_512K, TEM106_ARCH_MONTHLY, 0x274700, 0,
					       &i), TEM106_OK);
	assert_int_equal(i, 1241);

	/* not minus 200000h, misaligned, in another ring, past the flash */
	assert_int_equal(tem106_archive_recent(TEM106_FLASH_1M, TEM106_ARCH_HOURLY, 0x000780, 0, &i),
			 TEM106_E_POINTER);
	assert_int_equal(tem106_archive_recent(TEM106_FLASH_1M, TEM106_ARCH_HOURLY, 0x200040, 0, &i),
			 TEM106_E_POINTER);
	assert_int_equal(tem106_archive_recent(TEM106_FLASH_1M, TEM106_ARCH_HOURLY, 0x2A2180, 0, &i),
			 TEM106_E_POINTER);
	assert_int_equal(tem106_archive_recent(TEM106_FLASH_1M, TEM106_ARCH_DAILY, 0x200780, 0, &i),
			 TEM106_E_POINTER);
	assert_int_equal(tem106_archive_recent(TEM106_FLASH_512K, TEM106_ARCH_MONTHLY, 0x2FF000, 0,
					       &i), TEM106_E_POINTER);
	assert_int_equal(tem106_archive_recent(TEM106_FLASH_1M, TEM106_ARCH_HOURLY, UINT32_MAX, 0,
					       &i), TEM106_E_POINTER);
}

static void test_plan_range(void **state)
{
	(void)state;
	struct tem106_read p[4];
	size_t n = 0;
	assert_int_equal(tem106_plan_range(0x10, 130, p, 4, &n), TEM106_OK);
	assert_int_equal(n, 3);
	assert_int_equal(p[0].address, 0x10);
	assert_int_equal(p[0].length, 64);
	assert_int_equal(p[1].address, 0x50);
	assert_int_equal(p[1].length, 64);
	assert_int_equal(p[2].address, 0x90);
	assert_int_equal(p[2].length, 2);
	assert_int_equal(tem106_plan_range(0, 64, p, 1, &n), TEM106_OK);
	assert_int_equal(n, 1);
	assert_int_equal(tem106_plan_range(0, 65, p, 1, &n), TEM106_E_NOSPACE);
	assert_int_equal(tem106_plan_range(0, 0, p, 4, &n), TEM106_E_ARG);
	assert_int_equal(tem106_plan_range(UINT32_MAX, 2, p, 4, &n), TEM106_E_ARG);
	assert_int_equal(tem106_plan_range(UINT32_MAX, 1, p, 4, &n), TEM106_OK);
}

static void test_plan_reading(void **state)
{
	(void)state;
	struct tem106_read p[TEM106_READING_READS];
	size_t n = 0;
	assert_int_equal(tem106_plan_reading(p, TEM106_READING_READS, &n), TEM106_OK);
	assert_int_equal(n, 18);
	/* 0000..017F in six reads, then 0200..04FF in twelve */
	assert_int_equal(p[0].address, 0x0000);
	assert_int_equal(p[5].address, 0x0140);
	assert_int_equal(p[6].address, 0x0200);
	assert_int_equal(p[17].address, 0x04C0);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(p[i].length, 64);
	assert_int_equal(tem106_plan_reading(p, 17, &n), TEM106_E_NOSPACE);
}

static void test_plan_record(void **state)
{
	(void)state;
	struct tem106_read p[TEM106_RECORD_READS];
	size_t n = 0;
	uint32_t base = 0;
	assert_int_equal(tem106_plan_record(TEM106_FLASH_1M, 2464, p, 6, &n, &base), TEM106_OK);
	assert_int_equal(n, 6);
	assert_int_equal(base, 0xE7000);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(p[i].address, 0xE7000 + 0x40 * i);
		assert_int_equal(p[i].length, 64);
	}
	assert_int_equal(tem106_plan_record(TEM106_FLASH_512K, 1359, p, 6, &n, NULL), TEM106_OK);
	assert_int_equal(p[5].address, 0x7F7C0); /* 7F680h + 5 * 40h */
	assert_int_equal(tem106_plan_record(TEM106_FLASH_512K, 1360, p, 6, &n, &base),
			 TEM106_E_INDEX);
	assert_int_equal(tem106_plan_record(TEM106_FLASH_1M, 0, p, 5, &n, &base), TEM106_E_NOSPACE);
}

static void test_plan_place(void **state)
{
	(void)state;
	uint8_t rec[384];
	memset(rec, 0, sizeof rec);
	uint8_t data[64];
	memset(data, 0x5C, sizeof data);
	const struct tem106_read last = {.address = 0xE7000 + 320, .length = 64};
	assert_int_equal(tem106_plan_place(rec, sizeof rec, 0xE7000, &last, data, 64), TEM106_OK);
	assert_int_equal(rec[319], 0);
	assert_int_equal(rec[320], 0x5C);
	assert_int_equal(rec[383], 0x5C);
	/* the answer's length must be the read's */
	assert_int_equal(tem106_plan_place(rec, sizeof rec, 0xE7000, &last, data, 63), TEM106_E_ARG);
	/* before the buffer, and past its end */
	const struct tem106_read before = {.address = 0xE6FC0, .length = 64};
	assert_int_equal(tem106_plan_place(rec, sizeof rec, 0xE7000, &before, data, 64),
			 TEM106_E_ARG);
	const struct tem106_read past = {.address = 0xE7000 + 321, .length = 64};
	assert_int_equal(tem106_plan_place(rec, sizeof rec, 0xE7000, &past, data, 64), TEM106_E_ARG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_regions_512k),
		cmocka_unit_test(test_regions_1m),
		cmocka_unit_test(test_locate),
		cmocka_unit_test(test_next_record_pointers),
		cmocka_unit_test(test_plan_range),
		cmocka_unit_test(test_plan_reading),
		cmocka_unit_test(test_plan_record),
		cmocka_unit_test(test_plan_place),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
