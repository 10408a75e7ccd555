/* smpp_stream.c - PDUs off and onto a bufferevent (see smpp_stream.h). */
#include "smpp_stream.h"

#include <event2/buffer.h>
#include <event2/bufferevent.h>

#include "log.h"

#define TRACE_MAX 512

static bool tracing(const struct smpp_stream_who *who)
{
	return who->trace && log_threshold >= LOG_LVL_DEBUG;
}

enum smpp_stream_rc smpp_stream_next(struct evbuffer *in, size_t max, struct smpp_pdu *pdu,
				     size_t *len, struct smpp_decode_err *err,
				     const struct smpp_stream_who *who)
{
	size_t avail = evbuffer_get_length(in);
	size_t head_len = avail < SMPP_HEADER_LEN ? avail : SMPP_HEADER_LEN;
	uint8_t *head = evbuffer_pullup(in, (ev_ssize_t)head_len);
	*len = 0;
	int rc = smpp_frame_check(head, head_len, max, len, err);
	if (rc == SMPP_ENEEDMORE && (head_len < SMPP_HEADER_LEN || *len > avail))
		return SMPP_STREAM_MORE;
	if (rc == SMPP_EFRAME)
		return SMPP_STREAM_FATAL;
	uint8_t *frame = evbuffer_pullup(in, (ev_ssize_t)*len);
	if (tracing(who)) {
		char hex[2 * TRACE_MAX + 1];
		log_hex(hex, frame, *len > TRACE_MAX ? TRACE_MAX : (unsigned)*len);
		log_debug("smpp.rx %s=%llu hex=%s", who->kind, (unsigned long long)who->id, hex);
	}
	rc = smpp_decode(frame, *len, pdu, err);
	if (rc == SMPP_OK)
		return SMPP_STREAM_PDU;
	return rc == SMPP_EFRAME || err->fatal ? SMPP_STREAM_FATAL : SMPP_STREAM_BAD;
}

int smpp_stream_write(struct bufferevent *bev, const struct smpp_pdu *pdu,
		      const struct smpp_stream_who *who)
{
	uint8_t buf[SMPP_FRAME_MAX_DEFAULT];
	size_t len = 0;
	int rc = smpp_encode(pdu, buf, sizeof buf, &len);
	if (rc != SMPP_OK) {
		log_error("smpp.encode_failed %s=%llu command=%s error=%d", who->kind,
			  (unsigned long long)who->id, smpp_command_name(pdu->hdr.command_id), rc);
		return -1;
	}
	if (tracing(who)) {
		char hex[2 * TRACE_MAX + 1];
		log_hex(hex, buf, len > TRACE_MAX ? TRACE_MAX : (unsigned)len);
		log_debug("smpp.tx %s=%llu command=%s hex=%s", who->kind, (unsigned long long)who->id,
			  smpp_command_name(pdu->hdr.command_id), hex);
	}
	return bufferevent_write(bev, buf, len) == 0 ? 0 : -1;
}

int smpp_stream_write_header(struct bufferevent *bev, uint32_t command_id, uint32_t status,
			     uint32_t seq, const struct smpp_stream_who *who)
{
	struct smpp_pdu p;
	p.hdr = (struct smpp_header){.command_id = command_id, .command_status = status,
				     .sequence_number = seq};
	p.sm_resp.message_id[0] = '\0'; /* deliver_sm_resp, submit_sm_resp */
	p.tlvs.count = 0;
	return smpp_stream_write(bev, &p, who);
}
