/*
 * bench_smpp_codec - throughput of the SMPP codec: submit_sm decode + encode
 * per second, for a 160-octet text and for a concatenated part with sar_*
 * TLVs. Not a test: it prints figures. Build without SMSBROKER_SANITIZE for
 * meaningful numbers.
 *
 *   bench_smpp_codec [seconds per case]   (default 2)
 *   bench_smpp_codec --quick              (ctest: a few iterations)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "smpp_pdu.h"

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Build the input once with the encoder; the loop then times decode+encode. */
static size_t make_submit(uint8_t *buf, size_t cap, int with_sar)
{
	static struct smpp_pdu p;
	static uint8_t text[160];
	size_t len = 0;
	memset(&p, 0, sizeof p);
	memset(text, 'A', sizeof text);
	p.hdr.command_id = SMPP_CMD_SUBMIT_SM;
	p.hdr.sequence_number = 1;
	strcpy(p.sm.service_type, "CMT");
	p.sm.source_addr_ton = 1;
	p.sm.source_addr_npi = 1;
	strcpy(p.sm.source_addr, "447700900123");
	p.sm.dest_addr_ton = 1;
	p.sm.dest_addr_npi = 1;
	strcpy(p.sm.destination_addr, "447700900456");
	p.sm.registered_delivery = 1;
	strcpy(p.sm.validity_period, "000001000000000R");
	p.sm.sm_length = with_sar ? 153 : 160;
	p.sm.short_message = text;
	if (with_sar) {
		smpp_tlv_add_u16(&p.tlvs, SMPP_TLV_SAR_MSG_REF_NUM, 0x1234);
		smpp_tlv_add_u8(&p.tlvs, SMPP_TLV_SAR_TOTAL_SEGMENTS, 3);
		smpp_tlv_add_u8(&p.tlvs, SMPP_TLV_SAR_SEGMENT_SEQNUM, 2);
		smpp_tlv_add_u16(&p.tlvs, SMPP_TLV_USER_MESSAGE_REFERENCE, 77);
	}
	if (smpp_encode(&p, buf, cap, &len) != SMPP_OK) {
		fprintf(stderr, "bench: cannot build the input\n");
		exit(1);
	}
	return len;
}

static void run(const char *name, int with_sar, double seconds, long min_iters)
{
	static struct smpp_pdu pdu;
	uint8_t in[512], out[512];
	size_t in_len = make_submit(in, sizeof in, with_sar);
	long iters = 0;
	unsigned long check = 0;
	double start = now_s(), elapsed;
	do {
		for (int i = 0; i < 1000; i++) {
			struct smpp_decode_err err;
			size_t len;
			if (smpp_decode(in, in_len, &pdu, &err) != SMPP_OK ||
			    smpp_encode(&pdu, out, sizeof out, &len) != SMPP_OK || len != in_len) {
				fprintf(stderr, "bench: codec failed\n");
				exit(1);
			}
			check += out[len - 1];
		}
		iters += 1000;
		elapsed = now_s() - start;
	} while (elapsed < seconds || iters < min_iters);
	printf("%-28s %4zu bytes  %10.0f decode+encode/s  %6.0f ns each  (%ld iterations, check %lu)\n", name,
	       in_len, (double)iters / elapsed, elapsed * 1e9 / (double)iters, iters, check % 10);
}

int main(int argc, char **argv)
{
	double seconds = 2.0;
	long min_iters = 1000;
	if (argc > 1 && strcmp(argv[1], "--quick") == 0)
		seconds = 0.0;
	else if (argc > 1)
		seconds = atof(argv[1]);
	run("submit_sm 160 octets", 0, seconds, min_iters);
	run("submit_sm 153 octets + sar", 1, seconds, min_iters);
	return 0;
}
