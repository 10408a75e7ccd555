/*
 * libFuzzer target for the SMPP codec: frame check and decode any bytes;
 * when a PDU decodes, encoding it must succeed and give back the same bytes
 * (the codec is canonical, save for error responses sent without a body),
 * and decoding that again must give the same PDU. Every frame is decoded
 * from an exact-size heap copy so ASan sees any read past it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "smpp_dump.h"
#include "smpp_pdu.h"
#include "smpp_time.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct smpp_pdu a, b;
static uint8_t out[SMPP_FRAME_MAX_DEFAULT];
static uint8_t out2[SMPP_FRAME_MAX_DEFAULT];
static char text_a[16384], text_b[16384];

static void check(int ok)
{
	if (!ok)
		__builtin_trap();
}

static void fuzz_time(const uint8_t *data, size_t size)
{
	char s[SMPP_TIME_LEN + 1];
	int64_t t;
	enum smpp_time_kind k;
	if (size > SMPP_TIME_LEN)
		return;
	memcpy(s, data, size);
	s[size] = '\0';
	if (smpp_time_parse(s, 1700000000000LL, &t, &k) == SMPP_OK && k == SMPP_TIME_ABSOLUTE) {
		char again[SMPP_TIME_LEN + 1];
		int64_t t2;
		/* the same instant printed at UTC reads back the same */
		if (smpp_time_format_absolute(t, 0, again) == SMPP_OK) {
			check(smpp_time_parse(again, 0, &t2, &k) == SMPP_OK);
			check(t2 == t);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct smpp_decode_err err;
	size_t n, len, len2;

	fuzz_time(data, size);
	int rc = smpp_frame_check(data, size, SMPP_FRAME_MAX_DEFAULT, &n, &err);
	if (rc != SMPP_OK) {
		check(rc == SMPP_ENEEDMORE || (rc == SMPP_EFRAME && err.fatal));
		return 0;
	}
	uint8_t *frame = malloc(n);
	if (!frame)
		return 0;
	memcpy(frame, data, n);
	rc = smpp_decode(frame, n, &a, &err);
	if (rc != SMPP_OK) {
		check(rc == SMPP_EDECODE && err.status != SMPP_ESME_ROK && !err.fatal);
		free(frame);
		return 0;
	}
	smpp_dump(&a, text_a, sizeof text_a);

	check(smpp_encode(&a, out, sizeof out, &len) == SMPP_OK);
	int bodyless = (a.hdr.command_id & SMPP_RESP_BIT) && a.hdr.command_status != 0 && n == 16;
	if (!bodyless)
		check(len == n && memcmp(out, frame, n) == 0);

	check(smpp_decode(out, len, &b, &err) == SMPP_OK);
	smpp_dump(&b, text_b, sizeof text_b);
	check(strcmp(text_a, text_b) == 0);
	check(smpp_encode(&b, out2, sizeof out2, &len2) == SMPP_OK);
	check(len2 == len && memcmp(out, out2, len) == 0);
	free(frame);
	return 0;
}
