/*
 * Phone number normalisation (every accepted form and every error) and the
 * user data header (python-gsmmodem IE vectors, every IE kept, strict bounds).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "phone.h"
#include "sms_err.h"
#include "sms_test_util.h"
#include "tpdu_addr.h"
#include "udh.h"

static int norm(const char *in, const struct phone_opts *o, struct phone_number *out)
{
	return phone_normalise(in, strlen(in), o, out);
}

static void test_phone_forms(void **state)
{
	(void)state;
	const struct phone_opts lt = {.country_code = "370", .trunk_prefix = "8", .short_code_max = 5};
	const struct phone_opts de = {.country_code = "49", .trunk_prefix = "0"};
	const struct {
		const char *in;
		const struct phone_opts *o;
		enum phone_kind kind;
		const char *out;
	} ok[] = {
		{"0037012345678", NULL, PHONE_INTERNATIONAL, "37012345678"}, /* the seed's form */
		{"+370 612 34567", NULL, PHONE_INTERNATIONAL, "37061234567"},
		{"+1 (512) 555-1234", NULL, PHONE_INTERNATIONAL, "15125551234"},
		{"+44.20.7946.0958", NULL, PHONE_INTERNATIONAL, "442079460958"},
		{" 00 49/30 1234567 ", NULL, PHONE_INTERNATIONAL, "49301234567"},
		{"861234567", &lt, PHONE_INTERNATIONAL, "37061234567"},   /* trunk 8 */
		{"61234567", &lt, PHONE_INTERNATIONAL, "37061234567"},    /* no trunk */
		{"030 1234567", &de, PHONE_INTERNATIONAL, "49301234567"},
		{"1599", &lt, PHONE_SHORT_CODE, "1599"},
		{"1234", NULL, PHONE_SHORT_CODE, "1234"},
		{"MyShop", NULL, PHONE_ALPHANUMERIC, "MyShop"},
		{"  Bank 24 ", NULL, PHONE_ALPHANUMERIC, "Bank 24"},
		{"Café-Bar", NULL, PHONE_ALPHANUMERIC, "Café-Bar"},
		{"ABCDEFGHIJK", NULL, PHONE_ALPHANUMERIC, "ABCDEFGHIJK"},
		{"+123456789012345", NULL, PHONE_INTERNATIONAL, "123456789012345"},
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		struct phone_number p;
		int rc = norm(ok[i].in, ok[i].o, &p);
		if (rc != SMS_OK)
			fail_msg("%s: %s", ok[i].in, sms_err_str(rc));
		assert_int_equal(p.kind, ok[i].kind);
		assert_string_equal(p.text, ok[i].out);
		switch (p.kind) {
		case PHONE_INTERNATIONAL:
			assert_int_equal(p.ton, TPDU_TON_INTERNATIONAL);
			assert_int_equal(p.npi, TPDU_NPI_ISDN);
			break;
		case PHONE_SHORT_CODE:
			assert_int_equal(p.ton, TPDU_TON_UNKNOWN);
			break;
		case PHONE_ALPHANUMERIC:
			assert_int_equal(p.ton, TPDU_TON_ALPHANUMERIC);
			assert_int_equal(p.npi, TPDU_NPI_UNKNOWN);
			break;
		}
	}
}

static void test_phone_errors(void **state)
{
	(void)state;
	const struct phone_opts lt = {.country_code = "370", .trunk_prefix = "8"};
	const struct {
		const char *in;
		const struct phone_opts *o;
		int rc;
	} bad[] = {
		{"", NULL, SMS_EPHONE_EMPTY},
		{" - ( ) ", NULL, SMS_EPHONE_EMPTY},
		{"+", NULL, SMS_EPHONE_EMPTY},
		{"12+34", NULL, SMS_EPHONE_CHAR},
		{"++37061234567", NULL, SMS_EPHONE_CHAR},
		{"+37061*34567", NULL, SMS_EPHONE_CHAR},
		{"+0123456789", NULL, SMS_EPHONE_CHAR},
		{"+1234567890123456", NULL, SMS_EPHONE_LONG},
		{"+123456", NULL, SMS_EPHONE_SHORT},
		{"00", NULL, SMS_EPHONE_SHORT},
		{"0612345678", NULL, SMS_EPHONE_NOCC},
		{"1234567", NULL, SMS_EPHONE_NOCC},
		{"ABCDEFGHIJKL", NULL, SMS_EPHONE_LONG},
		{"Shop{}{}{}{", NULL, SMS_EPHONE_LONG}, /* 6 + 5 escapes = 16 septets */
		{"Shop😀", NULL, SMS_EPHONE_CHAR},
		{"Žalgiris", NULL, SMS_EPHONE_CHAR}, /* Z with caron is not in the GSM alphabet */
		{"81", &lt, SMS_EPHONE_SHORT},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct phone_number p;
		int rc = norm(bad[i].in, bad[i].o, &p);
		if (rc != bad[i].rc)
			fail_msg("\"%s\": got %d (%s) want %d", bad[i].in, rc, sms_err_str(rc), bad[i].rc);
	}
	struct phone_number p;
	assert_int_equal(phone_normalise(NULL, 0, NULL, &p), SMS_EPHONE_EMPTY);
	/* invalid UTF-8 in a sender id is a clear error too */
	assert_int_equal(phone_normalise("Shop\xC3", 5, NULL, &p), SMS_EPHONE_CHAR);
	assert_string_equal(sms_err_str(SMS_EPHONE_NOCC), "national number without default country code");
	assert_string_equal(sms_err_str(12345), "unknown error");
}

