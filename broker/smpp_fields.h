/*
 * smpp_fields.h - SMPP field values as the handlers need them: our message
 * ids (decimal row ids) and the two time forms, each with the status to
 * answer when the value is bad.
 */
#ifndef SMSB_SMPP_FIELDS_H
#define SMSB_SMPP_FIELDS_H

#include <stdbool.h>
#include <stdint.h>

/* "12345" -> 12345. False for anything else (empty, sign, junk, overflow, 0). */
bool smpp_field_message_id(const char *text, int64_t *id);

/*
 * An SMPP time (absolute or relative to now, Unix ms). "" gives 0. On a bad
 * value returns 0 and sets *status to bad_status (left alone otherwise).
 */
int64_t smpp_field_time(const char *text, int64_t now, uint32_t bad_status, uint32_t *status);

#endif
