/*
 * tem106_plan.h - which reads fetch what. A read carries at most 64 bytes,
 * so a reading takes 18 timer reads and an archive record 6 Flash reads.
 * A plan is a list of (address, length); the transport sends one request
 * per entry (tem106_build_read_t2k / _flash), then places each answer's
 * data with tem106_plan_place() and decodes the assembled buffer.
 */
#ifndef SMSB_TEM106_PLAN_H
#define SMSB_TEM106_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "tem106_archive.h"

struct tem106_read {
	uint32_t address;
	uint8_t length; /* 1..64 */
};

#define TEM106_READING_READS 18 /* 0000..017F and 0200..04FF */
#define TEM106_RECORD_READS 6   /* 384 / 64 */

/* Splits [start, start + len) into reads of at most 64 bytes into plan
 * (cap entries). 0, TEM106_E_ARG (len 0 or past 4 GiB) or TEM106_E_NOSPACE. */
int tem106_plan_range(uint32_t start, uint32_t len, struct tem106_read *plan, size_t cap,
		      size_t *n);

/* The timer reads tem106_decode_reading() needs (TEM106_READING_READS). */
int tem106_plan_reading(struct tem106_read *plan, size_t cap, size_t *n);

/* The Flash reads of record index (TEM106_RECORD_READS); also its address
 * through *base if not NULL. 0, TEM106_E_INDEX, TEM106_E_NOSPACE. */
int tem106_plan_record(enum tem106_flash flash, uint32_t index, struct tem106_read *plan,
		       size_t cap, size_t *n, uint32_t *base);

/*
 * Copies the n data bytes answering rd into dst, which holds memory from
 * address base (dst_len bytes): the timer image (base 0) or one record
 * (base = the record's address). 0, or TEM106_E_ARG if n is not rd's
 * length or the read does not fall inside dst.
 */
int tem106_plan_place(uint8_t *dst, size_t dst_len, uint32_t base, const struct tem106_read *rd,
		      const uint8_t *data, size_t n);

#endif
