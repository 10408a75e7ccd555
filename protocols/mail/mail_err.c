/*
 * mail_err.c - texts for enum mail_err.
 */
#include "mail_err.h"

const char *mail_err_str(int err)
{
	switch (err) {
	case MAIL_OK: return "ok";
	case MAIL_EINVAL: return "invalid argument";
	case MAIL_ENOSPACE: return "output buffer too small";
	case MAIL_ENOTNUMBER: return "subject is not a phone number";
	case MAIL_ETOOMANY: return "too many recipients";
	}
	return "unknown error";
}
