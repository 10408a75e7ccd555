/*
 * fuzz_sms_text - the text codecs on arbitrary bytes. The first byte picks
 * the path (modulo 6), the second the options; the rest is the input:
 *  0: UTF-8 through sms_text_encode, segmentation and sms_ud_decode; for
 *     valid UTF-8 the joined text must equal the input (no transliteration)
 *  1: septets through gsm7_to_utf8 with any national tables
 *  2: UTF-16BE through ucs2_to_utf8 (output must be valid UTF-8)
 *  3: packed septets through gsm7_unpack_octets
 *  4: phone_normalise
 *  5: user data through sms_ud_decode, unpacked (SMPP short_message)
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gsm7.h"
#include "gsm7_pack.h"
#include "phone.h"
#include "sms_err.h"
#include "sms_segment.h"
#include "sms_text.h"
#include "sms_ud.h"
#include "ucs2.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t g_buf[SMS_TEXT_BUF_SIZE(4096)];
static uint8_t g_units[SMS_TEXT_BUF_SIZE(4096)];
static char g_out[16384];

static void roundtrip(uint8_t sel, const uint8_t *p, size_t n)
{
	if (n > 4096)
		return;
	struct sms_text_opts o = {.coding = (enum sms_coding)((sel >> 3) & 3),
				  .nls_langs = (sel & 0x20) ? 0x0E : 0,
				  .nls_locking = (sel & 0x40) != 0};
	struct sms_text t;
	int valid = utf8_validate((const char *)p, n, NULL) == SMS_OK;
	int rc = sms_text_encode((const char *)p, n, &o, g_buf, sizeof g_buf, &t, NULL);
	if (valid && o.coding != SMS_CODING_GSM7 && o.coding != SMS_CODING_LATIN1 && rc != SMS_OK)
		abort(); /* AUTO and UCS-2 carry every valid text */
	if (!valid && rc == SMS_OK)
		abort();
	if (rc != SMS_OK)
		return;
	struct sms_segment_opts so = {.split = (enum sms_split)(sel & 3), .max_segments = 255};
	struct sms_plan plan;
	if (sms_segment_plan(&t, &so, &plan) != SMS_OK)
		return; /* more than 255 segments */
	size_t joined = 0;
	int packed = (sel & 0x80) != 0;
	for (unsigned i = 0; i < plan.count; i++) {
		static uint8_t ud[SMS_TEXT_BUF_SIZE(4096) + SMS_UD_MAX];
		struct sms_ud u;
		if (sms_segment_ud(&t, &plan, i, packed, ud, sizeof ud, &u) != SMS_OK)
			abort();
		if (plan.split != SMS_SPLIT_PAYLOAD && packed && u.len > SMS_UD_MAX)
			abort();
		struct sms_ud_in in = {.ud = ud, .ud_len = u.len, .udl = u.udl, .udhi = u.udhi,
				       .packed = packed, .charset = t.charset};
		struct udh h;
		struct sms_text part;
		static uint8_t units[SMS_TEXT_BUF_SIZE(4096)]; /* PAYLOAD: one big part */
		if (sms_ud_decode(&in, &h, units, sizeof units, &part) != SMS_OK)
			abort();
		memcpy(g_units + joined, part.units, part.len);
		joined += part.len;
	}
	if (joined != plan.sent_units || memcmp(g_units, t.units, joined) != 0)
		abort();
	if (plan.truncated)
		return;
	size_t out_len;
	if (sms_text_to_utf8(&t, g_out, sizeof g_out, &out_len) != SMS_OK)
		abort();
	if (o.coding != SMS_CODING_LATIN1 && (out_len != n || memcmp(g_out, p, n) != 0))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	uint8_t sel = data[1];
	const uint8_t *p = data + 2;
	size_t n = size - 2, out_len;
	switch (data[0] % 6) {
	case 0:
		roundtrip(sel, p, n);
		break;
	case 1: {
		struct gsm7_charset cs = {(uint8_t)((sel >> 3) % 15), (uint8_t)((sel >> 4) % 15)};
		if (gsm7_to_utf8(p, n, cs, g_out, sizeof g_out, &out_len) == SMS_OK &&
		    utf8_validate(g_out, out_len, NULL) != SMS_OK)
			abort();
		break;
	}
	case 2:
		if (ucs2_to_utf8(p, n, g_out, sizeof g_out, &out_len) == SMS_OK &&
		    utf8_validate(g_out, out_len, NULL) != SMS_OK)
			abort();
		break;
	case 3: {
		size_t count;
		if (gsm7_unpack_octets(p, n, (sel >> 3) & 7, g_units, sizeof g_units, &count) == SMS_OK)
			for (size_t i = 0; i < count; i++)
				if (g_units[i] > 0x7F)
					abort();
		break;
	}
	case 4: {
		struct phone_number num;
		const struct phone_opts o = {.country_code = "370", .trunk_prefix = "8",
					     .short_code_max = 5};
		if (phone_normalise((const char *)p, n, (sel & 8) ? &o : NULL, &num) == SMS_OK &&
		    strnlen(num.text, sizeof num.text) == sizeof num.text)
			abort();
		break;
	}
	default: {
		if (n < 1)
			break;
		struct sms_ud_in in = {.ud = p + 1, .ud_len = n - 1, .udl = p[0],
				       .udhi = (sel & 8) != 0, .packed = (sel & 16) != 0,
				       .charset = (enum sms_charset)((sel >> 5) % 3)};
		struct udh h;
		struct sms_text t;
		if (sms_ud_decode(&in, &h, g_units, 256, &t) == SMS_OK)
			(void)sms_text_to_utf8(&t, g_out, sizeof g_out, &out_len);
		break;
	}
	}
	return 0;
}
