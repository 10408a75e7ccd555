/*
 * tem106_archive.h - where archive records live in Flash (seed 5.2): three
 * rings of 384-byte records (hourly, daily, reporting-date), laid end to
 * end from address 0, so record N is at N * 384 for both flash sizes. The
 * timer memory's adr_hour/adr_day/adr_month hold the Flash address of the
 * record to be written next, plus 200000h.
 */
#ifndef SMSB_TEM106_ARCHIVE_H
#define SMSB_TEM106_ARCHIVE_H

#include <stdint.h>

#include "tem106_err.h"
#include "tem106_reading.h"

#define TEM106_RECORD_SIZE 384u
#define TEM106_POINTER_BASE 0x200000u

enum tem106_archive_kind {
	TEM106_ARCH_HOURLY = 0,  /* "часовые записи" */
	TEM106_ARCH_DAILY = 1,   /* "суточные записи", written at midnight */
	TEM106_ARCH_MONTHLY = 2, /* "записи на отчетную дату", the reporting day */
};

/* One ring: record indexes [first_index, first_index + count), Flash
 * addresses [start, end), end = start + count * 384. */
struct tem106_archive_region {
	uint32_t first_index;
	uint32_t count;
	uint32_t start;
	uint32_t end;
};

/* "hourly", "daily", "monthly"; "unknown" for other values. */
const char *tem106_archive_kind_name(enum tem106_archive_kind kind);

/* The ring of kind in a flash layout. 0, or TEM106_E_ARG for unknown values. */
int tem106_archive_region(enum tem106_flash flash, enum tem106_archive_kind kind,
			  struct tem106_archive_region *out);

/* Which ring record index belongs to and its Flash address.
 * 0, or TEM106_E_INDEX past the layout's last record (E_ARG: bad flash). */
int tem106_archive_locate(enum tem106_flash flash, uint32_t index, enum tem106_archive_kind *kind,
			  uint32_t *address);

/*
 * The record back steps before the one to be written next, given the raw
 * pointer from the timer memory (adr_hour, adr_day or adr_month): back 0
 * is the newest record, wrapping inside the ring. 0, TEM106_E_POINTER
 * (pointer below 200000h, outside the ring or not on a record boundary)
 * or TEM106_E_INDEX (back >= the ring's size).
 */
int tem106_archive_recent(enum tem106_flash flash, enum tem106_archive_kind kind, uint32_t raw_ptr,
			  uint32_t back, uint32_t *index);

#endif
