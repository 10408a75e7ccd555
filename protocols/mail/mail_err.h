/*
 * mail_err.h - error codes of the email helpers in protocols/mail/.
 *
 * Every function returns MAIL_OK (0) or one of these negative values;
 * mail_err_str() gives a stable short text for logs.
 */
#ifndef SMSB_MAIL_ERR_H
#define SMSB_MAIL_ERR_H

enum mail_err {
	MAIL_OK = 0,
	MAIL_EINVAL = -1,      /* bad argument from the caller */
	MAIL_ENOSPACE = -2,    /* the caller's output buffer is too small */
	MAIL_ENOTNUMBER = -3,  /* the subject is not (only) international phone numbers */
	MAIL_ETOOMANY = -4,    /* more recipients than allowed */
};

/* A static string for err (never NULL). */
const char *mail_err_str(int err);

#endif
