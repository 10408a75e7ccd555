/*
 * smpp_pdu.c - command names and request/response pairing, generated from
 * smpp_pdu.def (see smpp_pdu.h). Lookups only.
 */
#include "smpp_pdu.h"

#define SMPP_BODY(name, fields)
#define SMPP_U8(n)
#define SMPP_CSTR(n, max, st)
#define SMPP_SM(ln, dn)
#define SMPP_DESTS(cn, ln)
#define SMPP_UNSUCC(cn, ln)
#define SMPP_OPT(t)

const char *smpp_command_name(uint32_t command_id)
{
	switch (command_id) {
#define SMPP_PDU(UP, name, id, body, opts) \
	case id:                            \
		return #name;
#define SMPP_PDU0(UP, name, id) \
	case id:                \
		return #name;
#include "smpp_pdu.def"
	default:
		return NULL;
	}
}

bool smpp_command_known(uint32_t command_id)
{
	return smpp_command_name(command_id) != NULL;
}

uint32_t smpp_response_id(uint32_t command_id)
{
	if (command_id & SMPP_RESP_BIT)
		return 0;
	uint32_t resp = command_id | SMPP_RESP_BIT;
	return smpp_command_known(command_id) && smpp_command_known(resp) ? resp : 0;
}
