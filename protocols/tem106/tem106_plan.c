/* tem106_plan.c - read plans and placing answers (see tem106_plan.h). */
#include "tem106_plan.h"

#include <string.h>

#include "tem106_frame.h"
#include "tem106_map.h"

int tem106_plan_range(uint32_t start, uint32_t len, struct tem106_read *plan, size_t cap,
		      size_t *n)
{
	if (len == 0 || start > UINT32_MAX - (len - 1))
		return TEM106_E_ARG;
	size_t need = ((size_t)len + TEM106_MAX_DATA - 1) / TEM106_MAX_DATA;
	if (need > cap)
		return TEM106_E_NOSPACE;
	for (size_t i = 0; i < need; i++) {
		uint32_t off = (uint32_t)i * TEM106_MAX_DATA;
		uint32_t left = len - off;
		plan[i].address = start + off;
		plan[i].length = (uint8_t)(left < TEM106_MAX_DATA ? left : TEM106_MAX_DATA);
	}
	*n = need;
	return TEM106_OK;
}

int tem106_plan_reading(struct tem106_read *plan, size_t cap, size_t *n)
{
	/* configuration up to net_num (0172), then current values up to adr_month */
	size_t a = 0, b = 0;
	int rc = tem106_plan_range(0x0000, 0x0180, plan, cap, &a);
	if (rc == TEM106_OK)
		rc = tem106_plan_range(0x0200, TEM106_T2K_USED_END - 0x0200, plan + a, cap - a, &b);
	if (rc == TEM106_OK)
		*n = a + b;
	return rc;
}

int tem106_plan_record(enum tem106_flash flash, uint32_t index, struct tem106_read *plan,
		       size_t cap, size_t *n, uint32_t *base)
{
	enum tem106_archive_kind kind;
	uint32_t addr;
	int rc = tem106_archive_locate(flash, index, &kind, &addr);
	if (rc == TEM106_OK)
		rc = tem106_plan_range(addr, TEM106_RECORD_SIZE, plan, cap, n);
	if (rc == TEM106_OK && base)
		*base = addr;
	return rc;
}

int tem106_plan_place(uint8_t *dst, size_t dst_len, uint32_t base, const struct tem106_read *rd,
		      const uint8_t *data, size_t n)
{
	if (n != rd->length || rd->address < base)
		return TEM106_E_ARG;
	uint32_t off = rd->address - base;
	if (off > dst_len || dst_len - off < n)
		return TEM106_E_ARG;
	if (n)
		memcpy(dst + off, data, n);
	return TEM106_OK;
}