/* python-gsmmodem TestUdhConcatenation and TestUdhPortAddress IEs, inside one UDH each. */
static void test_udh_vectors(void **state)
{
	(void)state;
	uint8_t b[32], out[32];
	size_t n, h, len;
	struct udh u;

	n = tu_hex("05 0003170301", b, sizeof b);
	assert_int_equal(udh_parse(b, n, &u, &h), SMS_OK);
	assert_int_equal(h, 6);
	assert_int_equal(u.f.concat, 8);
	assert_int_equal(u.f.ref, 23);
	assert_int_equal(u.f.total, 3);
	assert_int_equal(u.f.seq, 1);
	assert_int_equal(udh_build(&u.f, NULL, 0, out, sizeof out, &len), SMS_OK);
	assert_int_equal(len, n);
	assert_memory_equal(out, b, n);

	n = tu_hex("06 080401800402", b, sizeof b);
	assert_int_equal(udh_parse(b, n, &u, &h), SMS_OK);
	assert_int_equal(u.f.concat, 16);
	assert_int_equal(u.f.ref, 384);
	assert_int_equal(u.f.total, 4);
	assert_int_equal(u.f.seq, 2);
	assert_int_equal(udh_build(&u.f, NULL, 0, out, sizeof out, &len), SMS_OK);
	assert_memory_equal(out, b, n);

	n = tu_hex("04 04026432", b, sizeof b);
	assert_int_equal(udh_parse(b, n, &u, &h), SMS_OK);
	assert_int_equal(u.f.ports, 8);
	assert_int_equal(u.f.dst_port, 100);
	assert_int_equal(u.f.src_port, 50);
	assert_int_equal(udh_build(&u.f, NULL, 0, out, sizeof out, &len), SMS_OK);
	assert_memory_equal(out, b, n);

	n = tu_hex("06 050404D21466", b, sizeof b);
	assert_int_equal(udh_parse(b, n, &u, &h), SMS_OK);
	assert_int_equal(u.f.ports, 16);
	assert_int_equal(u.f.dst_port, 1234);
	assert_int_equal(u.f.src_port, 5222);
	assert_int_equal(udh_build(&u.f, NULL, 0, out, sizeof out, &len), SMS_OK);
	assert_memory_equal(out, b, n);
}

