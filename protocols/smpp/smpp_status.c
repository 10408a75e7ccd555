/*
 * smpp_status.c - the command_status table (see smpp_status.h).
 * Const data and lookups only; nothing here allocates or logs.
 */
#include "smpp_status.h"

#include <stddef.h>

struct smpp_status_entry {
	uint32_t code;
	const char *name;
	const char *desc;
};

#define S(sym, desc) {SMPP_##sym, #sym, desc}
static const struct smpp_status_entry smpp_statuses[] = {
	S(ESME_ROK, "No Error"),
	S(ESME_RINVMSGLEN, "Message Length is invalid"),
	S(ESME_RINVCMDLEN, "Command Length is invalid"),
	S(ESME_RINVCMDID, "Invalid Command ID"),
	S(ESME_RINVBNDSTS, "Incorrect BIND Status for given command"),
	S(ESME_RALYBND, "ESME Already in Bound State"),
	S(ESME_RINVPRTFLG, "Invalid Priority Flag"),
	S(ESME_RINVREGDLVFLG, "Invalid Registered Delivery Flag"),
	S(ESME_RSYSERR, "System Error"),
	S(ESME_RINVSRCADR, "Invalid Source Address"),
	S(ESME_RINVDSTADR, "Invalid Dest Addr"),
	S(ESME_RINVMSGID, "Message ID is invalid"),
	S(ESME_RBINDFAIL, "Bind Failed"),
	S(ESME_RINVPASWD, "Invalid Password"),
	S(ESME_RINVSYSID, "Invalid System ID"),
	S(ESME_RCANCELFAIL, "Cancel SM Failed"),
	S(ESME_RREPLACEFAIL, "Replace SM Failed"),
	S(ESME_RMSGQFUL, "Message Queue Full"),
	S(ESME_RINVSERTYP, "Invalid Service Type"),
	S(ESME_RINVNUMDESTS, "Invalid number of destinations"),
	S(ESME_RINVDLNAME, "Invalid Distribution List name"),
	S(ESME_RINVDESTFLAG, "Destination flag is invalid (submit_multi)"),
	S(ESME_RINVSUBREP, "Invalid 'submit with replace' request"),
	S(ESME_RINVESMCLASS, "Invalid esm_class field data"),
	S(ESME_RCNTSUBDL, "Cannot Submit to Distribution List"),
	S(ESME_RSUBMITFAIL, "submit_sm or submit_multi failed"),
	S(ESME_RINVSRCTON, "Invalid Source address TON"),
	S(ESME_RINVSRCNPI, "Invalid Source address NPI"),
	S(ESME_RINVDSTTON, "Invalid Destination address TON"),
	S(ESME_RINVDSTNPI, "Invalid Destination address NPI"),
	S(ESME_RINVSYSTYP, "Invalid system_type field"),
	S(ESME_RINVREPFLAG, "Invalid replace_if_present flag"),
	S(ESME_RINVNUMMSGS, "Invalid number of messages"),
	S(ESME_RTHROTTLED, "Throttling error (ESME has exceeded allowed message limits)"),
	S(ESME_RINVSCHED, "Invalid Scheduled Delivery Time"),
	S(ESME_RINVEXPIRY, "Invalid message validity period (Expiry time)"),
	S(ESME_RINVDFTMSGID, "Predefined Message Invalid or Not Found"),
	S(ESME_RX_T_APPN, "ESME Receiver Temporary App Error Code"),
	S(ESME_RX_P_APPN, "ESME Receiver Permanent App Error Code"),
	S(ESME_RX_R_APPN, "ESME Receiver Reject Message Error Code"),
	S(ESME_RQUERYFAIL, "query_sm request failed"),
	S(ESME_RINVOPTPARSTREAM, "Error in the optional part of the PDU Body"),
	S(ESME_ROPTPARNOTALLWD, "Optional Parameter not allowed"),
	S(ESME_RINVPARLEN, "Invalid Parameter Length"),
	S(ESME_RMISSINGOPTPARAM, "Expected Optional Parameter missing"),
	S(ESME_RINVOPTPARAMVAL, "Invalid Optional Parameter Value"),
	S(ESME_RDELIVERYFAILURE, "Delivery Failure (data_sm_resp)"),
	S(ESME_RUNKNOWNERR, "Unknown Error"),
};
#undef S

static const struct smpp_status_entry *smpp_status_find(uint32_t status)
{
	for (size_t i = 0; i < sizeof smpp_statuses / sizeof smpp_statuses[0]; i++)
		if (smpp_statuses[i].code == status)
			return &smpp_statuses[i];
	return NULL;
}

const char *smpp_status_name(uint32_t status)
{
	const struct smpp_status_entry *e = smpp_status_find(status);
	if (e)
		return e->name;
	if (status >= SMPP_STATUS_VENDOR_MIN && status <= SMPP_STATUS_VENDOR_MAX)
		return "vendor_specific";
	return "unknown";
}

const char *smpp_status_desc(uint32_t status)
{
	const struct smpp_status_entry *e = smpp_status_find(status);
	if (e)
		return e->desc;
	if (status >= SMPP_STATUS_VENDOR_MIN && status <= SMPP_STATUS_VENDOR_MAX)
		return "SMSC vendor specific error";
	return "Unknown status";
}
