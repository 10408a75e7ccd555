/*
 * The line's receive rules (broker/meter_rx.c) on made-up clocks: a good
 * answer in pieces, the request timeout, the 0.5 s gap inside a frame
 * (short answer) and between frames, a half-duplex echo skipped (and a
 * garbled one refused), codec faults as soon as the byte arrives, and
 * bytes after a decided answer changing nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "meter_rx.h"
#include "tem106_err.h"

/* Identify to address 1 and the answer "TEMC106" (sums in test_tem106_frame.c). */
static const uint8_t req[] = {0x55, 0x01, 0xFE, 0x00, 0x00, 0x00, 0xAB};
static const uint8_t ans[] = {0xAA, 0x01, 0xFE, 0x00, 0x00, 0x07, 'T', 'E',
			      'M',  'C',  '1',  '0',  '6',  0x8F};

static void begin(struct meter_rx *rx)
{
	struct tem106_expect exp;
	uint8_t b[16];
	size_t n;
	assert_int_equal(tem106_build_identify(1, b, sizeof b, &n, &exp), 0);
	assert_memory_equal(b, req, sizeof req);
	meter_rx_begin(rx, &exp, req, sizeof req, 1000, 1000, 500);
}

static void test_answer_in_pieces(void **state)
{
	(void)state;
	struct meter_rx rx;
	begin(&rx);
	assert_int_equal(meter_rx_deadline(&rx), 2000); /* timeout from the send */
	assert_int_equal(meter_rx_feed(&rx, ans, 3, 1100), TEM106_NEED_MORE);
	assert_int_equal(meter_rx_deadline(&rx), 1600); /* now the gap rules */
	assert_int_equal(meter_rx_expire(&rx, 1599), TEM106_NEED_MORE);
	assert_int_equal(meter_rx_feed(&rx, ans + 3, 5, 1590), TEM106_NEED_MORE);
	assert_int_equal(meter_rx_feed(&rx, ans + 8, sizeof ans - 8, 2080), 0);
	assert_int_equal(rx.frame_len, sizeof ans);
	assert_memory_equal(rx.buf, ans, sizeof ans);
	/* Decided: trailing noise or the timer change nothing. */
	assert_int_equal(meter_rx_feed(&rx, (const uint8_t *)"\xAA", 1, 2100), 0);
	assert_int_equal(meter_rx_expire(&rx, 99999), 0);
}

static void test_timeout_without_a_byte(void **state)
{
	(void)state;
	struct meter_rx rx;
	begin(&rx);
	assert_int_equal(meter_rx_expire(&rx, 1999), TEM106_NEED_MORE);
	assert_int_equal(meter_rx_expire(&rx, 2000), METER_E_TIMEOUT);
	assert_string_equal(meter_strerror(METER_E_TIMEOUT), "timeout");
	/* An answer that comes too late is not taken. */
	assert_int_equal(meter_rx_feed(&rx, ans, sizeof ans, 2100), METER_E_TIMEOUT);
}

static void test_pause_inside_frame_is_short(void **state)
{
	(void)state;
	struct meter_rx rx;
	begin(&rx);
	assert_int_equal(meter_rx_feed(&rx, ans, 7, 1100), TEM106_NEED_MORE);
	assert_int_equal(meter_rx_expire(&rx, 1601), TEM106_E_SHORT);

	/* The rest arriving 0.7 s later, before the timer ran, is refused the same way. */
	begin(&rx);
	assert_int_equal(meter_rx_feed(&rx, ans, 7, 1100), TEM106_NEED_MORE);
	assert_int_equal(meter_rx_feed(&rx, ans + 7, sizeof ans - 7, 1800), TEM106_E_SHORT);

	/* A pause of exactly the gap minus one is still one frame. */
	begin(&rx);
	assert_int_equal(meter_rx_feed(&rx, ans, 7, 1100), TEM106_NEED_MORE);
	assert_int_equal(meter_rx_feed(&rx, ans + 7, sizeof ans - 7, 1599), 0);
}

static void test_echo_is_skipped(void **state)
{
	(void)state;
	struct meter_rx rx;
	uint8_t both[sizeof req + sizeof ans];
	memcpy(both, req, sizeof req);
	memcpy(both + sizeof req, ans, sizeof ans);
	begin(&rx);
	assert_int_equal(meter_rx_feed(&rx, both, sizeof both, 1050), 0);
	assert_memory_equal(rx.buf, ans, sizeof ans);

	/* Echo and answer in separate chunks; the echo alone is not an answer yet. */
	begin(&rx);
	assert_int_equal(meter_rx_feed(&rx, req, 4, 1010), TEM106_NEED_MORE);
	assert_int_equal(meter_rx_deadline(&rx), 1510); /* inside the echo: the gap */
	assert_int_equal(meter_rx_feed(&rx, req + 4, sizeof req - 4, 1020), TEM106_NEED_MORE);
	assert_int_equal(meter_rx_deadline(&rx), 2000); /* echo done: back to the timeout */
	assert_int_equal(meter_rx_feed(&rx, ans, sizeof ans, 1300), 0);

	/* A garbled echo is refused, and so is an echo cut short by a pause. */
	begin(&rx);
	assert_int_equal(meter_rx_feed(&rx, (const uint8_t *)"\x55\x01\xFF", 3, 1010), METER_E_ECHO);
	begin(&rx);
	assert_int_equal(meter_rx_feed(&rx, req, 3, 1010), TEM106_NEED_MORE);
	assert_int_equal(meter_rx_expire(&rx, 1510), METER_E_ECHO);
}

static void test_codec_faults_at_once(void **state)
{
	(void)state;
	struct meter_rx rx;
	/* Answer from meter 2: refused after its second byte, long before a timeout. */
	begin(&rx);
	assert_int_equal(meter_rx_feed(&rx, (const uint8_t *)"\xAA\x02", 2, 1010), TEM106_E_ADDR);
	assert_string_equal(meter_strerror(TEM106_E_ADDR), tem106_err_name(TEM106_E_ADDR));
	/* Bad checksum. */
	uint8_t bad[sizeof ans];
	memcpy(bad, ans, sizeof ans);
	bad[sizeof bad - 1] ^= 1;
	begin(&rx);
	assert_int_equal(meter_rx_feed(&rx, bad, sizeof bad, 1010), TEM106_E_CHECKSUM);
	/* Garbage that is neither echo nor answer. */
	begin(&rx);
	assert_int_equal(meter_rx_feed(&rx, (const uint8_t *)"\x00", 1, 1010), TEM106_E_START);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_answer_in_pieces),
		cmocka_unit_test(test_timeout_without_a_byte),
		cmocka_unit_test(test_pause_inside_frame_is_short),
		cmocka_unit_test(test_echo_is_skipped),
		cmocka_unit_test(test_codec_faults_at_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
