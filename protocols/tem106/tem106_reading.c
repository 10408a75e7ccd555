/*
 * tem106_reading.c - configuration and current values from the timer
 * memory image (see tem106_reading.h). Every field is read through a
 * bounded wire_reader at its seed address (tem106_map.h).
 */
#include "tem106_reading.h"

#include "tem106_err.h"
#include "wire.h"

const char *tem106_system_type_name(uint8_t type)
{
	switch (type) {
	case TEM106_SYS_SUPPLY: return "supply";
	case TEM106_SYS_RETURN: return "return";
	case TEM106_SYS_SUPPLY_FLOW: return "supply with flowmeter";
	case TEM106_SYS_OPEN_TWO_PIPE: return "open two-pipe";
	case TEM106_SYS_FLOWMETER: return "flowmeter";
	case TEM106_SYS_MAIN: return "main";
	case TEM106_SYS_DHW_CIRCULATION: return "hot water with circulation";
	case TEM106_SYS_DHW_DEAD_END: return "dead-end hot water";
	case TEM106_SYS_TEMPERATURE: return "temperature";
	}
	return "unknown";
}

static int get_bytes(const uint8_t *t2k, size_t len, size_t at, uint8_t *v, size_t n)
{
	struct wire_reader r;
	const uint8_t *p;
	if (tem106_view(t2k, len, at, n, &r) != TEM106_OK || wire_get_bytes(&r, n, &p) != WIRE_OK)
		return TEM106_E_ARG;
	for (size_t i = 0; i < n; i++)
		v[i] = p[i];
	return TEM106_OK;
}

static int get_floats(const uint8_t *t2k, size_t len, size_t at, float *v, size_t n)
{
	struct wire_reader r;
	if (tem106_view(t2k, len, at, 4 * n, &r) != TEM106_OK ||
	    tem106_get_f32s(&r, v, n) != WIRE_OK)
		return TEM106_E_ARG;
	return TEM106_OK;
}

static int get_longs(const uint8_t *t2k, size_t len, size_t at, uint32_t *v, size_t n)
{
	struct wire_reader r;
	if (tem106_view(t2k, len, at, 4 * n, &r) != TEM106_OK ||
	    tem106_get_u32s(&r, v, n) != WIRE_OK)
		return TEM106_E_ARG;
	return TEM106_OK;
}

static int get_ints(const uint8_t *t2k, size_t len, size_t at, uint16_t *v, size_t n)
{
	struct wire_reader r;
	if (tem106_view(t2k, len, at, 2 * n, &r) != TEM106_OK ||
	    tem106_get_u16s(&r, v, n) != WIRE_OK)
		return TEM106_E_ARG;
	return TEM106_OK;
}

static void derive_g_limits(struct tem106_config *c)
{
	for (size_t i = 0; i < TEM106_SYSTEMS; i++) {
		c->g_max_set_m3h[i] = c->g_max_m3h[i] * (float)c->g_max_pct[i] * 0.01f;
		c->g_min_set_m3h[i] = c->g_max_m3h[i] * (float)c->g_min_pct005[i] * 0.0005f;
	}
}

