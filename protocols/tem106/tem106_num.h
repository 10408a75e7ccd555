/*
 * tem106_num.h - the meter's number formats (seed section 7 and 6.2):
 * big-endian ("Motorola") IEEE-754 float, BCD date and time, and the
 * `comma` coefficients that join an integrator's integer and fractional
 * parts. Int (I) and long (L) are wire_get_u16be / wire_get_u32be.
 */
#ifndef SMSB_TEM106_NUM_H
#define SMSB_TEM106_NUM_H

#include <stddef.h>
#include <stdint.h>

#include "tem106_err.h"
#include "wire.h"

/* A meter date and time. year is 2000 + the meter's two BCD digits. */
struct tem106_datetime {
	uint16_t year;
	uint8_t month;  /* 1..12 */
	uint8_t day;    /* 1..31, checked against the month */
	uint8_t hour;   /* 0..23 */
	uint8_t minute; /* 0..59; 0 in archive records, which keep hours only */
	uint8_t second; /* 0..59; 0 in archive records */
};

/* Reads a 4-byte big-endian IEEE-754 float (F). WIRE_OK or WIRE_ESHORT
 * (reader unmoved). NaN and infinities are returned as they are. */
int tem106_get_f32be(struct wire_reader *r, float *v);

/* n big-endian floats, longs or ints in a row. WIRE_OK, or WIRE_ESHORT
 * (the reader may have moved; the caller gives up on the block). */
int tem106_get_f32s(struct wire_reader *r, float *v, size_t n);
int tem106_get_u32s(struct wire_reader *r, uint32_t *v, size_t n);
int tem106_get_u16s(struct wire_reader *r, uint16_t *v, size_t n);

/* A reader over mem[base, base + need): 0, or TEM106_E_ARG when that range
 * is not inside len bytes (an image too short for the block). */
int tem106_view(const uint8_t *mem, size_t len, size_t base, size_t need,
		struct wire_reader *r);

/* One packed-BCD byte (0x59 -> 59). 0, or TEM106_E_BCD for a nibble > 9. */
int tem106_bcd(uint8_t b, uint8_t *v);

/* The timer's clock, 6 bytes from 0482: ss mm hh dd MM yy ("33 15 14 02
 * 03 16" is 2016-03-02 14:15:33). 0, or TEM106_E_BCD (digit or range). */
int tem106_datetime_rtc(const uint8_t p[6], struct tem106_datetime *dt);

/* An archive record's date, 4 bytes: hh dd MM yy ("08 20 03 15" is
 * 2015-03-20 08:00). 0, or TEM106_E_BCD. */
int tem106_datetime_record(const uint8_t p[4], struct tem106_datetime *dt);

/* k_Q for energy (6.2.2): comma 6..2 -> 100000..10, anything else 1. */
uint32_t tem106_k_energy(uint8_t comma);
/* k_V for volume and mass (6.2.3): comma 5..3 -> 1000..10, anything else 1. */
uint32_t tem106_k_volume(uint8_t comma);

/* (high + low) / k: an integrator from its long and float parts. k >= 1. */
double tem106_integral(uint32_t high, float low, uint32_t k);

#endif
