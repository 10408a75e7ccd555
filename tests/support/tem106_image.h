/*
 * tem106_image.h - a TEM-106 meter's memory for tests: a 2K timer memory
 * and an erased Flash, filled with known values, and a function that
 * answers master requests from them as the meter would.
 *
 * Written apart from the codec on purpose: addresses are the seed's,
 * typed here again, and frames are encoded with their own checksum code,
 * so a mistake in protocols/tem106 cannot cancel out in the tests. The
 * meter simulator of the integration tests reuses all of it.
 */
#ifndef SMSB_TEST_TEM106_IMAGE_H
#define SMSB_TEST_TEM106_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#define TEM106_IMAGE_T2K 2048u
#define TEM106_IMAGE_FLASH_512K (512u * 1024u)
#define TEM106_IMAGE_FLASH_1M (1024u * 1024u)

struct tem106_image {
	uint8_t addr;                    /* the network address it answers */
	char ident[16];                  /* identification answer, "TEMC106" */
	uint8_t t2k[TEM106_IMAGE_T2K];
	uint8_t *flash;                  /* owned; erased to FF */
	size_t flash_len;
};

/* Everything the timer memory holds that the codec decodes, as stored
 * (integer and fractional parts apart, dates as plain numbers). */
struct tem106_image_values {
	uint8_t systems, system_t[6], sys_g[6], sys_t[6], sys_p[6], used_g, used_t, used_p;
	float dt_min[6], g_max[6];
	uint8_t g_pcmt_max[6], g_pcmt_min[6];
	uint32_t number;
	uint16_t flash_type;
	uint8_t net_num;
	uint16_t diam[6];
	float t_n[7], p_n[7], rashod_v[6], rashod_m[6], gv_78[2];
	uint8_t comma[6];
	float lvolume[6], lmass[6], lenergy[6], lenergyall;
	uint32_t volume[6], mass[6], energy[6], energyall;
	float lvolume_78[2];
	uint32_t volume_78[2];
	uint32_t time_wrkall, time_wrk[6], time_e1[6], time_e2[6], time_e3[6], time_e4[6];
	unsigned ss, mm, hh, day, month, year2; /* the clock, year as 2 digits */
	uint32_t adr_hour, adr_day, adr_month;  /* raw, + 200000h */
};

/* One archive record as stored. */
struct tem106_image_record {
	unsigned hour, day, month, year2;
	unsigned pred_hour, pred_day, pred_month, pred_year2;
	float lvolume[6], lmass[6], lenergy[6], lenergyall;
	uint32_t volume[6], mass[6], energy[6], energyall;
	uint32_t time_wrkall, time_wrk[6], time_e1[6], time_e2[6], time_e3[6], time_e4[6];
	uint8_t comma[6];
	float mt[7], mp[6], volume_dop_l[2], volume_dop_h[2];
	uint8_t error[6];
	uint8_t checksum;
};

/* Timer memory zeroed, Flash (512 KiB or 1 MiB) erased. 0, or -1 if out of memory. */
int tem106_image_init(struct tem106_image *img, uint8_t addr, int flash_1m);
void tem106_image_free(struct tem106_image *img);

/* Big-endian stores into any memory. */
void tem106_image_put_u16(uint8_t *mem, size_t at, uint16_t v);
void tem106_image_put_u32(uint8_t *mem, size_t at, uint32_t v);
void tem106_image_put_f32(uint8_t *mem, size_t at, float v);
/* 0..99 as packed BCD. */
uint8_t tem106_image_bcd(unsigned v);

void tem106_image_write_t2k(struct tem106_image *img, const struct tem106_image_values *v);
/* Writes record index at index * 384. 0, or -1 if it does not fit the Flash. */
int tem106_image_write_record(struct tem106_image *img, uint32_t index,
			      const struct tem106_image_record *r);

/*
 * The example meter (1 MB Flash), values chosen so each decodes to a
 * number worked out by hand; see tem106_image.c for the list and
 * tests/unit/tem106/test_tem106_decode.c for the decoded figures.
 */
void tem106_image_example_values(struct tem106_image_values *v);
void tem106_image_example_record(struct tem106_image_record *r);

/*
 * Answers one master frame: 0 and the answer in out, or -1 where the meter
 * stays silent (another address, bad inverse or checksum, unknown command,
 * length outside 1..64, a read past the end of memory).
 */
int tem106_image_answer(const struct tem106_image *img, const uint8_t *req, size_t len,
			uint8_t *out, size_t cap, size_t *out_len);

#endif
