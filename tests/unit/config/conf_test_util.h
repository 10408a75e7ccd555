/*
 * conf_test_util.h - helpers for the configuration tests: load and compare
 * the collected errors exactly, write scratch files.
 */
#ifndef SMSB_CONF_TEST_UTIL_H
#define SMSB_CONF_TEST_UTIL_H

#include <stddef.h>

#include "conf.h"

/* Prints the errors (to help when an assertion fails). */
void ct_print_errors(const struct conf_errors *e);

/*
 * Loads path and asserts it fails with exactly the messages in expected
 * (NULL-terminated), each prefixed with "path" as written.
 */
void ct_expect_errors(const char *path, const char *const *expected);

/* Loads text from memory as "test.conf"; asserts success; caller frees. */
struct conf *ct_load_ok(const char *text);

/* Loads text from memory; asserts failure with exactly one error equal to want. */
void ct_load_fails(const char *text, const char *want);

/* A path under $SMSB_TEST_TMP named tag, holding len bytes of data. */
void ct_write_tmp(char *path, size_t size, const char *tag, const void *data, size_t len);

#endif
