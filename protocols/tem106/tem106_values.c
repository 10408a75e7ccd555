/*
 * tem106_values.c - the integrator and time blocks, laid out the same way
 * in the timer memory (0300, 0400) and in archive records (0004, 009C).
 */
#include "tem106_values.h"

#include <string.h>

#include "tem106_err.h"
#include "tem106_num.h"
#include "wire.h"

int tem106_decode_totals(const uint8_t *mem, size_t len, size_t base,
			 const uint8_t comma[TEM106_SYSTEMS], struct tem106_totals *out)
{
	struct wire_reader r;
	int rc = tem106_view(mem, len, base, TEM106_TOT_SIZE, &r);
	if (rc != TEM106_OK)
		return rc;
	float lvol[TEM106_SYSTEMS], lmass[TEM106_SYSTEMS], lenergy[TEM106_SYSTEMS], lall = 0;
	uint32_t vol[TEM106_SYSTEMS], mass[TEM106_SYSTEMS], energy[TEM106_SYSTEMS], all = 0;
	/* the block is in field order: lvolume volume lmass mass lenergy energy all */
	if (tem106_get_f32s(&r, lvol, TEM106_SYSTEMS) || tem106_get_u32s(&r, vol, TEM106_SYSTEMS) ||
	    tem106_get_f32s(&r, lmass, TEM106_SYSTEMS) || tem106_get_u32s(&r, mass, TEM106_SYSTEMS) ||
	    tem106_get_f32s(&r, lenergy, TEM106_SYSTEMS) ||
	    tem106_get_u32s(&r, energy, TEM106_SYSTEMS) ||
	    tem106_get_f32s(&r, &lall, 1) || tem106_get_u32s(&r, &all, 1))
		return TEM106_E_ARG;
	memcpy(out->comma, comma, TEM106_SYSTEMS);
	for (size_t i = 0; i < TEM106_SYSTEMS; i++) {
		uint32_t kv = tem106_k_volume(comma[i]);
		out->volume_m3[i] = tem106_integral(vol[i], lvol[i], kv);
		out->mass_t[i] = tem106_integral(mass[i], lmass[i], kv);
		out->energy_mwh[i] = tem106_integral(energy[i], lenergy[i], tem106_k_energy(comma[i]));
	}
	out->energy_total_raw_int = all;
	out->energy_total_raw_frac = lall;
	out->energy_total_mwh = tem106_integral(all, lall, tem106_k_energy(comma[0]));
	return TEM106_OK;
}

int tem106_decode_times(const uint8_t *mem, size_t len, size_t base, struct tem106_times *out)
{
	struct wire_reader r;
	int rc = tem106_view(mem, len, base, TEM106_TIM_SIZE, &r);
	if (rc != TEM106_OK)
		return rc;
	if (tem106_get_u32s(&r, &out->powered_s, 1) ||
	    tem106_get_u32s(&r, out->normal_s, TEM106_SYSTEMS) ||
	    tem106_get_u32s(&r, out->flow_below_min_s, TEM106_SYSTEMS) ||
	    tem106_get_u32s(&r, out->flow_above_max_s, TEM106_SYSTEMS) ||
	    tem106_get_u32s(&r, out->dt_below_min_s, TEM106_SYSTEMS) ||
	    tem106_get_u32s(&r, out->fault_s, TEM106_SYSTEMS))
		return TEM106_E_ARG;
	return TEM106_OK;
}
