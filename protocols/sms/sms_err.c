/* sms_err.c - texts for the SMS codec error codes (see sms_err.h). */
#include "sms_err.h"

const char *sms_err_str(int err)
{
	switch (err) {
	case SMS_OK: return "ok";
	case SMS_EINVAL: return "invalid argument";
	case SMS_ENOSPACE: return "output buffer too small";
	case SMS_EUTF8: return "invalid UTF-8";
	case SMS_ECHARSET: return "character not representable in this encoding";
	case SMS_ESHORT: return "truncated input";
	case SMS_EBADLEN: return "length field disagrees with data";
	case SMS_EBADCODE: return "invalid septet, semi-octet or hex digit";
	case SMS_ETOOMANY: return "too many segments";
	case SMS_EUNSUPPORTED: return "unsupported coding or message type";
	case SMS_EPHONE_EMPTY: return "empty phone number";
	case SMS_EPHONE_CHAR: return "invalid character in phone number";
	case SMS_EPHONE_LONG: return "phone number or sender id too long";
	case SMS_EPHONE_SHORT: return "phone number too short";
	case SMS_EPHONE_NOCC: return "national number without default country code";
	case SMS_EINCONSISTENT: return "inconsistent message parts";
	}
	return "unknown error";
}
