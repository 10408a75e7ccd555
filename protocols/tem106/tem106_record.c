/* tem106_record.c - archive record decoding (see tem106_record.h). */
#include "tem106_record.h"

#include "tem106_archive.h"
#include "tem106_err.h"
#include "wire.h"

const char *tem106_error_bit_name(unsigned bit)
{
	switch (bit) {
	case TEM106_ERRB_G1_LOW: return "G1 below min";
	case TEM106_ERRB_G2_LOW: return "G2 below min";
	case TEM106_ERRB_G1_HIGH: return "G1 above max";
	case TEM106_ERRB_G2_HIGH: return "G2 above max";
	case TEM106_ERRB_DT_LOW: return "dt below min";
	case TEM106_ERRB_T_FAULT: return "temperature channel fault";
	case TEM106_ERRB_P_FAULT: return "pressure channel fault";
	case TEM106_ERRB_POWER_OFF: return "power off";
	}
	return "unknown";
}

static int get_raw(const uint8_t *rec, size_t at, size_t n, const uint8_t **p)
{
	struct wire_reader r;
	if (tem106_view(rec, TEM106_RECORD_SIZE, at, n, &r) != TEM106_OK ||
	    wire_get_bytes(&r, n, p) != WIRE_OK)
		return TEM106_E_ARG;
	return TEM106_OK;
}

static int get_floats(const uint8_t *rec, size_t at, float *v, size_t n)
{
	struct wire_reader r;
	if (tem106_view(rec, TEM106_RECORD_SIZE, at, 4 * n, &r) != TEM106_OK ||
	    tem106_get_f32s(&r, v, n) != WIRE_OK)
		return TEM106_E_ARG;
	return TEM106_OK;
}

int tem106_decode_record(const uint8_t *rec, size_t len, struct tem106_record *out)
{
	if (!rec || len < TEM106_RECORD_SIZE)
		return TEM106_E_ARG;
	const uint8_t *date, *pred, *comma, *errors, *cs;
	if (get_raw(rec, TEM106_REC_DATE, 4, &date) || get_raw(rec, TEM106_REC_PRED, 4, &pred) ||
	    get_raw(rec, TEM106_REC_COMMA, TEM106_SYSTEMS, &comma) ||
	    get_raw(rec, TEM106_REC_ERROR, TEM106_SYSTEMS, &errors) ||
	    get_raw(rec, TEM106_REC_CHECKSUM, 1, &cs))
		return TEM106_E_ARG;
	if (date[0] == 0xFF && date[1] == 0xFF && date[2] == 0xFF && date[3] == 0xFF)
		return TEM106_E_EMPTY;
	int rc = tem106_datetime_record(date, &out->created);
	if (rc == TEM106_OK)
		rc = tem106_datetime_record(pred, &out->period);
	if (rc != TEM106_OK)
		return rc;
	if (get_floats(rec, TEM106_REC_MT, out->temperature_c, TEM106_T_CHANNELS) ||
	    get_floats(rec, TEM106_REC_MP, out->pressure_mpa, TEM106_REC_P_CHANNELS) ||
	    get_floats(rec, TEM106_REC_VOLUME_DOP_L, out->extra_volume_raw_frac, TEM106_EXTRA_FLOW) ||
	    get_floats(rec, TEM106_REC_VOLUME_DOP_H, out->extra_volume_raw_int, TEM106_EXTRA_FLOW))
		return TEM106_E_ARG;
	for (size_t i = 0; i < TEM106_SYSTEMS; i++)
		out->errors[i] = errors[i];
	out->checksum_raw = cs[0];
	rc = tem106_decode_totals(rec, TEM106_RECORD_SIZE, TEM106_REC_TOTALS, comma, &out->totals);
	if (rc == TEM106_OK)
		rc = tem106_decode_times(rec, TEM106_RECORD_SIZE, TEM106_REC_TIMES, &out->times);
	return rc;
}
