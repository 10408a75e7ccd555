/* lg_proc.c - /proc/PID/status, /proc/PID/stat and getrusage readers (see lg_proc.h). */
#include "lg_proc.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

void lg_proc_rss(int pid, long *rss_kb, long *hwm_kb)
{
	*rss_kb = *hwm_kb = -1;
	char path[64], line[256];
	snprintf(path, sizeof path, "/proc/%d/status", pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	while (fgets(line, sizeof line, f)) {
		if (!strncmp(line, "VmRSS:", 6))
			sscanf(line + 6, "%ld", rss_kb);
		else if (!strncmp(line, "VmHWM:", 6))
			sscanf(line + 6, "%ld", hwm_kb);
	}
	fclose(f);
}

double lg_proc_cpu(int pid)
{
	char path[64], buf[1024];
	snprintf(path, sizeof path, "/proc/%d/stat", pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* Fields after the ")" closing the command name: state is field 3,
	 * utime and stime are fields 14 and 15. */
	char *p = strrchr(buf, ')');
	unsigned long ut, st;
	if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2)
		return -1;
	long hz = sysconf(_SC_CLK_TCK);
	return hz > 0 ? (double)(ut + st) / (double)hz : -1;
}

double lg_proc_self_cpu(void)
{
	struct rusage ru;
	if (getrusage(RUSAGE_SELF, &ru) != 0)
		return -1;
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}
