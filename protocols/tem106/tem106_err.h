/*
 * tem106_err.h - why a TEM-106 frame, memory image or archive record was
 * refused. Every tem106_* function returns 0 or one of these negatives;
 * only the stream scanner also returns the positive TEM106_NEED_MORE.
 */
#ifndef SMSB_TEM106_ERR_H
#define SMSB_TEM106_ERR_H

enum tem106_err {
	TEM106_NEED_MORE = 1,     /* scanner only: the frame is not complete yet */
	TEM106_OK = 0,
	TEM106_E_ARG = -1,        /* argument out of range (length 1..64, address) */
	TEM106_E_NOSPACE = -2,    /* caller's buffer too small */
	TEM106_E_START = -3,      /* first byte is not the slave start byte AA */
	TEM106_E_ADDR = -4,       /* answer carries another network address */
	TEM106_E_ADDR_INV = -5,   /* !ADDR is not the inverse of ADDR */
	TEM106_E_GROUP = -6,      /* CGRP does not echo the request's group */
	TEM106_E_CMD = -7,        /* CMD does not echo the request's command */
	TEM106_E_LEN = -8,        /* LEN differs from the requested length */
	TEM106_E_LEN_MAX = -9,    /* LEN above 64 (0x40), the protocol's maximum */
	TEM106_E_CHECKSUM = -10,  /* CS is not NOT(sum of the preceding bytes) */
	TEM106_E_SHORT = -11,     /* the answer ended before its frame did */
	TEM106_E_TRAILING = -12,  /* bytes after the checksum */
	TEM106_E_BCD = -13,       /* a BCD date or time digit or field out of range */
	TEM106_E_FLASH_TYPE = -14, /* FLASH_TYPE is neither 1F24 nor 1F25 */
	TEM106_E_SYSTEMS = -15,   /* number of systems outside 1..6 */
	TEM106_E_POINTER = -16,   /* archive pointer outside its region or misaligned */
	TEM106_E_EMPTY = -17,     /* archive record never written (erased flash) */
	TEM106_E_INDEX = -18,     /* archive record index outside the layout */
};

/* A short English phrase for any value above ("bad checksum"); never NULL. */
const char *tem106_err_name(int err);

#endif
