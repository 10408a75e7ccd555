/*
 * fuzz_sms_udh - udh_parse on arbitrary user data. Invariants: every IE
 * lies inside the header; rebuilding from the decoded fields plus the
 * other IEs and parsing again gives the same decoded fields.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sms_err.h"
#include "udh.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int known(uint8_t iei, uint8_t len)
{
	return (iei == UDH_IEI_CONCAT8 && len == 3) || (iei == UDH_IEI_CONCAT16 && len == 4) ||
	       (iei == UDH_IEI_PORTS8 && len == 2) || (iei == UDH_IEI_PORTS16 && len == 4) ||
	       ((iei == UDH_IEI_SINGLE_SHIFT || iei == UDH_IEI_LOCKING_SHIFT) && len == 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct udh u, v;
	size_t h;
	if (udh_parse(data, size, &u, &h) != SMS_OK)
		return 0;
	if (h > size || h != (size_t)u.raw_len + 1)
		abort();
	uint8_t extra[UDH_MAX_OCTETS];
	size_t el = 0;
	for (unsigned i = 0; i < u.n_ies; i++) {
		const struct udh_ie *e = &u.ies[i];
		if ((size_t)e->off + e->len > u.raw_len)
			abort();
		if (known(e->iei, e->len))
			continue; /* rebuilt from the decoded fields (or dropped when invalid) */
		extra[el++] = e->iei;
		extra[el++] = e->len;
		memcpy(extra + el, u.raw + e->off, e->len);
		el += e->len;
	}
	uint8_t out[UDH_MAX_OCTETS];
	size_t len;
	if (udh_build(&u.f, extra, el, out, sizeof out, &len) != SMS_OK)
		abort(); /* fields that parsed and IEs that fit before must fit again */
	if (len == 0)
		return 0;
	if (udh_parse(out, len, &v, &h) != SMS_OK || memcmp(&u.f, &v.f, sizeof u.f) != 0)
		abort();
	return 0;
}
