/*
 * tem106_reading.h - a meter reading decoded from the 2K timer memory: the
 * configuration (seed 6.1) and the current values (6.2). The caller reads
 * the blocks listed by tem106_plan_reading() into a 2048-byte image at
 * their addresses and hands the image here. Pure: no I/O, no allocation.
 */
#ifndef SMSB_TEM106_READING_H
#define SMSB_TEM106_READING_H

#include <stddef.h>
#include <stdint.h>

#include "tem106_map.h"
#include "tem106_num.h"
#include "tem106_values.h"

enum tem106_flash {
	TEM106_FLASH_512K = 0, /* FLASH_TYPE 1F24 */
	TEM106_FLASH_1M = 1,   /* FLASH_TYPE 1F25 */
};

/* system_t values ("Тип систем"); 0x03 is not defined by the seed. */
enum tem106_system_type {
	TEM106_SYS_SUPPLY = 0x00,          /* Подача */
	TEM106_SYS_RETURN = 0x01,          /* Обратка */
	TEM106_SYS_SUPPLY_FLOW = 0x02,     /* Подача + расходомер */
	TEM106_SYS_OPEN_TWO_PIPE = 0x04,   /* Двухпоточник (открытая система) */
	TEM106_SYS_FLOWMETER = 0x05,       /* Расходомер */
	TEM106_SYS_MAIN = 0x06,            /* Магистраль */
	TEM106_SYS_DHW_CIRCULATION = 0x07, /* ГВС с циркуляцией */
	TEM106_SYS_DHW_DEAD_END = 0x08,    /* Тупиковая ГВС */
	TEM106_SYS_TEMPERATURE = 0x09,     /* Температура */
};

/* English name of a system_t value ("supply", ...), "unknown" otherwise. */
const char *tem106_system_type_name(uint8_t type);

/* Configuration. Channel bit fields: bit n set = channel n+1 (6.1.3). */
struct tem106_config {
	uint32_t serial_number;                   /* Number */
	uint8_t net_num;                          /* network number */
	uint16_t flash_type_raw;                  /* FLASH_TYPE */
	enum tem106_flash flash;
	uint8_t systems;                          /* 1..6 */
	uint8_t system_type[TEM106_SYSTEMS];      /* system_t, enum tem106_system_type */
	uint8_t flow_channels[TEM106_SYSTEMS];    /* sys_g */
	uint8_t temp_channels[TEM106_SYSTEMS];    /* sys_t */
	uint8_t pressure_channels[TEM106_SYSTEMS]; /* sys_p */
	uint8_t used_flow;                        /* used_g: flow sensors in use (type, 6.1.8) */
	uint8_t used_temp;                        /* used_t */
	uint8_t used_pressure;                    /* used_p */
	float dt_min_c[TEM106_SYSTEMS];           /* dt_min per system */
	/* per flow channel (6.1.4) */
	float g_max_m3h[TEM106_SYSTEMS];          /* g_max, metrological */
	uint8_t g_max_pct[TEM106_SYSTEMS];        /* g_pcmt_max, percent */
	uint8_t g_min_pct005[TEM106_SYSTEMS];     /* g_pcmt_min, units of 0.05 % */
	float g_max_set_m3h[TEM106_SYSTEMS];      /* g_max * g_max_pct * 0.01 (6.1.5) */
	float g_min_set_m3h[TEM106_SYSTEMS];      /* g_max * g_min_pct005 * 0.0005 */
	uint16_t diameter_mm[TEM106_SYSTEMS];     /* diam */
};

/* Current values. Arrays are indexed by channel or system minus one. */
struct tem106_current {
	struct tem106_datetime meter_time;              /* rtc_*_2k */
	float temperature_c[TEM106_T_CHANNELS];         /* t_n */
	float pressure_mpa[TEM106_P_CHANNELS];          /* p_n */
	float volume_flow_m3h[TEM106_SYSTEMS];          /* rashod_v */
	float mass_flow_th[TEM106_SYSTEMS];             /* rashod_m */
	float extra_volume_flow_m3h[TEM106_EXTRA_FLOW]; /* gv_78, flowmeters 7 and 8 */
	struct tem106_totals totals;                    /* volume, mass, energy */
	/* flowmeters 7 and 8: the seed gives no coefficient, so raw parts */
	uint32_t extra_volume_raw_int[TEM106_EXTRA_FLOW];  /* volume_78 L */
	float extra_volume_raw_frac[TEM106_EXTRA_FLOW];    /* lvolume_78 F */
	struct tem106_times times;
	/* archive pointers as stored: Flash address of the next record + 200000h */
	uint32_t next_hour_ptr;                         /* adr_hour */
	uint32_t next_day_ptr;                          /* adr_day */
	uint32_t next_month_ptr;                        /* adr_month */
};

struct tem106_reading {
	struct tem106_config config;
	struct tem106_current current;
};

/*
 * Each takes the timer memory image from address 0 (len >= TEM106_T2K_USED_END
 * bytes, the blocks of tem106_plan_reading() filled in). Returns 0, or
 * TEM106_E_ARG (image too short), TEM106_E_SYSTEMS (systems not 1..6),
 * TEM106_E_FLASH_TYPE (not 1F24/1F25), TEM106_E_BCD (meter clock). On error
 * *out is partly written and must not be used.
 */
int tem106_decode_config(const uint8_t *t2k, size_t len, struct tem106_config *out);
int tem106_decode_current(const uint8_t *t2k, size_t len, struct tem106_current *out);
int tem106_decode_reading(const uint8_t *t2k, size_t len, struct tem106_reading *out);

#endif