int tem106_decode_config(const uint8_t *t2k, size_t len, struct tem106_config *out)
{
	if (!t2k || len < TEM106_T2K_USED_END)
		return TEM106_E_ARG;
	const size_t n = TEM106_SYSTEMS;
	if (get_bytes(t2k, len, TEM106_T2K_SYSTEMS, &out->systems, 1) ||
	    get_bytes(t2k, len, TEM106_T2K_SYSTEM_T, out->system_type, n) ||
	    get_bytes(t2k, len, TEM106_T2K_SYS_G, out->flow_channels, n) ||
	    get_bytes(t2k, len, TEM106_T2K_SYS_T, out->temp_channels, n) ||
	    get_bytes(t2k, len, TEM106_T2K_SYS_P, out->pressure_channels, n) ||
	    get_bytes(t2k, len, TEM106_T2K_USED_G, &out->used_flow, 1) ||
	    get_bytes(t2k, len, TEM106_T2K_USED_T, &out->used_temp, 1) ||
	    get_bytes(t2k, len, TEM106_T2K_USED_P, &out->used_pressure, 1) ||
	    get_floats(t2k, len, TEM106_T2K_DT_MIN, out->dt_min_c, n) ||
	    get_floats(t2k, len, TEM106_T2K_G_MAX, out->g_max_m3h, n) ||
	    get_bytes(t2k, len, TEM106_T2K_G_PCT_MAX, out->g_max_pct, n) ||
	    get_bytes(t2k, len, TEM106_T2K_G_PCT_MIN, out->g_min_pct005, n) ||
	    get_longs(t2k, len, TEM106_T2K_NUMBER, &out->serial_number, 1) ||
	    get_ints(t2k, len, TEM106_T2K_FLASH_TYPE, &out->flash_type_raw, 1) ||
	    get_bytes(t2k, len, TEM106_T2K_NET_NUM, &out->net_num, 1) ||
	    get_ints(t2k, len, TEM106_T2K_DIAM, out->diameter_mm, n))
		return TEM106_E_ARG;
	if (out->systems < 1 || out->systems > TEM106_SYSTEMS)
		return TEM106_E_SYSTEMS;
	switch (out->flash_type_raw) {
	case 0x1F24: out->flash = TEM106_FLASH_512K; break;
	case 0x1F25: out->flash = TEM106_FLASH_1M; break;
	default: return TEM106_E_FLASH_TYPE;
	}
	derive_g_limits(out);
	return TEM106_OK;
}

int tem106_decode_current(const uint8_t *t2k, size_t len, struct tem106_current *out)
{
	if (!t2k || len < TEM106_T2K_USED_END)
		return TEM106_E_ARG;
	uint8_t rtc[6], comma[TEM106_SYSTEMS];
	if (get_bytes(t2k, len, TEM106_T2K_RTC, rtc, sizeof rtc) ||
	    get_bytes(t2k, len, TEM106_T2K_COMMA, comma, sizeof comma) ||
	    get_floats(t2k, len, TEM106_T2K_T_N, out->temperature_c, TEM106_T_CHANNELS) ||
	    get_floats(t2k, len, TEM106_T2K_P_N, out->pressure_mpa, TEM106_P_CHANNELS) ||
	    get_floats(t2k, len, TEM106_T2K_RASHOD_V, out->volume_flow_m3h, TEM106_SYSTEMS) ||
	    get_floats(t2k, len, TEM106_T2K_RASHOD_M, out->mass_flow_th, TEM106_SYSTEMS) ||
	    get_floats(t2k, len, TEM106_T2K_GV_78, out->extra_volume_flow_m3h, TEM106_EXTRA_FLOW) ||
	    get_floats(t2k, len, TEM106_T2K_LVOLUME_78, out->extra_volume_raw_frac,
		       TEM106_EXTRA_FLOW) ||
	    get_longs(t2k, len, TEM106_T2K_VOLUME_78, out->extra_volume_raw_int,
		      TEM106_EXTRA_FLOW) ||
	    get_longs(t2k, len, TEM106_T2K_ADR_HOUR, &out->next_hour_ptr, 1) ||
	    get_longs(t2k, len, TEM106_T2K_ADR_DAY, &out->next_day_ptr, 1) ||
	    get_longs(t2k, len, TEM106_T2K_ADR_MONTH, &out->next_month_ptr, 1))
		return TEM106_E_ARG;
	int rc = tem106_decode_totals(t2k, len, TEM106_T2K_TOTALS, comma, &out->totals);
	if (rc == TEM106_OK)
		rc = tem106_decode_times(t2k, len, TEM106_T2K_TIMES, &out->times);
	if (rc == TEM106_OK)
		rc = tem106_datetime_rtc(rtc, &out->meter_time);
	return rc;
}

int tem106_decode_reading(const uint8_t *t2k, size_t len, struct tem106_reading *out)
{
	int rc = tem106_decode_config(t2k, len, &out->config);
	if (rc == TEM106_OK)
		rc = tem106_decode_current(t2k, len, &out->current);
	return rc;
}
