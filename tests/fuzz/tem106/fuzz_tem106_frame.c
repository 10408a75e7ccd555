/*
 * libFuzzer target: TEM-106 answer checking (scan and parse) and the
 * decoders of timer memory and archive records, fed arbitrary bytes.
 * Input: byte 0 picks the expectation (address, group, command, length,
 * any-length) from a few bytes that follow; the rest is the answer, and
 * is also decoded as a record and as a timer image when long enough.
 * Invariants are checked with abort(): a frame reported complete lies
 * inside the input, its LEN matches, and parse agrees with scan.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "tem106_archive.h"
#include "tem106_frame.h"
#include "tem106_plan.h"
#include "tem106_reading.h"
#include "tem106_record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_frame(const struct tem106_expect *exp, const uint8_t *p, size_t n)
{
	size_t flen = 0;
	int rc = tem106_answer_scan(exp, p, n, &flen);
	if (rc == TEM106_OK) {
		if (flen < TEM106_HEADER_LEN + 1 || flen > n || flen != (size_t)p[5] + 7u)
			abort();
		if (tem106_checksum(p, flen - 1) != p[flen - 1])
			abort();
		const uint8_t *d = NULL;
		size_t dlen = 0;
		if (tem106_answer_parse(exp, p, flen, &d, &dlen) != TEM106_OK || d != p + 6 ||
		    dlen != p[5] || (!exp->any_len && dlen != exp->len))
			abort();
		/* every shorter prefix asks for more */
		if (tem106_answer_scan(exp, p, flen - 1, &flen) != TEM106_NEED_MORE)
			abort();
	} else if (rc != TEM106_NEED_MORE && (rc > TEM106_E_START || rc < TEM106_E_CHECKSUM)) {
		abort();
	}
	size_t skip = tem106_answer_resync(p, n);
	if (skip > n || (skip < n && p[skip] != TEM106_SIG_SLAVE))
		abort();
}

static void check_archive(const uint8_t *p, size_t n)
{
	if (n < 10)
		return;
	enum tem106_flash flash = (enum tem106_flash)(p[0] & 1);
	enum tem106_archive_kind kind = (enum tem106_archive_kind)(p[1] % 3);
	uint32_t ptr = (uint32_t)p[2] << 24 | (uint32_t)p[3] << 16 | (uint32_t)p[4] << 8 | p[5];
	uint32_t back = (uint32_t)p[6] << 8 | p[7];
	uint32_t index = 0;
	if (tem106_archive_recent(flash, kind, ptr, back, &index) != TEM106_OK)
		return;
	enum tem106_archive_kind k;
	uint32_t addr;
	struct tem106_read plan[TEM106_RECORD_READS];
	size_t np = 0;
	if (tem106_archive_locate(flash, index, &k, &addr) != TEM106_OK || k != kind ||
	    tem106_plan_record(flash, index, plan, TEM106_RECORD_READS, &np, NULL) != TEM106_OK ||
	    np != TEM106_RECORD_READS)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 4)
		return 0;
	struct tem106_expect exp = {
		.addr = data[1],
		.cgrp = (data[0] & 1) ? TEM106_GRP_READ : TEM106_GRP_LINK,
		.cmd = (data[0] & 2) ? TEM106_CMD_READ_FLASH : TEM106_CMD_READ_T2K,
		.len = data[2],
		.any_len = (data[0] & 4) != 0,
	};
	if (!(data[0] & 1))
		exp.cmd = TEM106_CMD_IDENTIFY;
	const uint8_t *p = data + 3;
	size_t n = size - 3;
	check_frame(&exp, p, n);
	check_archive(p, n);

	struct tem106_record rec;
	(void)tem106_decode_record(p, n, &rec);
	struct tem106_reading rd;
	(void)tem106_decode_reading(p, n, &rd);
	char ident[TEM106_MAX_DATA + 1];
	(void)tem106_ident_copy(p, n < TEM106_MAX_DATA ? n : TEM106_MAX_DATA, ident, sizeof ident);
	return 0;
}
