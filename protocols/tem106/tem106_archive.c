/*
 * tem106_archive.c - archive layouts for 512 KB and 1 MB Flash and the
 * next-record pointers (see tem106_archive.h). The layout is data: one
 * row per flash size and ring, record counts as the seed tables give them.
 */
#include "tem106_archive.h"

/* Records per ring: hourly, daily, reporting-date. */
static const uint32_t ring_counts[2][3] = {
	[TEM106_FLASH_512K] = {864, 368, 128},
	[TEM106_FLASH_1M] = {1728, 736, 256},
};

const char *tem106_archive_kind_name(enum tem106_archive_kind kind)
{
	switch (kind) {
	case TEM106_ARCH_HOURLY: return "hourly";
	case TEM106_ARCH_DAILY: return "daily";
	case TEM106_ARCH_MONTHLY: return "monthly";
	}
	return "unknown";
}

int tem106_archive_region(enum tem106_flash flash, enum tem106_archive_kind kind,
			  struct tem106_archive_region *out)
{
	if ((unsigned)flash > TEM106_FLASH_1M || (unsigned)kind > TEM106_ARCH_MONTHLY)
		return TEM106_E_ARG;
	uint32_t first = 0;
	for (unsigned k = 0; k < (unsigned)kind; k++)
		first += ring_counts[flash][k];
	out->first_index = first;
	out->count = ring_counts[flash][kind];
	out->start = first * TEM106_RECORD_SIZE;
	out->end = out->start + out->count * TEM106_RECORD_SIZE;
	return TEM106_OK;
}

int tem106_archive_locate(enum tem106_flash flash, uint32_t index, enum tem106_archive_kind *kind,
			  uint32_t *address)
{
	for (unsigned k = TEM106_ARCH_HOURLY; k <= TEM106_ARCH_MONTHLY; k++) {
		struct tem106_archive_region reg;
		int rc = tem106_archive_region(flash, (enum tem106_archive_kind)k, &reg);
		if (rc != TEM106_OK)
			return rc;
		if (index >= reg.first_index && index - reg.first_index < reg.count) {
			*kind = (enum tem106_archive_kind)k;
			*address = index * TEM106_RECORD_SIZE;
			return TEM106_OK;
		}
	}
	return TEM106_E_INDEX;
}

int tem106_archive_recent(enum tem106_flash flash, enum tem106_archive_kind kind, uint32_t raw_ptr,
			  uint32_t back, uint32_t *index)
{
	struct tem106_archive_region reg;
	int rc = tem106_archive_region(flash, kind, &reg);
	if (rc != TEM106_OK)
		return rc;
	if (raw_ptr < TEM106_POINTER_BASE)
		return TEM106_E_POINTER;
	uint32_t addr = raw_ptr - TEM106_POINTER_BASE;
	/* the end itself is accepted: the slot after the last, before the wrap */
	if (addr < reg.start || addr > reg.end || addr % TEM106_RECORD_SIZE != 0)
		return TEM106_E_POINTER;
	if (back >= reg.count)
		return TEM106_E_INDEX;
	uint32_t next = (addr - reg.start) / TEM106_RECORD_SIZE; /* 0..count */
	uint32_t slot = (next + reg.count - 1 - back) % reg.count;
	*index = reg.first_index + slot;
	return TEM106_OK;
}
