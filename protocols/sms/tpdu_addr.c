/* tpdu_addr.c - semi-octet addresses and time stamps (see tpdu_addr.h). */
#include "tpdu_addr.h"

#include <string.h>

#include "gsm7.h"
#include "gsm7_pack.h"
#include "sms_err.h"

static const char semi_digits[] = "0123456789*#abc";

static int digit_value(char c)
{
	const char *p = c ? strchr(semi_digits, c) : NULL;
	return p ? (int)(p - semi_digits) : -1;
}

/* Reads n semi-octets (low nibble first) into text. */
static int read_semi(const uint8_t *v, size_t octets, size_t n, char *text, size_t cap)
{
	if (n + 1 > cap)
		return SMS_EBADLEN;
	for (size_t i = 0; i < n; i++) {
		unsigned nib = i % 2 ? v[i / 2] >> 4 : v[i / 2] & 0xF;
		if (nib == 0xF && i + 1 == n && n % 2 == 0) {
			n = i; /* a length that counted the filler: seen from real modems */
			break;
		}
		if (nib == 0xF)
			return SMS_EBADCODE;
		text[i] = semi_digits[nib];
	}
	if (n % 2 && (v[octets - 1] >> 4) != 0xF)
		return SMS_EBADCODE; /* odd length: the last high nibble must be the F filler */
	text[n] = '\0';
	return SMS_OK;
}

static int write_semi(struct wire_writer *w, const char *text, size_t n)
{
	for (size_t i = 0; i < n; i += 2) {
		int lo = digit_value(text[i]);
		int hi = i + 1 < n ? digit_value(text[i + 1]) : 0xF;
		if (lo < 0 || hi < 0)
			return SMS_EBADCODE;
		wire_put_u8(w, (uint8_t)(hi << 4 | lo));
	}
	return SMS_OK;
}

static uint8_t type_octet(const struct sms_addr *a)
{
	return (uint8_t)(0x80 | (a->ton & 7) << 4 | (a->npi & 0xF));
}

int tpdu_addr_read(struct wire_reader *r, struct sms_addr *out)
{
	struct wire_reader save = *r;
	uint8_t n, type;
	const uint8_t *v;
	int rc;

	out->text[0] = '\0';
	if (wire_get_u8(r, &n) != WIRE_OK || wire_get_u8(r, &type) != WIRE_OK)
		goto short_input;
	if (n > TPDU_ADDR_MAX_DIGITS) {
		*r = save;
		return SMS_EBADLEN;
	}
	size_t octets = (n + 1u) / 2;
	if (wire_get_bytes(r, octets, &v) != WIRE_OK)
		goto short_input;
	out->ton = (type >> 4) & 7;
	out->npi = type & 0xF;
	if (out->ton == TPDU_TON_ALPHANUMERIC) {
		uint8_t sep[TPDU_ADDR_MAX_DIGITS * 4 / 7 + 1];
		size_t count = (size_t)n * 4 / 7, len;
		const struct gsm7_charset dflt = {0, 0};
		rc = gsm7_unpack(v, octets, 0, count, sep, sizeof sep);
		if (rc == SMS_OK)
			rc = gsm7_to_utf8(sep, count, dflt, out->text, sizeof out->text - 1, &len);
		if (rc == SMS_OK)
			out->text[len] = '\0';
	} else {
		rc = read_semi(v, octets, n, out->text, sizeof out->text);
	}
	if (rc != SMS_OK) {
		out->text[0] = '\0';
		*r = save;
	}
	return rc;
short_input:
	*r = save;
	return SMS_ESHORT;
}

int tpdu_addr_write(struct wire_writer *w, const struct sms_addr *a)
{
	size_t n = strnlen(a->text, sizeof a->text);
	if (n == sizeof a->text)
		return SMS_EINVAL;
	if (a->ton == TPDU_TON_ALPHANUMERIC) {
		uint8_t sep[TPDU_ADDR_MAX_DIGITS * 4 / 7 + 2], packed[TPDU_ADDR_MAX_DIGITS / 2 + 1];
		size_t ns, len;
		const struct gsm7_charset dflt = {0, 0};
		int rc = gsm7_from_utf8(a->text, n, dflt, sep, sizeof sep, &ns, NULL);
		if (rc == SMS_ENOSPACE || (rc == SMS_OK && ns > 11))
			return SMS_EBADLEN;
		if (rc != SMS_OK)
			return rc;
		rc = gsm7_pack(sep, ns, 0, 0, packed, sizeof packed, &len, NULL);
		if (rc != SMS_OK)
			return rc;
		wire_put_u8(w, (uint8_t)((ns * 7 + 3) / 4));
		wire_put_u8(w, type_octet(a));
		wire_put_bytes(w, packed, len);
		return w->err ? SMS_ENOSPACE : SMS_OK;
	}
	if (n > TPDU_ADDR_MAX_DIGITS)
		return SMS_EBADLEN;
	wire_put_u8(w, (uint8_t)n);
	wire_put_u8(w, type_octet(a));
	int rc = write_semi(w, a->text, n);
	if (rc != SMS_OK)
		return rc;
	return w->err ? SMS_ENOSPACE : SMS_OK;
}

