/*
 * tem106_values.h - decoded value blocks shared by current readings and
 * archive records: the integrators (volume, mass, energy, joined from
 * their long and float parts with the `comma` coefficients) and the time
 * integrators. Units are in the field names; the seed's names in comments.
 */
#ifndef SMSB_TEM106_VALUES_H
#define SMSB_TEM106_VALUES_H

#include <stddef.h>
#include <stdint.h>

#include "tem106_map.h"

/*
 * Accumulated values per index 1..6 (the seed calls the index "канал" for
 * these arrays; element i uses comma[i]). value = (L part + F part) / k,
 * k_Q for energy and k_V for volume and mass (tem106_num.h).
 */
struct tem106_totals {
	uint8_t comma[TEM106_SYSTEMS];        /* comma: decimal places code */
	double volume_m3[TEM106_SYSTEMS];     /* (volume + lvolume) / k_V */
	double mass_t[TEM106_SYSTEMS];        /* (mass + lmass) / k_V */
	double energy_mwh[TEM106_SYSTEMS];    /* (energy + lenergy) / k_Q */
	/*
	 * (energyall + lenergyall) / k_Q(comma[0]). The seed gives no
	 * coefficient for the total: system 1's is an assumption (see
	 * docs/tem106.md), so the raw parts are kept beside it.
	 */
	double energy_total_mwh;
	uint32_t energy_total_raw_int;        /* energyall L */
	float energy_total_raw_frac;          /* lenergyall F */
};

/* Time integrators, unsigned seconds (6.2.5), per system 1..6. */
struct tem106_times {
	uint32_t powered_s;                           /* time_wrkall: powered on */
	uint32_t normal_s[TEM106_SYSTEMS];            /* time_wrk: working without errors */
	uint32_t flow_below_min_s[TEM106_SYSTEMS];    /* time_e1: G < Gmin */
	uint32_t flow_above_max_s[TEM106_SYSTEMS];    /* time_e2: G > Gmax */
	uint32_t dt_below_min_s[TEM106_SYSTEMS];      /* time_e3: dt < dt_min */
	uint32_t fault_s[TEM106_SYSTEMS];             /* time_e4: technical fault */
};

/*
 * Decode the integrator block (TEM106_TOT_SIZE bytes) at mem[base] with
 * the given comma codes, and the time block (TEM106_TIM_SIZE) at mem[base].
 * 0, or TEM106_E_ARG when the block does not lie within len bytes.
 */
int tem106_decode_totals(const uint8_t *mem, size_t len, size_t base,
			 const uint8_t comma[TEM106_SYSTEMS], struct tem106_totals *out);
int tem106_decode_times(const uint8_t *mem, size_t len, size_t base, struct tem106_times *out);

#endif
