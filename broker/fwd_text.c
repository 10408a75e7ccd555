/* fwd_text.c - stored incoming rows to the UTF-8 text forwarding sends (see fwd_text.h). */
#include "fwd_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dcs.h"
#include "http_msgtext.h"
#include "sms_reasm.h"
#include "sms_ud.h"

/* One row's text units; -1 when it is binary or undecodable. */
static int part_of(const struct store_msg *m, struct sms_part *p)
{
	struct dcs_info dcs;
	dcs_from_smpp(m->data_coding, &dcs);
	if (dcs.charset == SMS_CS_8BIT || dcs.charset == SMS_CS_OTHER || dcs.compressed)
		return -1;
	struct sms_ud_in in = {.ud = m->payload, .ud_len = m->payload_len, .udl = m->payload_len,
			       .udhi = (m->esm_class & 0x40) != 0, .packed = false,
			       .charset = dcs.charset};
	struct udh udh;
	struct sms_text text;
	uint8_t scratch[8];
	if (sms_ud_decode(&in, &udh, scratch, sizeof scratch, &text) != 0)
		return -1;
	*p = (struct sms_part){.ref = m->concat_ref, .total = m->part_total, .seq = m->part_seq,
			       .charset = text.charset, .nls = text.nls, .units = text.units,
			       .len = text.len, .received_at = m->created_at / 1000};
	return 0;
}

/* Every row's own text one after the other, in seq order (binary parts as "[binary ...]"). */
static char *plain(const struct store_msg *parts, size_t n)
{
	size_t cap = n * 160 * 4 + 64;
	char *out = malloc(cap);
	struct store_msg *sorted = malloc(n * sizeof *sorted);
	if (out && sorted) {
		memcpy(sorted, parts, n * sizeof *sorted);
		for (size_t i = 1; i < n; i++)
			for (size_t k = i; k > 0 && sorted[k - 1].part_seq > sorted[k].part_seq; k--) {
				struct store_msg t = sorted[k];
				sorted[k] = sorted[k - 1];
				sorted[k - 1] = t;
			}
		http_msgtext(sorted, n, out, cap);
	}
	free(sorted);
	return out;
}

static int late_part(const struct store_msg *m, char **out)
{
	char *text = plain(m, 1);
	size_t cap = (text ? strlen(text) : 0) + 32;
	*out = text ? malloc(cap) : NULL;
	if (*out)
		snprintf(*out, cap, "[part %u/%u] %s", m->part_seq, m->part_total, text);
	free(text);
	return *out ? FWD_TEXT_READY : FWD_TEXT_ENOMEM;
}

int fwd_text_of(const struct store_msg *parts, size_t n, bool late, int64_t now_ms,
		const struct fwd_text_policy *policy, char **out, int64_t *wait_until,
		unsigned *missing)
{
	*out = NULL;
	*wait_until = 0;
	*missing = 0;
	if (n == 0)
		return (*out = strdup("")) ? FWD_TEXT_READY : FWD_TEXT_ENOMEM;
	if (late)
		return late_part(&parts[0], out);
	if (parts[0].part_total <= 1) {
		*out = plain(parts, 1);
		return *out ? FWD_TEXT_READY : FWD_TEXT_ENOMEM;
	}
	struct sms_part *sp = calloc(n, sizeof *sp);
	if (!sp)
		return FWD_TEXT_ENOMEM;
	bool decodable = true;
	for (size_t i = 0; i < n && decodable; i++)
		decodable = part_of(&parts[i], &sp[i]) == 0;
	struct sms_reasm_policy pol = {.timeout = policy->timeout_ms / 1000 ? policy->timeout_ms / 1000 : 1,
				       .deliver_partial = true, .gap_marker = policy->gap};
	struct sms_reasm_result res;
	int rc = sms_reasm_check(sp, n, now_ms / 1000, &pol, &res);
	if (rc == 0 && res.action == SMS_REASM_WAIT) {
		free(sp);
		*wait_until = res.deadline * 1000 + 1000;
		return FWD_TEXT_WAIT;
	}
	*missing = rc == 0 ? res.n_missing : 0;
	size_t cap = (size_t)res.total * 160 * 4 + (size_t)res.n_missing * 64 + 64;
	size_t scratch_cap = (size_t)res.total * 160 * 2 + 16;
	uint8_t *scratch = malloc(scratch_cap);
	char *text = malloc(cap);
	size_t len = 0;
	if (rc == 0 && decodable && scratch && text &&
	    sms_reasm_join(sp, &res, &pol, scratch, scratch_cap, text, cap - 1, &len) == 0) {
		text[len] = '\0';
		*out = text;
		text = NULL;
	} else if (scratch && text) {
		*out = plain(parts, n); /* binary parts: each as its own note */
	}
	free(text);
	free(scratch);
	free(sp);
	return *out ? FWD_TEXT_READY : FWD_TEXT_ENOMEM;
}
