/*
 * mail_subject.h - the recipients an email-to-SMS subject names.
 *
 * The subject (already decoded from RFC 2047 to UTF-8) must be nothing but
 * international phone numbers: the seed's "00<country><number>", or
 * "+<country><number>", with spaces, dashes, dots, slashes or brackets
 * inside. National numbers, short codes and anything with a letter are not
 * numbers here: a subject like "Invoice 2024" or "1234" sends nothing.
 * When more than one recipient is allowed, numbers are separated by ',' or
 * ';' (empty items are skipped, duplicates kept once, in subject order).
 */
#ifndef SMSB_MAIL_SUBJECT_H
#define SMSB_MAIL_SUBJECT_H

#include <stddef.h>

#define MAIL_MAX_RECIPIENTS 32
#define MAIL_NUMBER_SIZE 16 /* 15 E.164 digits + NUL */

struct mail_recipients {
	unsigned n;
	char number[MAIL_MAX_RECIPIENTS][MAIL_NUMBER_SIZE]; /* E.164 digits, no '+' */
};

/*
 * Parses subject[0..len) into out. max is how many recipients are allowed
 * (1..MAIL_MAX_RECIPIENTS; 1 means separators are not accepted). Returns
 * MAIL_OK, MAIL_ENOTNUMBER (out->n is 0), MAIL_ETOOMANY or MAIL_EINVAL.
 */
int mail_subject_numbers(const char *subject, size_t len, unsigned max,
			 struct mail_recipients *out);

#endif
