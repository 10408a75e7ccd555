/*
 * store_test_fixture.h - one store per test program, on a fresh SQLite
 * file, for the storage tests that share it across their cases: `s` is the
 * store, run() submits an op and waits for its callback, reopen() closes
 * and opens the same file again (what a restart does).
 */
#ifndef SMSB_STORE_TEST_FIXTURE_H
#define SMSB_STORE_TEST_FIXTURE_H

#include "store_test_loop.h"
#include "test_util.h"

static struct store *s;
static char db_path[512];

static void reopen(void)
{
	char err[256];
	struct store_options o;
	store_close(s);
	s = NULL;
	test_store_options(&o, db_path);
	if (store_open(&o, &s, NULL, err, sizeof err) != STORE_OK)
		fail_msg("cannot open %s: %s", db_path, err);
}

/* For cmocka_run_group_tests: a fresh file named after tag. */
static int fixture_setup(const char *tag)
{
	test_tmp_path(db_path, sizeof db_path, tag);
	reopen();
	return s ? 0 : -1;
}

static int fixture_teardown(void **state)
{
	(void)state;
	store_close(s);
	s = NULL;
	return 0;
}

static void run(struct store_op *op)
{
	store_submit(s, op);
	assert_int_equal(wait_idle(s, 5000), 0);
}

#endif
