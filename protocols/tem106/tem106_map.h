/*
 * tem106_map.h - where things are: the seed's memory maps (section 5) as
 * named offsets. TEM106_T2K_* are addresses in the 2K timer memory ("память
 * таймера 2К"), TEM106_REC_* offsets inside a 384-byte Flash archive record. The
 * seed's names follow in comments. Multi-byte values are big-endian.
 */
#ifndef SMSB_TEM106_MAP_H
#define SMSB_TEM106_MAP_H

#define TEM106_SYSTEMS 6                /* heat systems ("системы") 1..6 */
#define TEM106_T_CHANNELS 7             /* t_n F[7], mt F[7] */
#define TEM106_P_CHANNELS 7             /* p_n F[7] in the timer memory */
#define TEM106_REC_P_CHANNELS 6         /* mp F[6] in archive records */
#define TEM106_EXTRA_FLOW 2             /* additional flowmeters 7 and 8 ("доп. расх.") */

/* configuration, 5.1 and 6.1 */
#define TEM106_T2K_SYSTEMS 0x0000       /* systems C */
#define TEM106_T2K_SYSTEM_T 0x0001      /* system_t C[6] */
#define TEM106_T2K_SYS_G 0x0007         /* sys_g C[6], flow channel bits per system */
#define TEM106_T2K_SYS_T 0x000D         /* sys_t C[6], temperature channel bits */
#define TEM106_T2K_SYS_P 0x0013         /* sys_p C[6], pressure channel bits */
#define TEM106_T2K_USED_G 0x0019        /* used_g C */
#define TEM106_T2K_USED_T 0x001A        /* used_t C */
#define TEM106_T2K_USED_P 0x001B        /* used_p C */
#define TEM106_T2K_DT_MIN 0x0044        /* dt_min F[6] */
#define TEM106_T2K_G_MAX 0x0134         /* g_max F[6] */
#define TEM106_T2K_G_PCT_MAX 0x014C     /* g_pcmt_max C[6] */
#define TEM106_T2K_NUMBER 0x0152        /* Number L, serial number */
#define TEM106_T2K_FLASH_TYPE 0x0168    /* FLASH_TYPE I */
#define TEM106_T2K_NET_NUM 0x0172       /* net_num C */
#define TEM106_T2K_DIAM 0x02EE          /* diam I[6] */
#define TEM106_T2K_G_PCT_MIN 0x04BE     /* g_pcmt_min C[6], in 0.05 % of g_max */

/* current values, 5.1 and 6.2 */
#define TEM106_T2K_T_N 0x0200           /* t_n F[7] */
#define TEM106_T2K_P_N 0x0234           /* p_n F[7] */
#define TEM106_T2K_GV_78 0x0280         /* gv_78 F[2] */
#define TEM106_T2K_RASHOD_V 0x0288      /* rashod_v F[6] */
#define TEM106_T2K_RASHOD_M 0x02A0      /* rashod_m F[6] */
#define TEM106_T2K_COMMA 0x02FA         /* comma C[6]; the seed also puts diam78 here */
#define TEM106_T2K_TOTALS 0x0300        /* lvolume F[6] .. energyall L, see TEM106_TOT_* */
#define TEM106_T2K_TIMES 0x0400         /* time_wrkall L .. time_e4 L[6], see TEM106_TIM_* */
#define TEM106_T2K_RTC 0x0482           /* rtc_ss_2k .. rtc_yc_2k, BCD */
#define TEM106_T2K_LVOLUME_78 0x04DC    /* lvolume_78 F[2] */
#define TEM106_T2K_VOLUME_78 0x04E4     /* volume_78 L[2] */
#define TEM106_T2K_ADR_HOUR 0x04F4      /* adr_hour L: next hourly record + 200000h */
#define TEM106_T2K_ADR_DAY 0x04F8       /* adr_day L */
#define TEM106_T2K_ADR_MONTH 0x04FC     /* adr_month L */
#define TEM106_T2K_USED_END 0x0500      /* decoders read below this address */

/* the integrator block, same order in both memories (offsets from its start) */
#define TEM106_TOT_LVOLUME 0x00         /* lvolume F[6] */
#define TEM106_TOT_VOLUME 0x18          /* volume L[6] */
#define TEM106_TOT_LMASS 0x30           /* lmass F[6] */
#define TEM106_TOT_MASS 0x48            /* mass L[6] */
#define TEM106_TOT_LENERGY 0x60         /* lenergy F[6] */
#define TEM106_TOT_ENERGY 0x78          /* energy L[6] */
#define TEM106_TOT_LENERGYALL 0x90      /* lenergyall F */
#define TEM106_TOT_ENERGYALL 0x94       /* energyall L */
#define TEM106_TOT_SIZE 0x98

/* the time block, same order in both memories (offsets from its start) */
#define TEM106_TIM_WRKALL 0x00          /* time_wrkall L */
#define TEM106_TIM_WRK 0x04             /* time_wrk L[6] */
#define TEM106_TIM_E1 0x1C              /* time_e1 L[6] */
#define TEM106_TIM_E2 0x34              /* time_e2 L[6] */
#define TEM106_TIM_E3 0x4C              /* time_e3 L[6] */
#define TEM106_TIM_E4 0x64              /* time_e4 L[6] */
#define TEM106_TIM_SIZE 0x7C

/* archive record, 5.2 and 6.3 */
#define TEM106_REC_DATE 0x0000          /* hour day month year, BCD */
#define TEM106_REC_TOTALS 0x0004        /* lvolume .. energyall */
#define TEM106_REC_TIMES 0x009C         /* time_wrkall .. time_e4 */
#define TEM106_REC_COMMA 0x0118         /* comma C[6] */
#define TEM106_REC_MT 0x011E            /* mt F[7] */
#define TEM106_REC_MP 0x013A            /* mp F[6] */
#define TEM106_REC_VOLUME_DOP_L 0x0152  /* volume_dop_l F[2] */
#define TEM106_REC_VOLUME_DOP_H 0x015A  /* volume_dop_h F[2] */
#define TEM106_REC_ERROR 0x016A         /* error C[6] */
#define TEM106_REC_PRED 0x0175          /* pred_hh pred_dm pred_my pred_yc, BCD */
#define TEM106_REC_CHECKSUM 0x017F      /* checksum, algorithm not given */

#endif
