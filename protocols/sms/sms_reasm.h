/*
 * sms_reasm.h - reassembly of concatenated SMS, as pure functions over the
 * parts the broker has collected (in memory or loaded from the store after
 * a restart): which parts are there, which are missing, duplicates and
 * contradictions, what to do now, and the joined text.
 *
 * Keying: parts belong together when sender, reference and total agree
 * (3GPP TS 23.040 9.2.3.24.1); sms_reasm_key() builds that key as a string
 * for the store. Interleaved senders, and one sender's messages with
 * different references, never mix.
 *
 * Timeout policy (struct sms_reasm_policy): a complete set is delivered at
 * once, whatever the time. An incomplete set waits until timeout seconds
 * after its first part arrived (default 1 hour: handsets send all parts
 * within seconds, SMSC retries within minutes). Then, with deliver_partial,
 * what arrived is delivered with the gap marker (default "[...]") in place
 * of each missing part; without it the set is discarded and reported as
 * incomplete. Either way the broker then deletes the parts from its store.
 *
 * Duplicates (the same seq again with the same content, e.g. an SMSC
 * retry) are ignored; the same seq with different content is a conflict:
 * the part received first is kept. Parts with another reference or total
 * than the first, or with seq 0 or above total, are counted as foreign and
 * ignored.
 *
 * Joining works on code units, not decoded text, so an escape pair or a
 * surrogate pair split across parts by a careless sender still decodes.
 */
#ifndef SMSB_SMS_REASM_H
#define SMSB_SMS_REASM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dcs.h"
#include "gsm7.h"

#define SMS_REASM_DEFAULT_TIMEOUT 3600
#define SMS_REASM_DEFAULT_GAP "[...]"

struct sms_part {
	uint16_t ref;
	uint8_t total;           /* 1..255 */
	uint8_t seq;             /* 1..total */
	enum sms_charset charset;
	struct gsm7_charset nls; /* national tables from this part's UDH */
	const uint8_t *units;    /* text units: septets (one per octet) for GSM7, else octets */
	size_t len;
	int64_t received_at;     /* the broker's clock, seconds */
};

struct sms_reasm_policy {
	int64_t timeout;         /* seconds after the first part; 0 = SMS_REASM_DEFAULT_TIMEOUT */
	bool deliver_partial;    /* on timeout: deliver with gaps (true) or discard (false) */
	const char *gap_marker;  /* UTF-8 put where a part is missing; NULL = "[...]" */
};

enum sms_reasm_action {
	SMS_REASM_WAIT = 0,        /* incomplete, keep collecting */
	SMS_REASM_DELIVER,         /* complete: join and deliver */
	SMS_REASM_DELIVER_PARTIAL, /* timed out, policy delivers what arrived */
	SMS_REASM_DISCARD,         /* timed out, policy reports it incomplete */
};

struct sms_reasm_result {
	enum sms_reasm_action action;
	uint16_t ref;
	uint8_t total;
	unsigned have;           /* distinct seqs present */
	unsigned duplicates;
	unsigned conflicts;
	unsigned foreign;
	int16_t index[256];      /* index[seq] = position in parts[] of the part used, -1 if missing */
	uint8_t missing[255];    /* missing seqs, ascending */
	unsigned n_missing;
	int64_t first_at;        /* earliest received_at among the parts used */
	int64_t deadline;        /* first_at + timeout */
};

/*
 * Looks at the n parts of one key at time now. SMS_EINVAL for n == 0 or a
 * NULL argument; otherwise SMS_OK with *res filled (policy NULL =
 * defaults, discard on timeout).
 */
int sms_reasm_check(const struct sms_part *parts, size_t n, int64_t now,
		    const struct sms_reasm_policy *policy, struct sms_reasm_result *res);

/*
 * Joins the parts res selected, in seq order, into UTF-8 in out (no NUL).
 * Consecutive parts with the same charset and tables are joined as units
 * in scratch (scratch_cap >= their total length) before decoding. Missing
 * parts become the policy's gap marker. SMS_ENOSPACE, SMS_EUNSUPPORTED for
 * 8-bit parts, decoder errors.
 */
int sms_reasm_join(const struct sms_part *parts, const struct sms_reasm_result *res,
		   const struct sms_reasm_policy *policy, uint8_t *scratch, size_t scratch_cap,
		   char *out, size_t cap, size_t *out_len);

/*
 * The store key for a set: "<sender>|<ref>|<total>" (sender as normalised
 * by phone.h). SMS_ENOSPACE when cap is short.
 */
int sms_reasm_key(const char *sender, uint16_t ref, uint8_t total, char *out, size_t cap);

#endif
