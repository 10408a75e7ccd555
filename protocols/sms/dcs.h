/*
 * dcs.h - Data Coding Scheme: TP-DCS of 3GPP TS 23.038 section 4 and SMPP
 * 3.4 data_coding (5.2.19), decoded into one struct and encoded back.
 */
#ifndef SMSB_DCS_H
#define SMSB_DCS_H

#include <stdbool.h>
#include <stdint.h>

/* What the user data octets are. */
enum sms_charset {
	SMS_CS_GSM7 = 0, /* GSM 7-bit default alphabet (+ national tables) */
	SMS_CS_8BIT,     /* 8-bit data, opaque */
	SMS_CS_UCS2,     /* UTF-16BE */
	SMS_CS_LATIN1,   /* ISO-8859-1: SMPP data_coding 3 only */
	SMS_CS_ASCII,    /* IA5 / ASCII: SMPP data_coding 1 only */
	SMS_CS_OTHER,    /* an SMPP coding we do not convert (JIS, Cyrillic, Hebrew, KS C 5601, ...) */
};

enum dcs_mwi_group {
	DCS_MWI_NONE = 0,
	DCS_MWI_DISCARD, /* 1100: indication only, the text may be discarded */
	DCS_MWI_STORE,   /* 1101 / 1110: indication and store the text */
};

enum dcs_mwi_type {
	DCS_MWI_VOICEMAIL = 0,
	DCS_MWI_FAX = 1,
	DCS_MWI_EMAIL = 2,
	DCS_MWI_OTHER = 3,
};

struct dcs_info {
	enum sms_charset charset;
	int8_t msg_class; /* -1 none; 0 flash (immediate display), 1 ME, 2 SIM, 3 TE */
	bool compressed;  /* 23.042 compression: text we cannot read */
	bool auto_delete; /* "marked for automatic deletion" group 01xx */
	bool reserved;    /* a reserved value, read as the spec says (GSM 7-bit) */
	enum dcs_mwi_group mwi;
	bool mwi_active;  /* indication set (true) or cleared (false) */
	enum dcs_mwi_type mwi_type;
};

/* Decodes a TP-DCS octet. Every value decodes (reserved ones as GSM 7-bit, flagged). */
void dcs_decode(uint8_t dcs, struct dcs_info *out);

/*
 * The TP-DCS octet for charset (GSM7, 8BIT or UCS2) and msg_class (-1 for
 * none, 0..3). SMS_EINVAL for other charsets or classes.
 */
int dcs_encode(enum sms_charset charset, int msg_class, uint8_t *dcs);

/*
 * Decodes an SMPP data_coding value. 0 ("SMSC default alphabet") is read
 * as GSM 7-bit; 1 ASCII, 3 Latin-1, 2 and 4 8-bit, 8 UCS-2; 5-7, 9, 10, 13,
 * 14 as SMS_CS_OTHER; 0x10..0xFF as a GSM TP-DCS (the 0xC0..0xFF MWI and
 * class groups the SMPP spec names, and the 0x1x general group ESMEs use for
 * flash messages). Other values are SMS_CS_OTHER with reserved set.
 */
void dcs_from_smpp(uint8_t data_coding, struct dcs_info *out);

/*
 * The SMPP data_coding for charset and msg_class: 0, 1, 3, 4 or 8 without a
 * class; with one, the GSM TP-DCS (0xF0 group for GSM7/8BIT, 0x18 for UCS2).
 * SMS_EINVAL when there is none (OTHER, or a class with LATIN1/ASCII).
 */
int dcs_to_smpp(enum sms_charset charset, int msg_class, uint8_t *data_coding);

#endif