int tpdu_sca_read(struct wire_reader *r, struct sms_addr *out)
{
	struct wire_reader save = *r;
	uint8_t n, type;
	const uint8_t *v;
	out->ton = out->npi = 0;
	out->text[0] = '\0';
	if (wire_get_u8(r, &n) != WIRE_OK)
		return SMS_ESHORT;
	if (n == 0)
		return SMS_OK;
	if (n > 11) {
		*r = save;
		return SMS_EBADLEN; /* 24.011: at most 1 + 10 octets */
	}
	if (wire_get_u8(r, &type) != WIRE_OK || wire_get_bytes(r, n - 1u, &v) != WIRE_OK) {
		*r = save;
		return SMS_ESHORT;
	}
	out->ton = (type >> 4) & 7;
	out->npi = type & 0xF;
	size_t digits = 2u * (n - 1u);
	if (digits && (v[n - 2] >> 4) == 0xF)
		digits--;
	int rc = read_semi(v, n - 1u, digits, out->text, sizeof out->text);
	if (rc != SMS_OK) {
		out->text[0] = '\0';
		*r = save;
	}
	return rc;
}

int tpdu_sca_write(struct wire_writer *w, const struct sms_addr *a)
{
	size_t n = strnlen(a->text, sizeof a->text);
	if (n == 0) {
		wire_put_u8(w, 0);
		return w->err ? SMS_ENOSPACE : SMS_OK;
	}
	if (n > TPDU_ADDR_MAX_DIGITS)
		return SMS_EBADLEN;
	/* semi-octets whatever the TON says: an SMSC address is never alphanumeric */
	wire_put_u8(w, (uint8_t)(1 + (n + 1) / 2));
	wire_put_u8(w, type_octet(a));
	int rc = write_semi(w, a->text, n);
	if (rc != SMS_OK)
		return rc;
	return w->err ? SMS_ENOSPACE : SMS_OK;
}

static int bcd(uint8_t octet, unsigned *v)
{
	unsigned lo = octet & 0xF, hi = octet >> 4;
	if (lo > 9 || hi > 9)
		return SMS_EBADCODE;
	*v = lo * 10 + hi; /* semi-octets: the first digit is the low nibble */
	return SMS_OK;
}

int tpdu_time_read(struct wire_reader *r, struct tpdu_time *t)
{
	const uint8_t *v;
	unsigned f[6];
	if (wire_remaining(r) < 7)
		return SMS_ESHORT;
	v = r->buf + r->pos;
	for (int i = 0; i < 6; i++)
		if (bcd(v[i], &f[i]) != SMS_OK)
			return SMS_EBADCODE;
	unsigned lo = v[6] & 0x7, hi = v[6] >> 4;
	if (hi > 9)
		return SMS_EBADCODE;
	int tz = (int)(lo * 10 + hi);
	if (v[6] & 0x08)
		tz = -tz;
	t->year = (uint8_t)f[0];
	t->month = (uint8_t)f[1];
	t->day = (uint8_t)f[2];
	t->hour = (uint8_t)f[3];
	t->minute = (uint8_t)f[4];
	t->second = (uint8_t)f[5];
	t->tz_quarters = (int8_t)tz;
	return wire_skip(r, 7) == WIRE_OK ? SMS_OK : SMS_ESHORT;
}

static uint8_t to_semi(unsigned v)
{
	return (uint8_t)((v % 10) << 4 | (v / 10));
}

int tpdu_time_write(struct wire_writer *w, const struct tpdu_time *t)
{
	if (t->year > 99 || t->month < 1 || t->month > 12 || t->day < 1 || t->day > 31 ||
	    t->hour > 23 || t->minute > 59 || t->second > 59 || t->tz_quarters > 79 ||
	    t->tz_quarters < -79)
		return SMS_EINVAL;
	const unsigned f[6] = {t->year, t->month, t->day, t->hour, t->minute, t->second};
	for (int i = 0; i < 6; i++)
		wire_put_u8(w, to_semi(f[i]));
	unsigned q = (unsigned)(t->tz_quarters < 0 ? -t->tz_quarters : t->tz_quarters);
	uint8_t tz = to_semi(q);
	if (t->tz_quarters < 0)
		tz |= 0x08;
	wire_put_u8(w, tz);
	return w->err ? SMS_ENOSPACE : SMS_OK;
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar. */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? (unsigned)-3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

int tpdu_time_to_unix(const struct tpdu_time *t, int64_t *out)
{
	static const uint8_t mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	unsigned year = 2000u + t->year;
	if (t->year > 99 || t->month < 1 || t->month > 12 || t->day < 1 ||
	    t->day > mdays[t->month - 1] || t->hour > 23 || t->minute > 59 || t->second > 59 ||
	    t->tz_quarters > 79 || t->tz_quarters < -79)
		return SMS_EINVAL;
	bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	if (t->month == 2 && t->day == 29 && !leap)
		return SMS_EINVAL;
	int64_t days = days_from_civil(year, t->month, t->day);
	*out = days * 86400 + t->hour * 3600 + t->minute * 60 + t->second -
	       (int64_t)t->tz_quarters * 15 * 60;
	return SMS_OK;
}

uint32_t tpdu_vp_relative_seconds(uint8_t vp)
{
	if (vp <= 143)
		return (vp + 1u) * 5 * 60;
	if (vp <= 167)
		return 12 * 3600 + (vp - 143u) * 30 * 60;
	if (vp <= 196)
		return (vp - 166u) * 86400;
	return (vp - 192u) * 7 * 86400;
}

uint8_t tpdu_vp_relative_from_seconds(uint32_t secs)
{
	for (unsigned vp = 0; vp < 255; vp++)
		if (tpdu_vp_relative_seconds((uint8_t)vp) >= secs)
			return (uint8_t)vp;
	return 255;
}
