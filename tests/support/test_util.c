/* test_util.c - scratch paths and private mounts for the C tests. */
#define _GNU_SOURCE
#include "test_util.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char *tmp_root(void)
{
	const char *t = getenv("SMSB_TEST_TMP");
	return t && *t ? t : "/tmp";
}

void test_tmp_path(char *buf, size_t size, const char *tag)
{
	snprintf(buf, size, "%s/%s-%ld", tmp_root(), tag, (long)getpid());
	const char *suffix[] = {"", "-wal", "-shm", "-journal"};
	for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
		char p[4200];
		snprintf(p, sizeof p, "%s%s", buf, suffix[i]);
		unlink(p);
	}
}

void test_tmp_dir(char *buf, size_t size, const char *tag)
{
	char cmd[4300];
	snprintf(buf, size, "%s/%s-%ld.d", tmp_root(), tag, (long)getpid());
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", buf);
	if (system(cmd) != 0 || mkdir(buf, 0755) != 0)
		fprintf(stderr, "test_tmp_dir: cannot make %s: %s\n", buf, strerror(errno));
}

int test_private_tmpfs(const char *dir, unsigned size_kb)
{
	char opts[64];
	if (geteuid() != 0 || unshare(CLONE_NEWNS) != 0)
		return -1;
	if (mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
		return -1;
	snprintf(opts, sizeof opts, "size=%uk", size_kb);
	return mount("tmpfs", dir, "tmpfs", 0, opts) == 0 ? 0 : -1;
}

int test_remount_readonly(const char *dir)
{
	return mount("tmpfs", dir, "tmpfs", MS_REMOUNT | MS_RDONLY, NULL);
}

long long test_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
