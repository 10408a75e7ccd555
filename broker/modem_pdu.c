/* modem_pdu.c - stored rows as SMS-SUBMIT PDUs for AT+CMGS (see modem_pdu.h). */
#include "modem_pdu.h"

#include <stdio.h>
#include <string.h>

#include "dcs.h"
#include "gsm7.h"
#include "gsm7_pack.h"
#include "hex.h"
#include "latin1.h"
#include "sms_err.h"
#include "tpdu.h"
#include "ucs2.h"
#include "udh.h"

void modem_pdu_dest(const struct store_msg *m, char *out, size_t cap)
{
	size_t o = 0;
	for (const char *p = m->dst_addr; *p && o + 1 < cap; p++)
		if (*p >= '0' && *p <= '9')
			out[o++] = *p;
	out[o] = '\0';
}

static int destination(const struct store_msg *m, struct sms_addr *da)
{
	const char *p = m->dst_addr;
	bool plus = *p == '+';
	if (plus)
		p++;
	size_t n = strlen(p);
	if (n == 0 || n > TPDU_ADDR_MAX_DIGITS || strspn(p, "0123456789") != n)
		return MODEM_PDU_EADDR;
	memset(da, 0, sizeof *da);
	da->ton = plus ? TPDU_TON_INTERNATIONAL : m->dst_ton;
	da->npi = plus ? TPDU_NPI_ISDN : m->dst_npi;
	if (da->ton == TPDU_TON_ALPHANUMERIC)
		return MODEM_PDU_EADDR;
	memcpy(da->text, p, n + 1);
	return 0;
}

/*
 * ASCII (data_coding 1) and Latin-1 (3) text has no TP-DCS: it goes out
 * as GSM 7-bit when every character is in the default alphabet, else as
 * UCS-2. body (cap 280) gets the septets / UTF-16BE units after the UDH.
 */
static int recode_latin1(const uint8_t *p, size_t n, uint8_t *body, size_t cap, size_t *len,
			 enum sms_charset *cs)
{
	char utf8[3 * 160 + 1];
	size_t ulen;
	if (n > 160 || latin1_to_utf8(p, n, utf8, sizeof utf8, &ulen) != 0)
		return MODEM_PDU_ELENGTH;
	if (gsm7_from_utf8(utf8, ulen, (struct gsm7_charset){0}, body, cap, len, NULL) == 0) {
		*cs = SMS_CS_GSM7;
		return 0;
	}
	if (ucs2_from_utf8(utf8, ulen, body, cap, len, NULL) == 0) {
		*cs = SMS_CS_UCS2;
		return 0;
	}
	return MODEM_PDU_ECODING;
}

int modem_pdu_build(const struct store_msg *m, bool srr, int64_t now, char *hex, size_t cap,
		    unsigned *tpdu_len)
{
	struct tpdu_submit s = {.srr = srr, .pid = m->protocol_id};
	int rc = destination(m, &s.da);
	if (rc != 0)
		return rc;
	struct dcs_info info;
	dcs_from_smpp(m->data_coding, &info);
	const uint8_t *p = m->payload;
	size_t len = m->payload_len, u = 0;
	if (m->esm_class & 0x40) {
		if (len == 0 || (size_t)p[0] + 1 > len)
			return MODEM_PDU_ELENGTH;
		u = (size_t)p[0] + 1;
		s.udhi = true;
	}
	uint8_t recoded[300 + UDH_MAX_OCTETS];
	if (info.charset == SMS_CS_ASCII || info.charset == SMS_CS_LATIN1) {
		size_t n;
		rc = recode_latin1(p + u, len - u, recoded + u, sizeof recoded - u - 1, &n,
				   &info.charset);
		if (rc != 0)
			return rc;
		memcpy(recoded, p, u);
		p = recoded;
		len = u + n;
	}
	if (m->data_coding >= 0x10) {
		s.dcs = m->data_coding; /* already a GSM TP-DCS (class, MWI groups) */
	} else if (info.charset == SMS_CS_GSM7 || info.charset == SMS_CS_8BIT ||
		   info.charset == SMS_CS_UCS2) {
		if (dcs_encode(info.charset, -1, &s.dcs) != 0)
			return MODEM_PDU_ECODING;
	} else {
		return MODEM_PDU_ECODING;
	}
	uint8_t ud[160];
	if (u > 140)
		return MODEM_PDU_ELENGTH;
	memcpy(ud, p, u);
	if (info.charset == SMS_CS_GSM7) {
		unsigned fill = (unsigned)((7 - (u * 8) % 7) % 7);
		size_t n = len - u, packed;
		if (gsm7_packed_len(n, fill) > 140 - u)
			return MODEM_PDU_ELENGTH;
		rc = gsm7_pack(p + u, n, fill, 0, ud + u, sizeof ud - u, &packed, NULL);
		if (rc != 0)
			return rc;
		s.ud_len = u + packed;
		s.udl = (uint8_t)((u * 8 + fill) / 7 + n);
	} else {
		if (len > 140)
			return MODEM_PDU_ELENGTH;
		memcpy(ud + u, p + u, len - u);
		s.ud_len = len;
		s.udl = (uint8_t)len;
	}
	s.ud = ud;
	if (m->expire_at > now) {
		int64_t secs = (m->expire_at - now) / 1000;
		s.vpf = TPDU_VPF_RELATIVE;
		s.vp_relative = tpdu_vp_relative_from_seconds(secs > UINT32_MAX ? UINT32_MAX
										 : (uint32_t)secs);
	}
	uint8_t pdu[TPDU_MAX];
	size_t plen, tl;
	rc = tpdu_submit_encode(&s, pdu, sizeof pdu, &plen, &tl);
	if (rc != 0)
		return rc;
	rc = hex_encode(pdu, plen, hex, cap);
	if (rc != 0)
		return rc;
	*tpdu_len = (unsigned)tl;
	return 0;
}

int modem_pdu_text(const struct store_msg *m, char *out, size_t cap)
{
	if ((m->esm_class & 0x40) || m->payload_len > 160 || cap < 161)
		return -1;
	size_t n = 0;
	if (m->data_coding == 0) {
		if (gsm7_to_utf8(m->payload, m->payload_len, (struct gsm7_charset){0}, out, cap - 1,
				 &n) != 0)
			return -1;
	} else if (m->data_coding == 1) {
		memcpy(out, m->payload, m->payload_len);
		n = m->payload_len;
	} else {
		return -1;
	}
	out[n] = '\0';
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)out[i] < 0x20 || (unsigned char)out[i] > 0x7E)
			return -1; /* the TE character set would have to be negotiated: PDU mode */
	return 0;
}
