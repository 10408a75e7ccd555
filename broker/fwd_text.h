/*
 * fwd_text.h - the text a forwarding rule delivers for a stored incoming
 * message, in UTF-8: one row decoded, or a long message joined from its
 * parts (protocols/sms/sms_reasm.h) once complete. An incomplete one waits
 * until reassembly_timeout after its first part came, then goes with the
 * gap marker where parts are missing; a part that comes after its message
 * went out is delivered alone, prefixed "[part k/n] ".
 *
 * The parts live in the store, not in memory: after a restart the same
 * rows give the same answer. Pure: thread-safe, no logging.
 */
#ifndef SMSB_FWD_TEXT_H
#define SMSB_FWD_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store.h"

struct fwd_text_policy {
	int64_t timeout_ms;  /* wait for missing parts this long after the first came */
	const char *gap;     /* written in place of a missing part */
};

enum fwd_text_status {
	FWD_TEXT_READY = 0,  /* *out holds the text */
	FWD_TEXT_WAIT = 1,   /* parts missing: ask again at *wait_until (Unix ms) */
	FWD_TEXT_ENOMEM = -1,
};

/*
 * parts[0..n): the message's rows in any order (as a claim brings them);
 * late: parts[0] came after its set was delivered. *out is malloc'd.
 * *missing counts the parts delivered as gaps.
 */
int fwd_text_of(const struct store_msg *parts, size_t n, bool late, int64_t now_ms,
		const struct fwd_text_policy *policy, char **out, int64_t *wait_until,
		unsigned *missing);

#endif
