/*
 * tem106_image.c - test meter memory and answers (see tem106_image.h).
 * Addresses are typed from the seed's tables (section 5), not taken from
 * protocols/tem106/tem106_map.h.
 */
#include "tem106_image.h"

#include <stdlib.h>
#include <string.h>

int tem106_image_init(struct tem106_image *img, uint8_t addr, int flash_1m)
{
	memset(img, 0, sizeof *img);
	img->addr = addr;
	strcpy(img->ident, "TEMC106");
	img->flash_len = flash_1m ? TEM106_IMAGE_FLASH_1M : TEM106_IMAGE_FLASH_512K;
	img->flash = malloc(img->flash_len);
	if (!img->flash)
		return -1;
	memset(img->flash, 0xFF, img->flash_len);
	return 0;
}

void tem106_image_free(struct tem106_image *img)
{
	if (!img)
		return;
	free(img->flash);
	img->flash = NULL;
	img->flash_len = 0;
}

void tem106_image_put_u16(uint8_t *mem, size_t at, uint16_t v)
{
	mem[at] = (uint8_t)(v >> 8);
	mem[at + 1] = (uint8_t)v;
}

void tem106_image_put_u32(uint8_t *mem, size_t at, uint32_t v)
{
	mem[at] = (uint8_t)(v >> 24);
	mem[at + 1] = (uint8_t)(v >> 16);
	mem[at + 2] = (uint8_t)(v >> 8);
	mem[at + 3] = (uint8_t)v;
}

void tem106_image_put_f32(uint8_t *mem, size_t at, float v)
{
	uint32_t bits;
	memcpy(&bits, &v, sizeof bits);
	tem106_image_put_u32(mem, at, bits);
}

uint8_t tem106_image_bcd(unsigned v)
{
	return (uint8_t)(((v / 10) % 10) << 4 | (v % 10));
}

static void put_f32s(uint8_t *mem, size_t at, const float *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		tem106_image_put_f32(mem, at + 4 * i, v[i]);
}

static void put_u32s(uint8_t *mem, size_t at, const uint32_t *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		tem106_image_put_u32(mem, at + 4 * i, v[i]);
}

void tem106_image_write_t2k(struct tem106_image *img, const struct tem106_image_values *v)
{
	uint8_t *m = img->t2k;
	m[0x0000] = v->systems;
	memcpy(m + 0x0001, v->system_t, 6);
	memcpy(m + 0x0007, v->sys_g, 6);
	memcpy(m + 0x000D, v->sys_t, 6);
	memcpy(m + 0x0013, v->sys_p, 6);
	m[0x0019] = v->used_g;
	m[0x001A] = v->used_t;
	m[0x001B] = v->used_p;
	put_f32s(m, 0x0044, v->dt_min, 6);
	put_f32s(m, 0x0134, v->g_max, 6);
	memcpy(m + 0x014C, v->g_pcmt_max, 6);
	tem106_image_put_u32(m, 0x0152, v->number);
	tem106_image_put_u16(m, 0x0168, v->flash_type);
	m[0x0172] = v->net_num;
	put_f32s(m, 0x0200, v->t_n, 7);
	put_f32s(m, 0x0234, v->p_n, 7);
	put_f32s(m, 0x0280, v->gv_78, 2);
	put_f32s(m, 0x0288, v->rashod_v, 6);
	put_f32s(m, 0x02A0, v->rashod_m, 6);
	for (size_t i = 0; i < 6; i++)
		tem106_image_put_u16(m, 0x02EE + 2 * i, v->diam[i]);
	memcpy(m + 0x02FA, v->comma, 6);
	put_f32s(m, 0x0300, v->lvolume, 6);
	put_u32s(m, 0x0318, v->volume, 6);
	put_f32s(m, 0x0330, v->lmass, 6);
	put_u32s(m, 0x0348, v->mass, 6);
	put_f32s(m, 0x0360, v->lenergy, 6);
	put_u32s(m, 0x0378, v->energy, 6);
	tem106_image_put_f32(m, 0x0390, v->lenergyall);
	tem106_image_put_u32(m, 0x0394, v->energyall);
	tem106_image_put_u32(m, 0x0400, v->time_wrkall);
	put_u32s(m, 0x0404, v->time_wrk, 6);
	put_u32s(m, 0x041C, v->time_e1, 6);
	put_u32s(m, 0x0434, v->time_e2, 6);
	put_u32s(m, 0x044C, v->time_e3, 6);
	put_u32s(m, 0x0464, v->time_e4, 6);
	m[0x0482] = tem106_image_bcd(v->ss);
	m[0x0483] = tem106_image_bcd(v->mm);
	m[0x0484] = tem106_image_bcd(v->hh);
	m[0x0485] = tem106_image_bcd(v->day);
	m[0x0486] = tem106_image_bcd(v->month);
	m[0x0487] = tem106_image_bcd(v->year2);
	memcpy(m + 0x04BE, v->g_pcmt_min, 6);
	put_f32s(m, 0x04DC, v->lvolume_78, 2);
	put_u32s(m, 0x04E4, v->volume_78, 2);
	tem106_image_put_u32(m, 0x04F4, v->adr_hour);
	tem106_image_put_u32(m, 0x04F8, v->adr_day);
	tem106_image_put_u32(m, 0x04FC, v->adr_month);
}

