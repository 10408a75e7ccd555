/*
 * tem106_frame.c - build TEM-106 requests and check answers (see
 * tem106_frame.h). Reads through wire.h; keeps no state between calls.
 */
#include "tem106_frame.h"

#include <string.h>

#include "wire.h"

uint8_t tem106_checksum(const uint8_t *p, size_t n)
{
	unsigned sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += p[i];
	return (uint8_t)~sum;
}

/* Header, data, checksum; the data come from a small caller array. */
static int build(uint8_t addr, uint8_t cgrp, uint8_t cmd, const uint8_t *data, uint8_t n,
		 uint8_t *buf, size_t cap, size_t *out_len)
{
	struct wire_writer w;
	wire_writer_init(&w, buf, cap);
	wire_put_u8(&w, TEM106_SIG_MASTER);
	wire_put_u8(&w, addr);
	wire_put_u8(&w, (uint8_t)~addr);
	wire_put_u8(&w, cgrp);
	wire_put_u8(&w, cmd);
	wire_put_u8(&w, n);
	wire_put_bytes(&w, data, n);
	if (w.err != WIRE_OK || w.pos >= cap)
		return TEM106_E_NOSPACE;
	wire_put_u8(&w, tem106_checksum(buf, w.pos));
	*out_len = w.pos;
	return TEM106_OK;
}

static void expect_set(struct tem106_expect *exp, uint8_t addr, uint8_t cgrp, uint8_t cmd,
		       uint8_t len, bool any_len)
{
	if (!exp)
		return;
	exp->addr = addr;
	exp->cgrp = cgrp;
	exp->cmd = cmd;
	exp->len = len;
	exp->any_len = any_len;
}

int tem106_build_identify(uint8_t addr, uint8_t *buf, size_t cap, size_t *out_len,
			  struct tem106_expect *exp)
{
	int rc = build(addr, TEM106_GRP_LINK, TEM106_CMD_IDENTIFY, NULL, 0, buf, cap, out_len);
	if (rc == TEM106_OK)
		expect_set(exp, addr, TEM106_GRP_LINK, TEM106_CMD_IDENTIFY, 0, true);
	return rc;
}

int tem106_build_read_t2k(uint8_t addr, uint16_t mem_addr, uint8_t n, uint8_t *buf, size_t cap,
			  size_t *out_len, struct tem106_expect *exp)
{
	if (n < 1 || n > TEM106_MAX_DATA || (uint32_t)mem_addr + n > TEM106_T2K_SIZE)
		return TEM106_E_ARG;
	const uint8_t data[3] = {(uint8_t)(mem_addr >> 8), (uint8_t)mem_addr, n};
	int rc = build(addr, TEM106_GRP_READ, TEM106_CMD_READ_T2K, data, sizeof data, buf, cap,
		       out_len);
	if (rc == TEM106_OK)
		expect_set(exp, addr, TEM106_GRP_READ, TEM106_CMD_READ_T2K, n, false);
	return rc;
}

int tem106_build_read_flash(uint8_t addr, uint32_t mem_addr, uint8_t n, uint8_t *buf, size_t cap,
			    size_t *out_len, struct tem106_expect *exp)
{
	if (n < 1 || n > TEM106_MAX_DATA || mem_addr > UINT32_MAX - (n - 1u))
		return TEM106_E_ARG;
	const uint8_t data[5] = {n, (uint8_t)(mem_addr >> 24), (uint8_t)(mem_addr >> 16),
				 (uint8_t)(mem_addr >> 8), (uint8_t)mem_addr};
	int rc = build(addr, TEM106_GRP_READ, TEM106_CMD_READ_FLASH, data, sizeof data, buf, cap,
		       out_len);
	if (rc == TEM106_OK)
		expect_set(exp, addr, TEM106_GRP_READ, TEM106_CMD_READ_FLASH, n, false);
	return rc;
}

/* The header checks, one per byte as it arrives. */
static int check_header_byte(const struct tem106_expect *exp, size_t i, uint8_t b, uint8_t addr)
{
	switch (i) {
	case 0:
		return b == TEM106_SIG_SLAVE ? TEM106_OK : TEM106_E_START;
	case 1:
		return b == exp->addr ? TEM106_OK : TEM106_E_ADDR;
	case 2:
		return (uint8_t)(b ^ addr) == 0xFF ? TEM106_OK : TEM106_E_ADDR_INV;
	case 3:
		return b == exp->cgrp ? TEM106_OK : TEM106_E_GROUP;
	case 4:
		return b == exp->cmd ? TEM106_OK : TEM106_E_CMD;
	default:
		if (b > TEM106_MAX_DATA)
			return TEM106_E_LEN_MAX;
		return exp->any_len || b == exp->len ? TEM106_OK : TEM106_E_LEN;
	}
}

int tem106_answer_scan(const struct tem106_expect *exp, const uint8_t *buf, size_t len,
		       size_t *frame_len)
{
	struct wire_reader r;
	wire_reader_init(&r, buf, len);
	uint8_t b = 0, addr = 0;
	for (size_t i = 0; i < TEM106_HEADER_LEN; i++) {
		if (wire_get_u8(&r, &b) != WIRE_OK)
			return TEM106_NEED_MORE;
		if (i == 1)
			addr = b;
		int rc = check_header_byte(exp, i, b, addr);
		if (rc != TEM106_OK)
			return rc;
	}
	size_t total = TEM106_HEADER_LEN + (size_t)b + 1;
	const uint8_t *rest;
	if (wire_get_bytes(&r, (size_t)b, &rest) != WIRE_OK)
		return TEM106_NEED_MORE;
	uint8_t cs;
	if (wire_get_u8(&r, &cs) != WIRE_OK)
		return TEM106_NEED_MORE;
	if (cs != tem106_checksum(buf, total - 1))
		return TEM106_E_CHECKSUM;
	*frame_len = total;
	return TEM106_OK;
}

int tem106_answer_parse(const struct tem106_expect *exp, const uint8_t *buf, size_t len,
			const uint8_t **data, size_t *data_len)
{
	size_t flen = 0;
	int rc = tem106_answer_scan(exp, buf, len, &flen);
	if (rc == TEM106_NEED_MORE)
		return TEM106_E_SHORT;
	if (rc != TEM106_OK)
		return rc;
	if (flen != len)
		return TEM106_E_TRAILING;
	*data = buf + TEM106_HEADER_LEN;
	*data_len = flen - TEM106_HEADER_LEN - 1;
	return TEM106_OK;
}

size_t tem106_answer_resync(const uint8_t *buf, size_t len)
{
	if (len < 2)
		return len;
	const uint8_t *p = memchr(buf + 1, TEM106_SIG_SLAVE, len - 1);
	return p ? (size_t)(p - buf) : len;
}

int tem106_ident_copy(const uint8_t *data, size_t n, char *out, size_t cap)
{
	if (cap == 0)
		return TEM106_E_NOSPACE;
	out[0] = '\0';
	if (n + 1 > cap)
		return TEM106_E_NOSPACE;
	if (n)
		memcpy(out, data, n);
	out[n] = '\0';
	return TEM106_OK;
}
