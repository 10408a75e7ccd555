/* gsm7_pack.c - 7-bit packing with fill bits and CR padding (see gsm7_pack.h). */
#include "gsm7_pack.h"

#include "sms_err.h"

#define CR 0x0D

size_t gsm7_packed_len(size_t n, unsigned fill_bits)
{
	return (fill_bits + 7 * n + 7) / 8;
}

int gsm7_pack(const uint8_t *septets, size_t n, unsigned fill_bits, unsigned flags, uint8_t *out,
	      size_t cap, size_t *out_len, size_t *n_packed)
{
	if (fill_bits > 6 || (flags & ~GSM7_PACK_CR_PAD))
		return SMS_EINVAL;
	size_t total = n;
	unsigned pad_cr = 0; /* septets of CR to add */
	if (flags & GSM7_PACK_CR_PAD) {
		size_t bits = fill_bits + 7 * n;
		if (bits % 8 == 1)
			pad_cr = 1; /* 7 spare bits: they would read as '@' */
		else if (bits % 8 == 0 && n > 0 && septets[n - 1] == CR)
			pad_cr = 1; /* a wanted final CR must not look like padding */
	}
	total += pad_cr;
	size_t need = gsm7_packed_len(total, fill_bits);
	if (need > cap)
		return SMS_ENOSPACE;

	uint32_t acc = 0; /* bits not yet written, low first */
	unsigned nbits = fill_bits;
	size_t o = 0;
	for (size_t i = 0; i < total; i++) {
		uint8_t s = i < n ? septets[i] : CR;
		if (s > 0x7F)
			return SMS_EBADCODE;
		acc |= (uint32_t)s << nbits;
		nbits += 7;
		while (nbits >= 8) {
			out[o++] = (uint8_t)acc;
			acc >>= 8;
			nbits -= 8;
		}
	}
	if (nbits > 0 && o < need)
		out[o++] = (uint8_t)acc;
	*out_len = o;
	if (n_packed)
		*n_packed = total;
	return SMS_OK;
}

int gsm7_unpack(const uint8_t *in, size_t in_len, unsigned fill_bits, size_t n, uint8_t *septets,
		size_t cap)
{
	if (fill_bits > 7)
		return SMS_EINVAL;
	if (n > cap)
		return SMS_ENOSPACE;
	if (n > (SIZE_MAX - 8) / 7 || gsm7_packed_len(n, fill_bits) > in_len)
		return SMS_ESHORT;
	size_t bit = fill_bits;
	for (size_t i = 0; i < n; i++, bit += 7) {
		size_t byte = bit / 8;
		unsigned shift = bit % 8;
		unsigned v = in[byte] >> shift;
		if (shift > 1)
			v |= (unsigned)in[byte + 1] << (8 - shift);
		septets[i] = (uint8_t)(v & 0x7F);
	}
	return SMS_OK;
}

int gsm7_unpack_octets(const uint8_t *in, size_t in_len, unsigned fill_bits, uint8_t *septets,
		       size_t cap, size_t *n)
{
	if (fill_bits > 7 || in_len > SIZE_MAX / 8)
		return SMS_EINVAL;
	size_t bits = in_len * 8;
	size_t count = bits > fill_bits ? (bits - fill_bits) / 7 : 0;
	int rc = gsm7_unpack(in, in_len, fill_bits, count, septets, cap);
	if (rc != SMS_OK)
		return rc;
	if (count > 0 && (bits - fill_bits) % 7 == 0 && septets[count - 1] == CR) {
		/* ends exactly on a septet: a final CR whose 7 bits filled the spare room */
		size_t used_before = fill_bits + 7 * (count - 1);
		if (used_before % 8 == 1)
			count--;
	}
	*n = count;
	return SMS_OK;
}
