/* tem106_num.c - float, BCD and coefficient helpers (see tem106_num.h). */
#include "tem106_num.h"

#include <string.h>

_Static_assert(sizeof(float) == 4, "the meter's F is a 4-byte IEEE-754 float");

int tem106_get_f32be(struct wire_reader *r, float *v)
{
	uint32_t bits;
	int rc = wire_get_u32be(r, &bits);
	if (rc != WIRE_OK)
		return rc;
	memcpy(v, &bits, sizeof *v);
	return WIRE_OK;
}

int tem106_get_f32s(struct wire_reader *r, float *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (tem106_get_f32be(r, &v[i]) != WIRE_OK)
			return WIRE_ESHORT;
	return WIRE_OK;
}

int tem106_get_u32s(struct wire_reader *r, uint32_t *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (wire_get_u32be(r, &v[i]) != WIRE_OK)
			return WIRE_ESHORT;
	return WIRE_OK;
}

int tem106_get_u16s(struct wire_reader *r, uint16_t *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (wire_get_u16be(r, &v[i]) != WIRE_OK)
			return WIRE_ESHORT;
	return WIRE_OK;
}

int tem106_view(const uint8_t *mem, size_t len, size_t base, size_t need, struct wire_reader *r)
{
	if (!mem || base > len || len - base < need)
		return TEM106_E_ARG;
	wire_reader_init(r, mem + base, need);
	return TEM106_OK;
}

int tem106_bcd(uint8_t b, uint8_t *v)
{
	uint8_t hi = b >> 4, lo = b & 0x0F;
	if (hi > 9 || lo > 9)
		return TEM106_E_BCD;
	*v = (uint8_t)(hi * 10 + lo);
	return TEM106_OK;
}

static int days_in_month(unsigned year, unsigned month)
{
	static const uint8_t days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (month == 2 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))
		return 29;
	return days[month - 1];
}

/* Decodes the BCD bytes in the order given by which[] (0 s, 1 min, 2 h,
 * 3 day, 4 month, 5 year) and checks the ranges. */
static int datetime_bcd(const uint8_t *p, const uint8_t *which, int n, struct tem106_datetime *dt)
{
	uint8_t v[6] = {0};
	for (int i = 0; i < n; i++) {
		if (tem106_bcd(p[i], &v[which[i]]) != TEM106_OK)
			return TEM106_E_BCD;
	}
	if (v[0] > 59 || v[1] > 59 || v[2] > 23 || v[4] < 1 || v[4] > 12 || v[3] < 1 ||
	    v[3] > days_in_month(2000u + v[5], v[4]))
		return TEM106_E_BCD;
	dt->second = v[0];
	dt->minute = v[1];
	dt->hour = v[2];
	dt->day = v[3];
	dt->month = v[4];
	dt->year = (uint16_t)(2000 + v[5]);
	return TEM106_OK;
}

int tem106_datetime_rtc(const uint8_t p[6], struct tem106_datetime *dt)
{
	static const uint8_t order[6] = {0, 1, 2, 3, 4, 5};
	return datetime_bcd(p, order, 6, dt);
}

int tem106_datetime_record(const uint8_t p[4], struct tem106_datetime *dt)
{
	static const uint8_t order[4] = {2, 3, 4, 5};
	return datetime_bcd(p, order, 4, dt);
}

uint32_t tem106_k_energy(uint8_t comma)
{
	switch (comma) {
	case 6: return 100000;
	case 5: return 10000;
	case 4: return 1000;
	case 3: return 100;
	case 2: return 10;
	default: return 1;
	}
}

uint32_t tem106_k_volume(uint8_t comma)
{
	switch (comma) {
	case 5: return 1000;
	case 4: return 100;
	case 3: return 10;
	default: return 1;
	}
}

double tem106_integral(uint32_t high, float low, uint32_t k)
{
	return ((double)high + (double)low) / (double)(k ? k : 1);
}
