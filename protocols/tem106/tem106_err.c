/* tem106_err.c - names for enum tem106_err (see tem106_err.h). */
#include "tem106_err.h"

const char *tem106_err_name(int err)
{
	switch (err) {
	case TEM106_NEED_MORE: return "frame incomplete";
	case TEM106_OK: return "ok";
	case TEM106_E_ARG: return "argument out of range";
	case TEM106_E_NOSPACE: return "buffer too small";
	case TEM106_E_START: return "wrong start byte";
	case TEM106_E_ADDR: return "answer from another address";
	case TEM106_E_ADDR_INV: return "address inverse mismatch";
	case TEM106_E_GROUP: return "command group not echoed";
	case TEM106_E_CMD: return "command not echoed";
	case TEM106_E_LEN: return "data length differs from the request";
	case TEM106_E_LEN_MAX: return "data length above 64";
	case TEM106_E_CHECKSUM: return "bad checksum";
	case TEM106_E_SHORT: return "short answer";
	case TEM106_E_TRAILING: return "bytes after the checksum";
	case TEM106_E_BCD: return "bad BCD date or time";
	case TEM106_E_FLASH_TYPE: return "unknown flash type";
	case TEM106_E_SYSTEMS: return "number of systems out of range";
	case TEM106_E_POINTER: return "archive pointer out of range";
	case TEM106_E_EMPTY: return "archive record empty";
	case TEM106_E_INDEX: return "archive index out of range";
	}
	return "unknown error";
}
