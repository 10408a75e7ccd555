/*
 * fuzz_sms_tpdu - tpdu_decode on arbitrary bytes (SMS-DELIVER,
 * SMS-STATUS-REPORT, SMS-SUBMIT), then the user data through sms_ud_decode
 * and the text decoders. Invariants: the user data lies inside the input;
 * decoded text is valid UTF-8; a decoded SMS-SUBMIT re-encodes.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sms_err.h"
#include "sms_text.h"
#include "sms_ud.h"
#include "tpdu.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tpdu t;
	if (tpdu_decode(data, size, &t) != SMS_OK)
		return 0;
	if (t.ud && (t.ud < data || t.ud + t.ud_len > data + size))
		abort();
	if (!t.ud)
		return 0;
	static uint8_t units[256];
	struct udh udh;
	struct sms_text text;
	struct sms_ud_in in = {.ud = t.ud, .ud_len = t.ud_len, .udl = t.udl, .udhi = t.udhi,
			       .packed = true, .charset = t.dcs_info.charset};
	if (sms_ud_decode(&in, &udh, units, sizeof units, &text) == SMS_OK) {
		static char out[1024];
		size_t n;
		if (sms_text_to_utf8(&text, out, sizeof out, &n) == SMS_OK &&
		    utf8_validate(out, n, NULL) != SMS_OK)
			abort();
	}
	if (t.type == TPDU_SUBMIT && t.addr.ton != TPDU_TON_ALPHANUMERIC) {
		struct tpdu_submit s = {.sca = t.sca, .reject_duplicates = t.reject_duplicates,
					.srr = t.srr, .reply_path = t.reply_path, .udhi = t.udhi,
					.vpf = t.vpf, .mr = t.mr, .da = t.addr, .pid = t.pid,
					.dcs = t.dcs, .udl = t.udl, .ud = t.ud, .ud_len = t.ud_len};
		s.vp_relative = t.vp[0];
		memcpy(s.vp_enhanced, t.vp, 7);
		if (t.vpf == TPDU_VPF_ABSOLUTE) {
			struct wire_reader r;
			wire_reader_init(&r, t.vp, 7);
			if (tpdu_time_read(&r, &s.vp_absolute) != SMS_OK)
				return 0; /* decode keeps a SUBMIT's VP raw; bad digits cannot re-encode */
		}
		uint8_t out[TPDU_MAX];
		size_t len, tl;
		int rc = tpdu_submit_encode(&s, out, sizeof out, &len, &tl);
		/* a valid absolute VP may still be out of range for the encoder: that is its only excuse */
		if (rc != SMS_OK && !(rc == SMS_EINVAL && t.vpf == TPDU_VPF_ABSOLUTE))
			abort();
	}
	return 0;
}
