/*
 * smpp_time.h - SMPP time formats (v3.4 section 7.1) to and from UTC epoch
 * milliseconds.
 *
 *   absolute  "YYMMDDhhmmsstnnp"  local time, t tenths of a second, nn the
 *             offset from UTC in quarter hours (00..48), p '+' (local time
 *             ahead of UTC) or '-' (behind). YY is 2000 + YY.
 *   relative  "YYMMDDhhmmss000R"  a period added to "now": years and months
 *             on the calendar (UTC), then days, hours, minutes, seconds.
 *             A day that does not exist in the target month rolls over
 *             (Jan 31 + 1 month = Mar 3, or Mar 2 in leap years).
 *   ""        not given (schedule_delivery_time: immediately, validity_period:
 *             the SMSC default).
 *
 * Pure functions: no clock (the caller passes "now"), no time zone, no
 * allocation.
 */
#ifndef SMSB_SMPP_TIME_H
#define SMSB_SMPP_TIME_H

#include <stdint.h>

#include "smpp_err.h"

#define SMPP_TIME_LEN 16 /* characters, without the NUL; buffers are 17 */

enum smpp_time_kind {
	SMPP_TIME_NONE,     /* "" */
	SMPP_TIME_ABSOLUTE, /* ...p with p '+' or '-' */
	SMPP_TIME_RELATIVE, /* ...000R */
};

/*
 * Parse an SMPP time. now_ms is the reference for relative times (ignored
 * for absolute ones). On SMPP_OK *kind says which form it was and *epoch_ms
 * is the UTC instant (0 for SMPP_TIME_NONE). SMPP_EINVAL when s is not 0 or
 * 16 characters, a digit is missing, or a field is out of range (month
 * 1..12, day within its month, hour 0..23, minute and second 0..59, offset
 * 0..48, p one of "+-R", the relative form's "000"). Outputs untouched then.
 */
int smpp_time_parse(const char *s, int64_t now_ms, int64_t *epoch_ms, enum smpp_time_kind *kind);

/*
 * Format epoch_ms as an absolute time in the zone offset_quarters quarter
 * hours from UTC (-48..48), with tenths of a second; out gets 16 characters
 * and a NUL. SMPP_EINVAL for an offset out of range, SMPP_ERANGE when the
 * local year is not within 2000..2099.
 */
int smpp_time_format_absolute(int64_t epoch_ms, int offset_quarters, char out[SMPP_TIME_LEN + 1]);

/*
 * Format target_ms as a relative time from now_ms, so that
 * smpp_time_parse(out, now_ms) gives target_ms less its fraction of a
 * second. SMPP_EINVAL when target_ms < now_ms, SMPP_ERANGE when the period
 * is 100 years or more.
 */
int smpp_time_format_relative(int64_t now_ms, int64_t target_ms, char out[SMPP_TIME_LEN + 1]);

#endif
