/*
 * tem106_record.h - one 384-byte archive record decoded (seed 5.2, 6.3).
 * The caller reads the record with the reads of tem106_plan_record(),
 * places them in a 384-byte buffer and hands it here.
 */
#ifndef SMSB_TEM106_RECORD_H
#define SMSB_TEM106_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "tem106_map.h"
#include "tem106_num.h"
#include "tem106_values.h"

/* Bits of error[] per system, for the record's hour (6.3.7). */
enum tem106_error_bit {
	TEM106_ERRB_G1_LOW = 1 << 0,       /* G1 < min */
	TEM106_ERRB_G2_LOW = 1 << 1,       /* G2 < min */
	TEM106_ERRB_G1_HIGH = 1 << 2,      /* G1 > max */
	TEM106_ERRB_G2_HIGH = 1 << 3,      /* G2 > max */
	TEM106_ERRB_DT_LOW = 1 << 4,       /* dt < min */
	TEM106_ERRB_T_FAULT = 1 << 5,      /* temperature channel fault */
	TEM106_ERRB_P_FAULT = 1 << 6,      /* pressure channel fault */
	TEM106_ERRB_POWER_OFF = 1 << 7,    /* power was off */
};

/* Short English name of one error bit ("G1 below min"); "unknown" otherwise. */
const char *tem106_error_bit_name(unsigned bit);

struct tem106_record {
	struct tem106_datetime created;   /* 0000..0003: when it was written */
	struct tem106_datetime period;    /* pred_*: the hour/day/month it covers */
	struct tem106_totals totals;      /* volume, mass, energy (comma at 0118) */
	struct tem106_times times;
	float temperature_c[TEM106_T_CHANNELS];      /* mt */
	float pressure_mpa[TEM106_REC_P_CHANNELS];   /* mp */
	/* flowmeters 7 and 8, both parts float as the seed types them */
	float extra_volume_raw_frac[TEM106_EXTRA_FLOW]; /* volume_dop_l */
	float extra_volume_raw_int[TEM106_EXTRA_FLOW];  /* volume_dop_h */
	uint8_t errors[TEM106_SYSTEMS];   /* error, enum tem106_error_bit */
	uint8_t checksum_raw;             /* 017F; algorithm not given, not checked */
};

/*
 * Decodes a record from rec (len >= 384). 0, or TEM106_E_ARG (short
 * buffer), TEM106_E_EMPTY (erased: date bytes all FF, never written) or
 * TEM106_E_BCD (a date that is not valid BCD). On error *out is not usable.
 */
int tem106_decode_record(const uint8_t *rec, size_t len, struct tem106_record *out);

#endif