int tem106_image_write_record(struct tem106_image *img, uint32_t index,
			      const struct tem106_image_record *r)
{
	size_t at = (size_t)index * 384;
	if (at > img->flash_len || img->flash_len - at < 384)
		return -1;
	uint8_t *m = img->flash + at;
	memset(m, 0x00, 384);
	m[0x0000] = tem106_image_bcd(r->hour);
	m[0x0001] = tem106_image_bcd(r->day);
	m[0x0002] = tem106_image_bcd(r->month);
	m[0x0003] = tem106_image_bcd(r->year2);
	put_f32s(m, 0x0004, r->lvolume, 6);
	put_u32s(m, 0x001C, r->volume, 6);
	put_f32s(m, 0x0034, r->lmass, 6);
	put_u32s(m, 0x004C, r->mass, 6);
	put_f32s(m, 0x0064, r->lenergy, 6);
	put_u32s(m, 0x007C, r->energy, 6);
	tem106_image_put_f32(m, 0x0094, r->lenergyall);
	tem106_image_put_u32(m, 0x0098, r->energyall);
	tem106_image_put_u32(m, 0x009C, r->time_wrkall);
	put_u32s(m, 0x00A0, r->time_wrk, 6);
	put_u32s(m, 0x00B8, r->time_e1, 6);
	put_u32s(m, 0x00D0, r->time_e2, 6);
	put_u32s(m, 0x00E8, r->time_e3, 6);
	put_u32s(m, 0x0100, r->time_e4, 6);
	memcpy(m + 0x0118, r->comma, 6);
	put_f32s(m, 0x011E, r->mt, 7);
	put_f32s(m, 0x013A, r->mp, 6);
	put_f32s(m, 0x0152, r->volume_dop_l, 2);
	put_f32s(m, 0x015A, r->volume_dop_h, 2);
	memcpy(m + 0x016A, r->error, 6);
	m[0x0175] = tem106_image_bcd(r->pred_hour);
	m[0x0176] = tem106_image_bcd(r->pred_day);
	m[0x0177] = tem106_image_bcd(r->pred_month);
	m[0x0178] = tem106_image_bcd(r->pred_year2);
	m[0x017F] = r->checksum;
	return 0;
}

/*
 * The example meter. Floats are exact binary fractions, so the decoded
 * figures are exact sums: energy 1 = (123456 + 0.5) / 100 (comma 3), etc.
 * The comma codes cover both tables' edges: 3, 5, 6 (k_V "other"), 2, 4, 0.
 */
void tem106_image_example_values(struct tem106_image_values *v)
{
	static const struct tem106_image_values ex = {
		.systems = 2,
		.system_t = {0x04, 0x07},
		.sys_g = {0x03, 0x0C},
		.sys_t = {0x03, 0x0C},
		.sys_p = {0x03, 0x00},
		.used_g = 0x0F, .used_t = 0x0F, .used_p = 0x03,
		.dt_min = {3.0f, 2.5f},
		.g_max = {10.0f, 10.0f, 5.0f, 5.0f},
		.g_pcmt_max = {100, 100, 80, 80},
		.g_pcmt_min = {40, 40, 20, 20},
		.number = 21827345,      /* the seed's long example, 01 4D 0F 11 */
		.flash_type = 0x1F25,    /* 1 MB */
		.net_num = 7,
		.diam = {50, 50, 25, 25},
		.t_n = {70.5f, 45.25f, 55.0f, 40.0f, 5.0f, -1.5f, 0.0f},
		.p_n = {0.5f, 0.25f, 0.375f, 0.125f},
		.rashod_v = {1.5f, 1.25f, 0.5f, 0.25f},
		.rashod_m = {1.5f, 1.25f, 0.5f, 0.25f},
		.gv_78 = {0.75f, 0.0f},
		.comma = {3, 5, 6, 2, 4, 0},
		.lvolume = {0.5f, 0.75f, 0.5f, 0.25f, 0.5f, 0.0f},
		.volume = {4567, 1234567, 42, 9, 300, 1},
		.lmass = {0.25f, 0.5f, 0.25f, 0.5f, 0.25f, 0.5f},
		.mass = {4500, 1200000, 40, 8, 290, 2},
		.lenergy = {0.5f, 0.25f, 0.75f, 0.5f, 0.125f, 0.0f},
		.energy = {123456, 98765432, 1000000, 55, 2000, 7},
		.lenergyall = 0.5f,
		.energyall = 222222,
		.lvolume_78 = {0.5f, 0.25f},
		.volume_78 = {10, 20},
		.time_wrkall = 3600000,
		.time_wrk = {3500000, 3400000},
		.time_e1 = {100, 200},
		.time_e2 = {300, 400},
		.time_e3 = {500, 600},
		.time_e4 = {700, 800},
		/* the seed's clock example: 33 15 14 02 03 16 */
		.ss = 33, .mm = 15, .hh = 14, .day = 2, .month = 3, .year2 = 16,
		/* next hourly record index 5, next daily 1730, next monthly 2464 */
		.adr_hour = 0x200000 + 5 * 384,
		.adr_day = 0x200000 + 0xA2000 + 2 * 384,
		.adr_month = 0x200000 + 0xE7000,
	};
	*v = ex;
}

