/* phone.c - phone number and sender id normalisation (see phone.h). */
#include "phone.h"

#include <stdbool.h>
#include <string.h>

#include "gsm7.h"
#include "sms_err.h"
#include "tpdu_addr.h"

#define E164_MAX 15
#define E164_MIN 7
#define ALNUM_MAX_SEPTETS 11

const struct phone_opts phone_opts_default = {NULL, "0", "00", 6};

static bool is_separator(char c)
{
	return c == ' ' || c == '\t' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/';
}

static bool is_letter(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c >= 0x80;
}

static bool starts_with(const char *s, const char *prefix)
{
	return prefix && *prefix && strncmp(s, prefix, strlen(prefix)) == 0;
}

static int alnum(const char *in, size_t len, struct phone_number *out)
{
	/* trim surrounding spaces; inner spaces are part of the id */
	while (len && (in[0] == ' ' || in[0] == '\t')) {
		in++;
		len--;
	}
	while (len && (in[len - 1] == ' ' || in[len - 1] == '\t'))
		len--;
	size_t n;
	const struct gsm7_charset dflt = {0, 0};
	int rc = gsm7_from_utf8(in, len, dflt, NULL, 0, &n, NULL);
	if (rc != SMS_OK)
		return SMS_EPHONE_CHAR;
	if (n > ALNUM_MAX_SEPTETS || len >= sizeof out->text)
		return SMS_EPHONE_LONG;
	out->kind = PHONE_ALPHANUMERIC;
	out->ton = TPDU_TON_ALPHANUMERIC;
	out->npi = TPDU_NPI_UNKNOWN;
	memcpy(out->text, in, len);
	out->text[len] = '\0';
	return SMS_OK;
}

int phone_normalise(const char *in, size_t len, const struct phone_opts *opts,
		    struct phone_number *out)
{
	const struct phone_opts *o = opts ? opts : &phone_opts_default;
	const char *intl = o->intl_prefix ? o->intl_prefix : "00";
	char d[64];
	size_t n = 0;
	bool plus = false;

	memset(out, 0, sizeof *out);
	if (!in)
		return SMS_EPHONE_EMPTY;
	for (size_t i = 0; i < len; i++)
		if (is_letter((unsigned char)in[i]))
			return alnum(in, len, out);
	for (size_t i = 0; i < len; i++) {
		char c = in[i];
		if (is_separator(c))
			continue;
		if (c == '+' && n == 0 && !plus) {
			plus = true;
			continue;
		}
		if (c < '0' || c > '9')
			return SMS_EPHONE_CHAR;
		if (n >= sizeof d - 1)
			return SMS_EPHONE_LONG;
		d[n++] = c;
	}
	d[n] = '\0';
	if (n == 0)
		return SMS_EPHONE_EMPTY;

	const char *digits = d;
	char national[80];
	if (plus) {
		/* already international */
	} else if (starts_with(d, intl)) {
		digits = d + strlen(intl);
	} else if (o->short_code_max && n <= o->short_code_max &&
		   !starts_with(d, o->trunk_prefix)) {
		out->kind = PHONE_SHORT_CODE;
		out->ton = TPDU_TON_UNKNOWN;
		out->npi = TPDU_NPI_ISDN;
		memcpy(out->text, d, n + 1);
		return SMS_OK;
	} else {
		if (!o->country_code || !*o->country_code)
			return SMS_EPHONE_NOCC;
		const char *nsn = starts_with(d, o->trunk_prefix) ? d + strlen(o->trunk_prefix) : d;
		size_t cl = strlen(o->country_code), nl = strlen(nsn);
		if (cl + nl >= sizeof national)
			return SMS_EPHONE_LONG;
		for (size_t i = 0; i < cl; i++)
			if (o->country_code[i] < '0' || o->country_code[i] > '9')
				return SMS_EPHONE_CHAR;
		memcpy(national, o->country_code, cl);
		memcpy(national + cl, nsn, nl + 1);
		digits = national;
	}
	size_t dl = strlen(digits);
	if (dl == 0)
		return SMS_EPHONE_SHORT;
	if (digits[0] == '0')
		return SMS_EPHONE_CHAR; /* no country code starts with 0 */
	if (dl > E164_MAX)
		return SMS_EPHONE_LONG;
	if (dl < E164_MIN)
		return SMS_EPHONE_SHORT;
	out->kind = PHONE_INTERNATIONAL;
	out->ton = TPDU_TON_INTERNATIONAL;
	out->npi = TPDU_NPI_ISDN;
	memcpy(out->text, digits, dl + 1);
	return SMS_OK;
}
