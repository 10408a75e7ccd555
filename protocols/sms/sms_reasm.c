/* sms_reasm.c - pure reassembly of concatenated SMS (see sms_reasm.h). */
#include "sms_reasm.h"

#include <stdio.h>
#include <string.h>

#include "sms_err.h"
#include "sms_text.h"

static bool same_content(const struct sms_part *a, const struct sms_part *b)
{
	return a->charset == b->charset && a->nls.locking == b->nls.locking &&
	       a->nls.single == b->nls.single && a->len == b->len &&
	       (a->len == 0 || memcmp(a->units, b->units, a->len) == 0);
}

int sms_reasm_check(const struct sms_part *parts, size_t n, int64_t now,
		    const struct sms_reasm_policy *policy, struct sms_reasm_result *res)
{
	if (!parts || !res || n == 0)
		return SMS_EINVAL;
	const struct sms_reasm_policy dflt = {0};
	const struct sms_reasm_policy *p = policy ? policy : &dflt;

	memset(res, 0, sizeof *res);
	for (size_t i = 0; i < 256; i++)
		res->index[i] = -1;
	res->ref = parts[0].ref;
	res->total = parts[0].total;
	bool first = true;
	for (size_t i = 0; i < n; i++) {
		const struct sms_part *q = &parts[i];
		if (q->ref != res->ref || q->total != res->total || q->total == 0 || q->seq == 0 ||
		    q->seq > q->total || (q->len && !q->units) || i > INT16_MAX) {
			res->foreign++;
			continue;
		}
		int16_t prev = res->index[q->seq];
		if (prev < 0) {
			res->index[q->seq] = (int16_t)i;
			res->have++;
		} else if (same_content(&parts[prev], q)) {
			res->duplicates++;
			if (q->received_at < parts[prev].received_at)
				res->index[q->seq] = (int16_t)i;
		} else {
			res->conflicts++;
			if (q->received_at < parts[prev].received_at)
				res->index[q->seq] = (int16_t)i;
		}
		if (first || q->received_at < res->first_at)
			res->first_at = q->received_at;
		first = false;
	}
	for (unsigned s = 1; s <= res->total; s++)
		if (res->index[s] < 0)
			res->missing[res->n_missing++] = (uint8_t)s;
	int64_t timeout = p->timeout > 0 ? p->timeout : SMS_REASM_DEFAULT_TIMEOUT;
	res->deadline = res->first_at + timeout;
	if (res->have == 0)
		res->action = SMS_REASM_DISCARD; /* nothing usable at all */
	else if (res->n_missing == 0)
		res->action = SMS_REASM_DELIVER;
	else if (now < res->deadline)
		res->action = SMS_REASM_WAIT;
	else
		res->action = p->deliver_partial ? SMS_REASM_DELIVER_PARTIAL : SMS_REASM_DISCARD;
	return SMS_OK;
}

static int put(char *out, size_t cap, size_t *pos, const char *s, size_t n)
{
	if (cap - *pos < n)
		return SMS_ENOSPACE;
	memcpy(out + *pos, s, n);
	*pos += n;
	return SMS_OK;
}

int sms_reasm_join(const struct sms_part *parts, const struct sms_reasm_result *res,
		   const struct sms_reasm_policy *policy, uint8_t *scratch, size_t scratch_cap,
		   char *out, size_t cap, size_t *out_len)
{
	const char *gap = policy && policy->gap_marker ? policy->gap_marker : SMS_REASM_DEFAULT_GAP;
	size_t pos = 0;
	int rc;

	unsigned s = 1;
	while (s <= res->total) {
		if (res->index[s] < 0) {
			if ((rc = put(out, cap, &pos, gap, strlen(gap))) != SMS_OK)
				return rc;
			s++;
			continue;
		}
		/* a run of present parts with the same coding, joined as units */
		const struct sms_part *head = &parts[res->index[s]];
		size_t n = 0;
		while (s <= res->total && res->index[s] >= 0) {
			const struct sms_part *q = &parts[res->index[s]];
			if (q->charset != head->charset || q->nls.locking != head->nls.locking ||
			    q->nls.single != head->nls.single)
				break;
			if (scratch_cap - n < q->len)
				return SMS_ENOSPACE;
			if (q->len)
				memcpy(scratch + n, q->units, q->len);
			n += q->len;
			s++;
		}
		struct sms_text t = {.charset = head->charset, .nls = head->nls, .units = scratch,
				     .len = n};
		size_t got;
		if ((rc = sms_text_to_utf8(&t, out + pos, cap - pos, &got)) != SMS_OK)
			return rc;
		pos += got;
	}
	*out_len = pos;
	return SMS_OK;
}

int sms_reasm_key(const char *sender, uint16_t ref, uint8_t total, char *out, size_t cap)
{
	int n = snprintf(out, cap, "%s|%u|%u", sender ? sender : "", (unsigned)ref, (unsigned)total);
	return n < 0 || (size_t)n >= cap ? SMS_ENOSPACE : SMS_OK;
}
