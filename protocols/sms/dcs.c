/* dcs.c - TP-DCS and SMPP data_coding (see dcs.h). */
#include "dcs.h"

#include "sms_err.h"

static void clear(struct dcs_info *d)
{
	d->charset = SMS_CS_GSM7;
	d->msg_class = -1;
	d->compressed = false;
	d->auto_delete = false;
	d->reserved = false;
	d->mwi = DCS_MWI_NONE;
	d->mwi_active = false;
	d->mwi_type = DCS_MWI_VOICEMAIL;
}

static enum sms_charset alphabet(unsigned bits, bool *reserved)
{
	switch (bits & 3) {
	case 0: return SMS_CS_GSM7;
	case 1: return SMS_CS_8BIT;
	case 2: return SMS_CS_UCS2;
	}
	*reserved = true; /* 23.038: reserved alphabet reads as the default alphabet */
	return SMS_CS_GSM7;
}

void dcs_decode(uint8_t dcs, struct dcs_info *d)
{
	clear(d);
	unsigned group = dcs >> 4;
	if (group <= 0x7) {
		/* 00xx general data coding, 01xx the same marked for automatic deletion */
		d->auto_delete = (group & 0x4) != 0;
		d->compressed = (dcs & 0x20) != 0;
		if (dcs & 0x10)
			d->msg_class = (int8_t)(dcs & 3);
		d->charset = alphabet(dcs >> 2, &d->reserved);
	} else if (group <= 0xB) {
		d->reserved = true; /* reserved coding groups */
	} else if (group <= 0xE) {
		d->mwi = group == 0xC ? DCS_MWI_DISCARD : DCS_MWI_STORE;
		d->charset = group == 0xE ? SMS_CS_UCS2 : SMS_CS_GSM7;
		d->mwi_active = (dcs & 0x08) != 0;
		d->mwi_type = (enum dcs_mwi_type)(dcs & 3);
		if (dcs & 0x04)
			d->reserved = true;
	} else {
		/* 1111: data coding / message class */
		d->charset = (dcs & 0x04) ? SMS_CS_8BIT : SMS_CS_GSM7;
		d->msg_class = (int8_t)(dcs & 3);
		if (dcs & 0x08)
			d->reserved = true;
	}
}

int dcs_encode(enum sms_charset charset, int msg_class, uint8_t *dcs)
{
	unsigned alpha;
	switch (charset) {
	case SMS_CS_GSM7: alpha = 0; break;
	case SMS_CS_8BIT: alpha = 1; break;
	case SMS_CS_UCS2: alpha = 2; break;
	default: return SMS_EINVAL;
	}
	if (msg_class < -1 || msg_class > 3)
		return SMS_EINVAL;
	if (msg_class < 0)
		*dcs = (uint8_t)(alpha << 2);
	else
		*dcs = (uint8_t)(0x10 | alpha << 2 | (unsigned)msg_class);
	return SMS_OK;
}

void dcs_from_smpp(uint8_t dc, struct dcs_info *d)
{
	clear(d);
	if (dc >= 0x10) {
		dcs_decode(dc, d);
		return;
	}
	switch (dc) {
	case 0: d->charset = SMS_CS_GSM7; break;
	case 1: d->charset = SMS_CS_ASCII; break;
	case 2:
	case 4: d->charset = SMS_CS_8BIT; break;
	case 3: d->charset = SMS_CS_LATIN1; break;
	case 8: d->charset = SMS_CS_UCS2; break;
	case 5: case 6: case 7: case 9: case 10: case 13: case 14:
		d->charset = SMS_CS_OTHER;
		break;
	default:
		d->charset = SMS_CS_OTHER;
		d->reserved = true;
		break;
	}
}

int dcs_to_smpp(enum sms_charset charset, int msg_class, uint8_t *dc)
{
	if (msg_class < -1 || msg_class > 3)
		return SMS_EINVAL;
	if (msg_class >= 0) {
		switch (charset) {
		case SMS_CS_GSM7: *dc = (uint8_t)(0xF0 | msg_class); return SMS_OK;
		case SMS_CS_8BIT: *dc = (uint8_t)(0xF4 | msg_class); return SMS_OK;
		case SMS_CS_UCS2: *dc = (uint8_t)(0x18 | msg_class); return SMS_OK;
		default: return SMS_EINVAL;
		}
	}
	switch (charset) {
	case SMS_CS_GSM7: *dc = 0; return SMS_OK;
	case SMS_CS_ASCII: *dc = 1; return SMS_OK;
	case SMS_CS_LATIN1: *dc = 3; return SMS_OK;
	case SMS_CS_8BIT: *dc = 4; return SMS_OK;
	case SMS_CS_UCS2: *dc = 8; return SMS_OK;
	default: return SMS_EINVAL;
	}
}
