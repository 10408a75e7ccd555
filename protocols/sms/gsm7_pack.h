/*
 * gsm7_pack.h - packing septets into octets for PDUs (3GPP TS 23.038
 * 6.1.2.1) and back, with the fill bits that align packed text after a
 * user data header (23.040 9.2.3.24) and the CR padding of 6.1.2.3.1.
 *
 * Septet i occupies bits fill + 7*i .. fill + 7*i + 6 of the output,
 * least significant bit first within each octet.
 */
#ifndef SMSB_GSM7_PACK_H
#define SMSB_GSM7_PACK_H

#include <stddef.h>
#include <stdint.h>

/*
 * With this flag gsm7_pack fills 7 spare bits at the end with CR instead of
 * zeros (so the receiver cannot read an extra '@'), and when the text ends
 * with a CR exactly on an octet boundary adds one more CR so the wanted CR
 * is not taken for padding. Use it when the receiver learns the length in
 * octets (USSD, cell broadcast, some modems); SMS TP-UDL counts septets.
 */
#define GSM7_PACK_CR_PAD 1u

/* Octets needed for n septets after fill bits: ceil((fill + 7n) / 8). */
size_t gsm7_packed_len(size_t n, unsigned fill_bits);

/*
 * Packs n septets (each <= 0x7F) after fill_bits (0..6) zero bits into out.
 * *out_len gets the octets written. SMS_EINVAL for fill_bits > 6 or
 * unknown flags, SMS_EBADCODE for a septet above 0x7F, SMS_ENOSPACE when
 * cap is short. Returns how many septets were packed in *n_packed when
 * not NULL (n, or n + 1 when CR padding added a CR).
 */
int gsm7_pack(const uint8_t *septets, size_t n, unsigned fill_bits, unsigned flags, uint8_t *out,
	      size_t cap, size_t *out_len, size_t *n_packed);

/*
 * Unpacks n septets found after fill_bits bits of in[0..in_len) into
 * septets[0..n). SMS_ESHORT when in_len is shorter than
 * gsm7_packed_len(n, fill_bits); SMS_ENOSPACE when cap < n.
 */
int gsm7_unpack(const uint8_t *in, size_t in_len, unsigned fill_bits, size_t n, uint8_t *septets,
		size_t cap);

/*
 * Unpacks when only the octet length is known: (8 * in_len - fill) / 7
 * septets, dropping a final CR that sat in 7 spare bits (CR padding).
 * *n gets the septets written.
 */
int gsm7_unpack_octets(const uint8_t *in, size_t in_len, unsigned fill_bits, uint8_t *septets,
		       size_t cap, size_t *n);

#endif
