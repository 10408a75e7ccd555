/*
 * sms_err.h - error codes shared by the SMS codecs in protocols/sms/.
 *
 * Every codec function returns SMS_OK (0) or one of these negative values;
 * results travel through out-parameters. sms_err_str() gives a stable,
 * short English text for logs and API answers (the broker logs, we don't).
 */
#ifndef SMSB_SMS_ERR_H
#define SMSB_SMS_ERR_H

enum sms_err {
	SMS_OK = 0,
	SMS_EINVAL = -1,         /* bad argument from the caller */
	SMS_ENOSPACE = -2,       /* the caller's output buffer is too small */
	SMS_EUTF8 = -3,          /* input text is not valid UTF-8 */
	SMS_ECHARSET = -4,       /* a character the chosen encoding cannot carry */
	SMS_ESHORT = -5,         /* input ended before the field did */
	SMS_EBADLEN = -6,        /* a length field disagrees with the data */
	SMS_EBADCODE = -7,       /* a septet above 0x7F, a bad semi-octet, a bad hex digit */
	SMS_ETOOMANY = -8,       /* more segments than allowed and the caller refused truncation */
	SMS_EUNSUPPORTED = -9,   /* valid but not handled (compressed text, reserved MTI) */
	SMS_EPHONE_EMPTY = -10,  /* no digits / letters at all */
	SMS_EPHONE_CHAR = -11,   /* a character that belongs in no phone number or sender id */
	SMS_EPHONE_LONG = -12,   /* more than 15 E.164 digits, or sender id over 11 characters */
	SMS_EPHONE_SHORT = -13,  /* too few digits to be a number */
	SMS_EPHONE_NOCC = -14,   /* a national number but no default country code configured */
	SMS_EINCONSISTENT = -15, /* reassembly parts that contradict each other */
};

/* A static string for err (never NULL; "unknown error" for unknown codes). */
const char *sms_err_str(int err);

#endif
