/*
 * test_util.h - small helpers shared by the C tests: scratch paths and
 * private mounts (a tmpfs that can be made read-only or full).
 */
#ifndef SMSB_TEST_UTIL_H
#define SMSB_TEST_UTIL_H

#include <stddef.h>

/* A fresh path under $SMSB_TEST_TMP (or /tmp) named after tag; removes leftovers. */
void test_tmp_path(char *buf, size_t size, const char *tag);

/* Makes an empty folder under the scratch area and returns its path in buf. */
void test_tmp_dir(char *buf, size_t size, const char *tag);

/*
 * In the calling process (call it in a forked child): a private mount
 * namespace with a tmpfs of size_kb over dir. Returns 0, or -1 when this
 * machine does not allow it (not root, no namespaces); the caller skips then.
 */
int test_private_tmpfs(const char *dir, unsigned size_kb);

/* Remounts the tmpfs over dir read-only (after test_private_tmpfs). */
int test_remount_readonly(const char *dir);

/* Milliseconds on the monotonic clock. */
long long test_now_ms(void);

#endif
