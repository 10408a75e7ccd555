/*
 * ioctl_shim.c - LD_PRELOAD fixture for serial tests on pseudo-terminals.
 *
 * libserialport's sp_open() reads the modem control lines (TIOCMGET) and
 * may set them; a pty answers those with ENOTTY, which real hardware never
 * does. This forwards every ioctl to the real one and turns only that
 * ENOTTY on the four modem-line requests into success (no lines set), so
 * the production open/configure path runs unchanged against a pty. See
 * /work/shared/notes/serial-testing.md. Never linked into the broker.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <sys/ioctl.h>

int ioctl(int fd, unsigned long request, ...);

int ioctl(int fd, unsigned long request, ...)
{
	static int (*real)(int, unsigned long, ...);
	va_list ap;
	va_start(ap, request);
	void *arg = va_arg(ap, void *);
	va_end(ap);
	if (!real)
		*(void **)&real = dlsym(RTLD_NEXT, "ioctl");
	int rc = real(fd, request, arg);
	if (rc < 0 && errno == ENOTTY &&
	    (request == TIOCMGET || request == TIOCMSET || request == TIOCMBIS || request == TIOCMBIC)) {
		if (request == TIOCMGET && arg)
			*(int *)arg = 0;
		return 0;
	}
	return rc;
}
