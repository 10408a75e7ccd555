/*
 * at_args.h - the comma-separated parameters of an information response
 * ("+CMGL: 3,1,,24", "+CMTI: \"SM\",5", "+CSQ: 21,99"): split, with quoted
 * strings unquoted and empty parameters kept, then read as numbers or
 * copied as text. Pure: fields point into the caller's text.
 */
#ifndef SMSB_AT_ARGS_H
#define SMSB_AT_ARGS_H

#include <stdbool.h>
#include <stddef.h>

#define AT_ARGS_MAX 16

struct at_field {
	const char *p; /* inside the text; without the quotes */
	size_t len;
	bool quoted;
};

/*
 * Splits args into at most max fields (the rest of a longer list is
 * ignored). Returns the number of fields (an empty text has one empty
 * field), or -1 for an unterminated quote.
 */
int at_args_split(const char *args, struct at_field *f, size_t max);

/* The field as a decimal number 0..max: 0, or -1 (empty, not digits, too big). */
int at_field_uint(const struct at_field *f, unsigned max, unsigned *out);

/* Copies the field into out (cap >= 1), cut to fit, NUL-terminated. */
void at_field_copy(const struct at_field *f, char *out, size_t cap);

/* True if the field is exactly text (case-sensitive). */
bool at_field_is(const struct at_field *f, const char *text);

#endif