void tem106_image_example_record(struct tem106_image_record *r)
{
	static const struct tem106_image_record ex = {
		/* the seed's examples: 08 20 03 15 and 07 20 03 15 */
		.hour = 8, .day = 20, .month = 3, .year2 = 15,
		.pred_hour = 7, .pred_day = 20, .pred_month = 3, .pred_year2 = 15,
		.lvolume = {0.25f, 0.5f},
		.volume = {4560, 1234000},
		.lmass = {0.75f, 0.25f},
		.mass = {4490, 1199000},
		.lenergy = {0.25f, 0.5f},
		.energy = {123400, 98700000},
		.lenergyall = 0.25f,
		.energyall = 222100,
		.time_wrkall = 3599000,
		.time_wrk = {3499000, 3399000},
		.time_e1 = {10, 20},
		.time_e2 = {30, 40},
		.time_e3 = {50, 60},
		.time_e4 = {70, 80},
		.comma = {3, 5},
		.mt = {70.25f, 45.5f, 55.0f, 40.0f},
		.mp = {0.5f, 0.25f},
		.volume_dop_l = {0.5f, 0.0f},
		.volume_dop_h = {12.0f, 0.0f},
		.error = {0x81, 0x10},
		.checksum = 0x5A,
	};
	*r = ex;
}

/* Our own checksum, apart from the codec's: NOT of the low byte of the sum. */
static uint8_t sum_not(const uint8_t *p, size_t n)
{
	uint8_t s = 0;
	for (size_t i = 0; i < n; i++)
		s = (uint8_t)(s + p[i]);
	return (uint8_t)(0xFF ^ s);
}

static int frame(const struct tem106_image *img, uint8_t cgrp, uint8_t cmd, const uint8_t *data,
		 size_t n, uint8_t *out, size_t cap, size_t *out_len)
{
	if (cap < n + 7)
		return -1;
	out[0] = 0xAA;
	out[1] = img->addr;
	out[2] = (uint8_t)(0xFF ^ img->addr);
	out[3] = cgrp;
	out[4] = cmd;
	out[5] = (uint8_t)n;
	memcpy(out + 6, data, n);
	out[6 + n] = sum_not(out, 6 + n);
	*out_len = n + 7;
	return 0;
}

int tem106_image_answer(const struct tem106_image *img, const uint8_t *req, size_t len,
			uint8_t *out, size_t cap, size_t *out_len)
{
	if (len < 7 || req[0] != 0x55 || req[1] != img->addr || (req[1] ^ req[2]) != 0xFF)
		return -1;
	size_t dlen = req[5];
	if (len != dlen + 7 || req[len - 1] != sum_not(req, len - 1))
		return -1;
	const uint8_t *d = req + 6;
	if (req[3] == 0x00 && req[4] == 0x00 && dlen == 0)
		return frame(img, 0x00, 0x00, (const uint8_t *)img->ident, strlen(img->ident), out,
			     cap, out_len);
	if (req[3] == 0x0F && req[4] == 0x01 && dlen == 3) {
		size_t at = (size_t)d[0] << 8 | d[1], n = d[2];
		if (n < 1 || n > 64 || at + n > TEM106_IMAGE_T2K)
			return -1;
		return frame(img, 0x0F, 0x01, img->t2k + at, n, out, cap, out_len);
	}
	if (req[3] == 0x0F && req[4] == 0x03 && dlen == 5) {
		size_t n = d[0];
		size_t at = (size_t)d[1] << 24 | (size_t)d[2] << 16 | (size_t)d[3] << 8 | d[4];
		if (n < 1 || n > 64 || at > img->flash_len || img->flash_len - at < n)
			return -1;
		return frame(img, 0x0F, 0x03, img->flash + at, n, out, cap, out_len);
	}
	return -1;
}
