/* status_map.c - internal errors and states as protocol statuses (see status_map.h). */
#include "status_map.h"

#include "smpp_pdu.h"
#include "store.h"

uint32_t status_smpp_from_store(int store_err)
{
	switch (store_err) {
	case STORE_OK: return SMPP_ESME_ROK;
	case STORE_ENOTFOUND: return SMPP_ESME_RINVMSGID;
	/* The ESME should back off and retry: the message was not kept. */
	case STORE_EFULL:
	case STORE_EBUSY:
	case STORE_ECLOSED: return SMPP_ESME_RMSGQFUL;
	}
	return SMPP_ESME_RSYSERR;
}

int status_http_from_store(int store_err)
{
	switch (store_err) {
	case STORE_OK: return 200;
	case STORE_ENOTFOUND: return 404;
	case STORE_ESTATE: return 409; /* in flight: try again when it is done */
	case STORE_EINVAL: return 400;
	/* The client should retry later: nothing was kept. */
	case STORE_EFULL:
	case STORE_EBUSY:
	case STORE_ECLOSED: return 503;
	}
	return 500;
}

uint8_t status_smpp_message_state(int store_state)
{
	switch (store_state) {
	case STORE_ST_ACCEPTED:
	case STORE_ST_SCHEDULED:
	case STORE_ST_QUEUED:
	case STORE_ST_DISPATCHING:
	case STORE_ST_SENT: return SMPP_STATE_ENROUTE;
	case STORE_ST_DELIVERED: return SMPP_STATE_DELIVERED;
	case STORE_ST_UNDELIVERABLE: return SMPP_STATE_UNDELIVERABLE;
	case STORE_ST_EXPIRED: return SMPP_STATE_EXPIRED;
	case STORE_ST_REJECTED: return SMPP_STATE_REJECTED;
	case STORE_ST_CANCELLED: return SMPP_STATE_DELETED;
	}
	return SMPP_STATE_UNKNOWN;
}
