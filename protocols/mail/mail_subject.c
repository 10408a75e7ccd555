/*
 * mail_subject.c - subject -> list of E.164 numbers (see mail_subject.h).
 * The number rules themselves are phone_normalise()'s; this file only
 * splits, insists on the international form and drops duplicates.
 */
#include "mail_subject.h"

#include <string.h>

#include "mail_err.h"
#include "phone.h"

/* "00..." and "+..." only: no default country, no short codes. */
static const struct phone_opts subject_phone_opts = {
	.country_code = NULL,
	.trunk_prefix = NULL,
	.intl_prefix = "00",
	.short_code_max = 0,
};

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* One item: trimmed, must be an international number. Empty: 1 (skip). */
static int parse_item(const char *s, size_t len, char *out)
{
	while (len && is_space(*s)) {
		s++;
		len--;
	}
	while (len && is_space(s[len - 1]))
		len--;
	if (len == 0)
		return 1;
	/* phone_normalise accepts national numbers as such only with a
	 * country code configured (we give none), but insist on a prefix
	 * anyway so the rule reads plainly. */
	if (s[0] != '+' && !(len > 2 && s[0] == '0' && s[1] == '0'))
		return MAIL_ENOTNUMBER;
	struct phone_number p;
	if (phone_normalise(s, len, &subject_phone_opts, &p) != 0 ||
	    p.kind != PHONE_INTERNATIONAL || strlen(p.text) >= MAIL_NUMBER_SIZE)
		return MAIL_ENOTNUMBER;
	memcpy(out, p.text, strlen(p.text) + 1);
	return 0;
}

int mail_subject_numbers(const char *subject, size_t len, unsigned max,
			 struct mail_recipients *out)
{
	if (!out)
		return MAIL_EINVAL;
	out->n = 0;
	if (!subject || max == 0 || max > MAIL_MAX_RECIPIENTS)
		return MAIL_EINVAL;
	if (memchr(subject, '\0', len))
		return MAIL_ENOTNUMBER;
	size_t start = 0;
	int rc = MAIL_OK;
	for (size_t i = 0; i <= len && rc == MAIL_OK; i++) {
		if (i < len && subject[i] != ',' && subject[i] != ';')
			continue;
		if (i < len && max == 1) {
			rc = MAIL_ENOTNUMBER; /* separators only when several are allowed */
			break;
		}
		char num[MAIL_NUMBER_SIZE];
		int r = parse_item(subject + start, i - start, num);
		start = i + 1;
		if (r == 1)
			continue;
		if (r != 0) {
			rc = r;
			break;
		}
		int dup = 0;
		for (unsigned k = 0; k < out->n && !dup; k++)
			dup = strcmp(out->number[k], num) == 0;
		if (dup)
			continue;
		if (out->n == max) {
			rc = MAIL_ETOOMANY;
			break;
		}
		memcpy(out->number[out->n++], num, sizeof num);
	}
	if (rc == MAIL_OK && out->n == 0)
		rc = MAIL_ENOTNUMBER;
	if (rc != MAIL_OK)
		out->n = 0;
	return rc;
}
