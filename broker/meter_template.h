/*
 * meter_template.h - report texts with placeholders for meter values.
 *
 *   "Heat {meter}: Q={energy_total:.3} MWh V1={volume[1]:.2} m3 at {meter_time}"
 *
 * A placeholder is {name}, {name[i]}, {name:.N} or {name[i]:.N}: a value
 * name of meter_values.h, an index from 1, and N decimal places (0..9;
 * without it numbers get the report's `decimals`). Integers and text print
 * as they are; a number the meter sent as NaN or infinity prints as "-".
 * "{{" and "}}" are literal braces. Pure: no allocation, no I/O.
 */
#ifndef SMSB_METER_TEMPLATE_H
#define SMSB_METER_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "meter_values.h"

/*
 * Checks the syntax and every name and index of tpl. with_reading false:
 * only the values known without a reading (meter, broker_time, error) are
 * allowed, for on_failure texts. 0, or -1 with the reason in why.
 */
int meter_template_check(const char *tpl, bool with_reading, char *why, size_t why_len);

/*
 * Renders tpl with v into out (cap bytes, NUL-terminated). Returns the
 * length, -1 for a template that does not check, -2 if out is too small.
 */
int meter_template_render(const char *tpl, const struct meter_values *v, unsigned decimals,
			  char *out, size_t cap);

#endif
