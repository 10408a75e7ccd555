/*
 * fuzz_mail_subject - mail_subject_numbers on arbitrary subjects, with one
 * recipient and with the most. Invariants: on success every number is 7 to
 * 15 digits, distinct, not starting with 0, and no more than allowed;
 * parsing a subject rebuilt from the numbers ("+n,+n,...") gives the same
 * list; on failure the list is empty.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mail_err.h"
#include "mail_subject.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct mail_recipients *r, unsigned max)
{
	if (r->n == 0 || r->n > max)
		abort();
	for (unsigned i = 0; i < r->n; i++) {
		size_t l = strlen(r->number[i]);
		if (l < 7 || l > 15 || strspn(r->number[i], "0123456789") != l ||
		    r->number[i][0] == '0')
			abort();
		for (unsigned k = 0; k < i; k++)
			if (strcmp(r->number[i], r->number[k]) == 0)
				abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct mail_recipients r, again;
	static char rebuilt[MAIL_MAX_RECIPIENTS * (MAIL_NUMBER_SIZE + 2)];
	const unsigned maxes[] = {1, MAIL_MAX_RECIPIENTS};
	for (size_t m = 0; m < 2; m++) {
		int rc = mail_subject_numbers((const char *)data, size, maxes[m], &r);
		if (rc != MAIL_OK) {
			if (r.n != 0 || (rc != MAIL_ENOTNUMBER && rc != MAIL_ETOOMANY))
				abort();
			continue;
		}
		check(&r, maxes[m]);
		size_t len = 0;
		for (unsigned i = 0; i < r.n; i++)
			len += (size_t)snprintf(rebuilt + len, sizeof rebuilt - len, "%s+%s",
						i ? "," : "", r.number[i]);
		if (mail_subject_numbers(rebuilt, len, maxes[m], &again) != MAIL_OK || again.n != r.n)
			abort();
		for (unsigned i = 0; i < r.n; i++)
			if (strcmp(again.number[i], r.number[i]) != 0)
				abort();
	}
	return 0;
}
