/*
 * tem106_frame.h - TEM-106 / TESMA-106 (TESMART) exchange frames: requests
 * built into the caller's buffer and answers checked byte by byte.
 *
 * Frame: SIG ADDR !ADDR CGRP CMD LEN DATA[LEN] CS, where SIG is 55 from the
 * master and AA from the meter, !ADDR = ~ADDR, and CS = ~(sum of every
 * byte before it, SIG included) & 0xFF. Pure: no I/O, no allocation, no
 * state; the transport owns every buffer and the timing (the seed's 0.5 s
 * inter-byte gap ends a frame: that is the transport's business).
 */
#ifndef SMSB_TEM106_FRAME_H
#define SMSB_TEM106_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tem106_err.h"

#define TEM106_SIG_MASTER 0x55
#define TEM106_SIG_SLAVE 0xAA
#define TEM106_HEADER_LEN 6   /* SIG ADDR !ADDR CGRP CMD LEN */
#define TEM106_MAX_DATA 64    /* the seed's "0..40" is hexadecimal */
#define TEM106_MAX_FRAME (TEM106_HEADER_LEN + TEM106_MAX_DATA + 1)

#define TEM106_GRP_LINK 0x00  /* "команды установления связи" */
#define TEM106_CMD_IDENTIFY 0x00
#define TEM106_GRP_READ 0x0F  /* "команды чтения памяти" */
#define TEM106_CMD_READ_T2K 0x01
#define TEM106_CMD_READ_FLASH 0x03

#define TEM106_T2K_SIZE 2048u

/* What the answer to a request must look like; filled by the builders. */
struct tem106_expect {
	uint8_t addr;
	uint8_t cgrp;
	uint8_t cmd;
	uint8_t len;  /* data bytes the answer must carry, unless any_len */
	bool any_len; /* identification: any 0..64 */
};

/* NOT of the low byte of the sum of n bytes (the seed's CS). */
uint8_t tem106_checksum(const uint8_t *p, size_t n);

/*
 * Each builder writes one master frame into buf (cap bytes), sets *out_len
 * and, if exp is not NULL, what the answer must look like. Returns 0,
 * TEM106_E_NOSPACE (cap too small) or TEM106_E_ARG (length outside 1..64,
 * or a timer-memory range past 2 KiB, or a flash range past 4 GiB).
 * Frame sizes: identify 7, read timer 10, read flash 12.
 */
int tem106_build_identify(uint8_t addr, uint8_t *buf, size_t cap, size_t *out_len,
			  struct tem106_expect *exp);
/* 0F 01: read n bytes (1..64) of the 2K timer memory from mem_addr. */
int tem106_build_read_t2k(uint8_t addr, uint16_t mem_addr, uint8_t n, uint8_t *buf, size_t cap,
			  size_t *out_len, struct tem106_expect *exp);
/* 0F 03: read n bytes (1..64) of Flash from mem_addr (sent as n, then 32-bit address). */
int tem106_build_read_flash(uint8_t addr, uint32_t mem_addr, uint8_t n, uint8_t *buf, size_t cap,
			    size_t *out_len, struct tem106_expect *exp);

/*
 * Stream assembly: given the bytes received so far (buf[0] is where the
 * answer should start), returns
 *   0                 a whole, valid frame of *frame_len bytes starts at buf;
 *   TEM106_NEED_MORE  nothing wrong yet, wait for more bytes;
 *   a negative reason as soon as a byte is wrong (start byte, address,
 *   inverse, group, command, length, checksum).
 * Bytes after the frame are not looked at. Checks fail early: a wrong
 * address is reported after two bytes, not after a timeout.
 */
int tem106_answer_scan(const struct tem106_expect *exp, const uint8_t *buf, size_t len,
		       size_t *frame_len);

/*
 * Checks that buf holds exactly one valid answer to exp: every check of the
 * scanner, then TEM106_E_SHORT if it ends early, TEM106_E_TRAILING if bytes
 * follow. On 0, *data points into buf (not copied) and *data_len is LEN.
 */
int tem106_answer_parse(const struct tem106_expect *exp, const uint8_t *buf, size_t len,
			const uint8_t **data, size_t *data_len);

/* Index of the first slave start byte AA at or after buf[1] (len if none):
 * a transport that chooses to resynchronise after garbage drops that many. */
size_t tem106_answer_resync(const uint8_t *buf, size_t len);

/* Copies an identification answer ("TEMC106") into out as a C string,
 * bytes as received (the seed prints it in Cyrillic; the wire encoding is
 * not stated). 0, or TEM106_E_NOSPACE if cap < n + 1 (out is then ""). */
int tem106_ident_copy(const uint8_t *data, size_t n, char *out, size_t cap);

#endif
