/* smpp_fields.c - message ids and times from SMPP fields (see smpp_fields.h). */
#include "smpp_fields.h"

#include "smpp_pdu.h"
#include "smpp_time.h"

bool smpp_field_message_id(const char *text, int64_t *id)
{
	int64_t v = 0;
	if (!*text)
		return false;
	for (const char *p = text; *p; p++) {
		if (*p < '0' || *p > '9' || v > (INT64_MAX - 9) / 10)
			return false;
		v = v * 10 + (*p - '0');
	}
	*id = v;
	return v > 0;
}

int64_t smpp_field_time(const char *text, int64_t now, uint32_t bad_status, uint32_t *status)
{
	if (!text[0])
		return 0;
	int64_t at = 0;
	enum smpp_time_kind kind;
	if (smpp_time_parse(text, now, &at, &kind) != SMPP_OK) {
		*status = bad_status;
		return 0;
	}
	return at;
}