static void test_udh_all_ies_kept(void **state)
{
	(void)state;
	/* concat + unknown 0x0A (text formatting) + single shift Turkish + locking Portuguese + empty IE */
	uint8_t b[40], out[40];
	size_t n = tu_hex("12 00030A0201 0A03000A01 240101 250103 7000", b, sizeof b), h, len;
	struct udh u;
	assert_int_equal(udh_parse(b, n, &u, &h), SMS_OK);
	assert_int_equal(h, n);
	assert_int_equal(u.n_ies, 5);
	assert_int_equal(u.ies[1].iei, 0x0A);
	assert_int_equal(u.ies[1].len, 3);
	assert_int_equal(u.raw[u.ies[1].off + 2], 0x01);
	assert_int_equal(u.ies[4].iei, 0x70);
	assert_int_equal(u.ies[4].len, 0);
	assert_true(u.f.has_single_shift);
	assert_int_equal(u.f.single_shift, 1);
	assert_true(u.f.has_locking_shift);
	assert_int_equal(u.f.locking_shift, 3);
	assert_int_equal(u.f.seq, 1);
	/* rebuild with the unknown IEs forwarded as extra */
	uint8_t extra[8];
	size_t el = tu_hex("0A03000A01 7000", extra, sizeof extra);
	assert_int_equal(udh_build(&u.f, extra, el, out, sizeof out, &len), SMS_OK);
	assert_int_equal(len, n);
	uint8_t want[40];
	tu_hex("12 00030A0201 240101 250103 0A03000A01 7000", want, sizeof want);
	assert_memory_equal(out, want, n);
	/* a repeated IE: the last occurrence wins; a bad one is kept raw but not decoded */
	n = tu_hex("0A 0003010201 0003020202", b, sizeof b);
	assert_int_equal(udh_parse(b, n, &u, &h), SMS_OK);
	assert_int_equal(u.f.ref, 2);
	n = tu_hex("05 0003010300", b, sizeof b); /* seq 0 */
	assert_int_equal(udh_parse(b, n, &u, &h), SMS_OK);
	assert_int_equal(u.f.concat, 0);
	assert_int_equal(u.n_ies, 1);
	n = tu_hex("05 0003010203", b, sizeof b); /* seq above total */
	assert_int_equal(udh_parse(b, n, &u, &h), SMS_OK);
	assert_int_equal(u.f.concat, 0);
	n = tu_hex("04 00020102", b, sizeof b); /* wrong length for concat */
	assert_int_equal(udh_parse(b, n, &u, &h), SMS_OK);
	assert_int_equal(u.f.concat, 0);
}

static void test_udh_bounds(void **state)
{
	(void)state;
	uint8_t b[160] = {0};
	size_t h, len;
	struct udh u;
	assert_int_equal(udh_parse(b, 0, &u, &h), SMS_ESHORT);
	size_t n = tu_hex("06 000301", b, sizeof b); /* UDHL past the data */
	assert_int_equal(udh_parse(b, n, &u, &h), SMS_ESHORT);
	n = tu_hex("03 000301", b, sizeof b); /* IE past UDHL */
	assert_int_equal(udh_parse(b, n, &u, &h), SMS_EBADLEN);
	n = tu_hex("01 00", b, sizeof b); /* IEI without its length */
	assert_int_equal(udh_parse(b, n, &u, &h), SMS_EBADLEN);
	n = tu_hex("00", b, sizeof b); /* empty header */
	assert_int_equal(udh_parse(b, n, &u, &h), SMS_OK);
	assert_int_equal(h, 1);
	assert_int_equal(u.n_ies, 0);
	memset(b, 0, sizeof b);
	b[0] = 140; /* a UDHL that cannot fit in 140 octets of TP-UD */
	assert_int_equal(udh_parse(b, 141, &u, &h), SMS_EBADLEN);
	/* many empty IEs up to the maximum */
	b[0] = 138;
	for (int i = 1; i <= 138; i += 2) {
		b[i] = 0x70;
		b[i + 1] = 0;
	}
	assert_int_equal(udh_parse(b, 139, &u, &h), SMS_OK);
	assert_int_equal(u.n_ies, 69);

	struct udh_fields f = {.concat = 8, .ref = 300, .total = 2, .seq = 1};
	uint8_t out[16];
	assert_int_equal(udh_build(&f, NULL, 0, out, sizeof out, &len), SMS_EINVAL);
	f.ref = 3;
	f.seq = 3;
	assert_int_equal(udh_build(&f, NULL, 0, out, sizeof out, &len), SMS_EINVAL);
	f.seq = 2;
	assert_int_equal(udh_build(&f, NULL, 0, out, 4, &len), SMS_ENOSPACE);
	f.concat = 7;
	assert_int_equal(udh_build(&f, NULL, 0, out, sizeof out, &len), SMS_EINVAL);
	struct udh_fields none = {0};
	assert_int_equal(udh_len(&none, 0), 0);
	assert_int_equal(udh_build(&none, NULL, 0, out, sizeof out, &len), SMS_OK);
	assert_int_equal(len, 0);
	assert_int_equal(udh_build(&none, b, 140, out, sizeof out, &len), SMS_ENOSPACE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_phone_forms),
		cmocka_unit_test(test_phone_errors),
		cmocka_unit_test(test_udh_vectors),
		cmocka_unit_test(test_udh_all_ies_kept),
		cmocka_unit_test(test_udh_bounds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
