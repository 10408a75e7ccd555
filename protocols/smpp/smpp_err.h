/*
 * smpp_err.h - return codes of the SMPP codec functions.
 *
 * Functions return SMPP_OK (0) or one of these negative values; results go
 * through out-parameters. These are codec errors, not SMPP command_status
 * values: a decode error also carries the command_status to answer with
 * (struct smpp_decode_err in smpp_pdu.h).
 */
#ifndef SMSB_SMPP_ERR_H
#define SMSB_SMPP_ERR_H

enum smpp_err {
	SMPP_OK = 0,
	SMPP_ENEEDMORE = -1, /* frame incomplete: read more bytes and retry */
	SMPP_EFRAME = -2,    /* command_length invalid: generic_nack and close */
	SMPP_EDECODE = -3,   /* body invalid: answer with err->status */
	SMPP_ETOOLONG = -4,  /* a field exceeds its maximum (encode) */
	SMPP_ENOSPACE = -5,  /* output buffer or TLV list full */
	SMPP_EINVAL = -6,    /* bad argument or malformed value */
	SMPP_ENOTFOUND = -7, /* no such TLV / command */
	SMPP_ERANGE = -8,    /* value outside the representable range */
};

#endif
