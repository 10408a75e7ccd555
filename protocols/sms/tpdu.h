/*
 * tpdu.h - 3GPP TS 23.040 transfer PDUs for modems in PDU mode (27.005):
 * SMS-SUBMIT encoded for AT+CMGS, and SMS-DELIVER, SMS-STATUS-REPORT and
 * SMS-SUBMIT decoded from +CMGL / +CMGR / +CMT / +CDS. Each PDU starts
 * with the SMSC address as modems write it.
 *
 * The user data is carried as octets (TP-UD, with its UDH if TP-UDHI); turn
 * it into text with sms_ud.h. Decoded structs point into the input buffer.
 */
#ifndef SMSB_TPDU_H
#define SMSB_TPDU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dcs.h"
#include "tpdu_addr.h"

/* SMSC address (12) + SMS-SUBMIT header (1+1+12+1+1+7+1) + 140 octets of user data */
#define TPDU_MAX 176

enum tpdu_type {
	TPDU_DELIVER = 0,       /* MTI 00 from the network */
	TPDU_SUBMIT = 1,        /* MTI 01 */
	TPDU_STATUS_REPORT = 2, /* MTI 10 from the network */
};

/* TP-VPF values as in bits 4..3 of the first octet. */
enum tpdu_vpf {
	TPDU_VPF_NONE = 0,
	TPDU_VPF_ENHANCED = 1,
	TPDU_VPF_RELATIVE = 2,
	TPDU_VPF_ABSOLUTE = 3,
};

/* TP-ST (23.040 9.2.3.15) folded into what the broker needs to know. */
enum tpdu_status {
	TPDU_ST_DELIVERED = 0, /* 0x00-0x1F: transaction completed */
	TPDU_ST_PENDING = 1,   /* 0x20-0x3F: temporary error, SC still trying */
	TPDU_ST_FAILED = 2,    /* 0x40-0x7F permanent / given up; reserved 0x80-0xFF */
};

struct tpdu_submit {
	struct sms_addr sca;   /* empty text: "00", the modem uses its own SMSC */
	bool reject_duplicates; /* TP-RD */
	bool srr;              /* TP-SRR: ask for a status report */
	bool reply_path;       /* TP-RP */
	bool udhi;             /* TP-UDHI: the user data starts with a UDH */
	enum tpdu_vpf vpf;
	uint8_t vp_relative;   /* TPDU_VPF_RELATIVE */
	struct tpdu_time vp_absolute; /* TPDU_VPF_ABSOLUTE */
	uint8_t vp_enhanced[7];       /* TPDU_VPF_ENHANCED, as 23.040 9.2.3.12.3 */
	uint8_t mr;            /* TP-MR */
	struct sms_addr da;
	uint8_t pid;
	uint8_t dcs;
	uint8_t udl;           /* septets for GSM 7-bit, else octets (struct sms_ud.udl) */
	const uint8_t *ud;
	size_t ud_len;         /* octets of TP-UD, at most 140 */
};

/*
 * Writes the SMSC address and the SMS-SUBMIT into out. *len gets the whole
 * length and *tpdu_len the length AT+CMGS=<n> wants (the TPDU without the
 * SMSC address). SMS_EINVAL for ud_len > 140, a UDL that disagrees with
 * ud_len for its DCS, or a bad field; address errors from tpdu_addr_write;
 * SMS_ENOSPACE.
 */
int tpdu_submit_encode(const struct tpdu_submit *s, uint8_t *out, size_t cap, size_t *len,
		       size_t *tpdu_len);

struct tpdu {
	enum tpdu_type type;
	struct sms_addr sca;
	/* first octet */
	bool more_messages;    /* DELIVER / STATUS-REPORT: TP-MMS clear = more waiting */
	bool loop_prevention;  /* TP-LP */
	bool sri;              /* DELIVER: TP-SRI, a status report will be returned */
	bool srq;              /* STATUS-REPORT: TP-SRQ, report of an SMS-COMMAND */
	bool reject_duplicates; /* SUBMIT: TP-RD */
	bool srr;              /* SUBMIT: TP-SRR */
	bool udhi;
	bool reply_path;
	uint8_t mr;            /* SUBMIT, STATUS-REPORT */
	struct sms_addr addr;  /* TP-OA (DELIVER), TP-DA (SUBMIT), TP-RA (STATUS-REPORT) */
	uint8_t pid;
	uint8_t dcs;           /* 0 when a STATUS-REPORT leaves it out */
	struct dcs_info dcs_info;
	struct tpdu_time scts; /* DELIVER, STATUS-REPORT */
	struct tpdu_time dt;   /* STATUS-REPORT discharge time */
	uint8_t st;            /* STATUS-REPORT TP-ST */
	enum tpdu_status status;
	enum tpdu_vpf vpf;     /* SUBMIT */
	uint8_t vp[7];         /* SUBMIT: 1 octet relative, 7 absolute / enhanced */
	uint8_t udl;
	const uint8_t *ud;     /* points into the input; NULL when there is none */
	size_t ud_len;         /* octets of TP-UD the UDL covers */
};

/*
 * Decodes a PDU as a modem reports it (SMSC address first). Checks every
 * length: SMS_ESHORT for a truncated PDU, SMS_EBADLEN for a TP-UDL beyond
 * 160 septets / 140 octets or beyond the data present, SMS_EBADCODE for bad
 * semi-octets, SMS_EUNSUPPORTED for MTI 11 (reserved). Octets after the
 * user data are ignored.
 */
int tpdu_decode(const uint8_t *pdu, size_t len, struct tpdu *out);

/* TP-ST to delivered / pending / failed. */
enum tpdu_status tpdu_status_class(uint8_t st);

#endif
