/*
 * tem106_sim.c - a TEM-106 heat meter for the integration tests: answers
 * master frames from the example memory image (tem106_image.c) on a tty
 * (one end of a socat pseudo-terminal pair) or on TCP (127.0.0.1, port
 * chosen by the kernel), with faults on demand.
 *
 *   tem106_sim (--tty PATH | --tcp) [--addr N] [--echo]
 *              [--fault checksum|silence|wrong_addr|pause|short] [--faults N]
 *
 * Prints "ready tty=PATH" or "ready tcp_port=N" on stdout once it listens,
 * and one "request n=K ..." line per frame on stderr. --faults N applies the
 * fault to the first N requests only (default: all). --echo writes every
 * request back before the answer, as a half-duplex RS-485 adapter does.
 * "pause" stops 700 ms in the middle of the answer (over the seed's 0.5 s).
 * Runs until killed or its tty/peer goes away (tty) .
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "tem106_image.h"

enum fault { F_NONE, F_CHECKSUM, F_SILENCE, F_WRONG_ADDR, F_PAUSE, F_SHORT };

struct sim {
	struct tem106_image img;
	enum fault fault;
	long faults; /* requests still to spoil; -1 = all */
	int echo;
	unsigned long requests;
};

static int write_all(int fd, const uint8_t *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static uint8_t checksum(const uint8_t *p, size_t n)
{
	unsigned sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += p[i];
	return (uint8_t)~sum;
}

static int answer(struct sim *s, int fd, const uint8_t *req, size_t len)
{
	uint8_t out[128];
	size_t n = 0;
	enum fault f = s->faults != 0 ? s->fault : F_NONE;
	if (s->faults > 0)
		s->faults--;
	s->requests++;
	int rc = tem106_image_answer(&s->img, req, len, out, sizeof out, &n);
	fprintf(stderr, "request n=%lu len=%zu answered=%d fault=%d\n", s->requests, len, rc == 0,
		(int)f);
	if (s->echo && write_all(fd, req, len) != 0)
		return -1;
	if (rc != 0 || f == F_SILENCE)
		return 0;
	struct timespec pause = {0, 700 * 1000 * 1000};
	switch (f) {
	case F_CHECKSUM:
		out[n - 1] ^= 0x5A;
		break;
	case F_WRONG_ADDR:
		out[1] = (uint8_t)(out[1] + 1);
		out[2] = (uint8_t)~out[1];
		out[n - 1] = checksum(out, n - 1);
		break;
	case F_SHORT:
		n -= 3;
		break;
	case F_PAUSE:
		if (write_all(fd, out, n / 2) != 0)
			return -1;
		nanosleep(&pause, NULL);
		return write_all(fd, out + n / 2, n - n / 2);
	default:
		break;
	}
	return write_all(fd, out, n);
}

/* Serves one stream until it ends. Returns 0 at EOF, -1 on an error. */
static int serve(struct sim *s, int fd)
{
	uint8_t buf[512];
	size_t len = 0;
	for (;;) {
		ssize_t r = read(fd, buf + len, sizeof buf - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return r == 0 ? 0 : -1;
		len += (size_t)r;
		for (;;) {
			size_t skip = 0;
			while (skip < len && buf[skip] != 0x55)
				skip++; /* noise before a master frame */
			memmove(buf, buf + skip, len - skip);
			len -= skip;
			if (len < 6 || len < 7u + buf[5])
				break;
			size_t flen = 7u + buf[5];
			if (answer(s, fd, buf, flen) != 0)
				return -1;
			memmove(buf, buf + flen, len - flen);
			len -= flen;
		}
		if (len == sizeof buf)
			len = 0;
	}
}

static enum fault parse_fault(const char *v)
{
	static const char *const names[] = {"none", "checksum", "silence", "wrong_addr", "pause", "short"};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcmp(v, names[i]) == 0)
			return (enum fault)i;
	fprintf(stderr, "tem106_sim: unknown fault %s\n", v);
	exit(2);
}

int main(int argc, char **argv)
{
	struct sim s = {.faults = -1};
	const char *tty = NULL;
	int tcp = 0, addr = 1;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--tty") == 0 && i + 1 < argc)
			tty = argv[++i];
		else if (strcmp(argv[i], "--tcp") == 0)
			tcp = 1;
		else if (strcmp(argv[i], "--addr") == 0 && i + 1 < argc)
			addr = atoi(argv[++i]);
		else if (strcmp(argv[i], "--echo") == 0)
			s.echo = 1;
		else if (strcmp(argv[i], "--fault") == 0 && i + 1 < argc)
			s.fault = parse_fault(argv[++i]);
		else if (strcmp(argv[i], "--faults") == 0 && i + 1 < argc)
			s.faults = atol(argv[++i]);
		else {
			fprintf(stderr, "usage: tem106_sim (--tty PATH | --tcp) [--addr N] [--echo]"
				" [--fault KIND] [--faults N]\n");
			return 2;
		}
	}
	if (!tty == !tcp || tem106_image_init(&s.img, (uint8_t)addr, 1) != 0)
		return 2;
	struct tem106_image_values v;
	struct tem106_image_record rec;
	tem106_image_example_values(&v);
	tem106_image_write_t2k(&s.img, &v);
	tem106_image_example_record(&rec);
	tem106_image_write_record(&s.img, 4, &rec); /* the newest hourly one (next is 5) */

	if (tty) {
		int fd = open(tty, O_RDWR | O_NOCTTY);
		struct termios t;
		if (fd < 0 || tcgetattr(fd, &t) != 0) {
			perror("tem106_sim: tty");
			return 1;
		}
		cfmakeraw(&t);
		tcsetattr(fd, TCSANOW, &t);
		printf("ready tty=%s\n", tty);
		fflush(stdout);
		serve(&s, fd);
		return 0;
	}
	int ls = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t sl = sizeof sa;
	if (ls < 0 || bind(ls, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(ls, 4) != 0 ||
	    getsockname(ls, (struct sockaddr *)&sa, &sl) != 0) {
		perror("tem106_sim: listen");
		return 1;
	}
	printf("ready tcp_port=%u\n", ntohs(sa.sin_port));
	fflush(stdout);
	for (;;) {
		int fd = accept(ls, NULL, NULL);
		if (fd < 0)
			continue;
		fprintf(stderr, "connected\n");
		serve(&s, fd);
		close(fd);
	}
}
