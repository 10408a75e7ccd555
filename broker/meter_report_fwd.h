/*
 * meter_report_fwd.h - sending a meter report's outcome for one meter to
 * the report's `targets` (forwarding rules of target http or email), as
 * durable outbox rows of kind "report" (docs/tem106.md, docs/forwarding.md).
 */
#ifndef SMSB_METER_REPORT_FWD_H
#define SMSB_METER_REPORT_FWD_H

#include <stddef.h>

#include "meter_values.h"

struct broker;

/*
 * Stores report's outcome v (v->reading NULL: the reading failed) with its
 * rendered text (NULL: none) as one meter_reports row and an outbox row
 * per target that is a forwarding rule of target http or email now (others
 * are logged and left out), in one transaction; then kicks the engine.
 * Failures are logged; nothing is returned. Copies what it needs.
 */
void meter_report_forward(struct broker *b, const char *report, char *const *targets, size_t n_targets,
			  const struct meter_values *v, const char *text);

#endif
