/*
 * smpp_stream.h - SMPP over a bufferevent, the part both directions share:
 * our server sessions (smpp_session.c) and our links to upstream SMSCs
 * (conn_smpp_link.c). Whole PDUs come off the input, encoded PDUs go onto
 * the output, each with the optional hex trace (logging.trace_pdus).
 *
 * Reading, per PDU:
 *
 *	rc = smpp_stream_next(in, max, &pdu, &len, &err, &who);
 *	MORE  -> wait for the next read callback
 *	PDU   -> handle pdu (it points into in), then evbuffer_drain(in, len)
 *	BAD   -> answer err (err.answer_id, err.status), drain len, go on
 *	FATAL -> answer err if err.answer_id, then close: the stream cannot
 *	         be resynchronised
 */
#ifndef SMSB_SMPP_STREAM_H
#define SMSB_SMPP_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "smpp_pdu.h"

struct bufferevent;
struct evbuffer;

enum smpp_stream_rc { SMPP_STREAM_MORE, SMPP_STREAM_PDU, SMPP_STREAM_BAD, SMPP_STREAM_FATAL };

/* Who is talking, for log lines: "session=3" or "link=7". */
struct smpp_stream_who {
	const char *kind; /* "session", "link" */
	uint64_t id;
	bool trace;       /* hex dumps at debug level */
};

/* The next PDU at the head of in (max: the largest command_length accepted). */
enum smpp_stream_rc smpp_stream_next(struct evbuffer *in, size_t max, struct smpp_pdu *pdu,
				     size_t *len, struct smpp_decode_err *err,
				     const struct smpp_stream_who *who);

/* Encodes pdu onto bev's output. 0, or -1 when it does not encode (logged). */
int smpp_stream_write(struct bufferevent *bev, const struct smpp_pdu *pdu,
		      const struct smpp_stream_who *who);

/* A PDU without a body (enquire_link, unbind, generic_nack, their resps), or with an
 * empty message_id (deliver_sm_resp), onto bev. */
int smpp_stream_write_header(struct bufferevent *bev, uint32_t command_id, uint32_t status,
			     uint32_t seq, const struct smpp_stream_who *who);

#endif
