/*
 * smpp_dump.h - one-line text forms of PDUs for trace logs.
 *
 * Formats into the caller's buffer; never allocates, never logs. The
 * password field is always masked.
 */
#ifndef SMSB_SMPP_DUMP_H
#define SMSB_SMPP_DUMP_H

#include <stddef.h>
#include <stdint.h>

#include "smpp_pdu.h"

/*
 * Write pdu as one line of key=value pairs into buf (capacity cap), e.g.
 *   submit_sm seq=7 status=ESME_ROK service_type="" source_addr_ton=1 ...
 *   sm_length=5 short_message=48656c6c6f tlv.sar_msg_ref_num=0x0101
 * C-octet strings are quoted with non-printables as \xNN; octet fields and
 * TLVs other than integers and C-octet strings are hex. Unknown commands and
 * tags appear by number. Returns SMPP_OK, or SMPP_ENOSPACE when the line was
 * cut (it then ends in "..."); buf is always NUL-terminated when cap > 0.
 */
int smpp_dump(const struct smpp_pdu *pdu, char *buf, size_t cap);

/*
 * Lower-case hex of n bytes into dst (capacity cap, NUL-terminated when
 * cap > 0). SMPP_OK, or SMPP_ENOSPACE when it did not fit (dst then holds
 * as many whole bytes as fit).
 */
int smpp_hex(const uint8_t *p, size_t n, char *dst, size_t cap);

#endif
