/*
 * conf_net.c - network values: listener endpoints and CIDR networks.
 *
 * Listeners take IP literals only ("127.0.0.1:2775", "[::1]:2775",
 * "0.0.0.0:2775"), plus "localhost" for 127.0.0.1: a name that resolves
 * differently tomorrow would make the loopback check meaningless. Parsing
 * only; nothing here opens a socket.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "conf_internal.h"

static const uint8_t v4_mapped_prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

static int port_parse(const char *p, uint16_t *port)
{
	if (!*p || strlen(p) > 5)
		return -1;
	unsigned v = 0;
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (unsigned)(*p - '0');
	}
	/* 0 asks the kernel for a free port (tests); the daemon logs the one bound. */
	if (v > 65535)
		return -1;
	*port = (uint16_t)v;
	return 0;
}

int conf_endpoint_parse(const char *text, struct conf_endpoint *ep, const char **why)
{
	char host[INET6_ADDRSTRLEN + 1];
	const char *port;
	size_t hlen;
	*why = "is not host:port (like \"127.0.0.1:2775\" or \"[::1]:2775\")";
	if (text[0] == '[') {
		const char *close = strchr(text, ']');
		if (!close || close[1] != ':')
			return -1;
		hlen = (size_t)(close - text - 1);
		port = close + 2;
		if (hlen == 0 || hlen >= sizeof host)
			return -1;
		memcpy(host, text + 1, hlen);
	} else {
		const char *colon = strrchr(text, ':');
		if (!colon || strchr(text, ':') != colon) /* bare IPv6 needs brackets */
			return -1;
		hlen = (size_t)(colon - text);
		port = colon + 1;
		if (hlen == 0 || hlen >= sizeof host)
			return -1;
		memcpy(host, text, hlen);
	}
	host[hlen] = '\0';
	uint16_t p;
	if (port_parse(port, &p) < 0) {
		*why = "has a bad port (expected 0..65535; 0 = any free port)";
		return -1;
	}
	uint8_t addr[16];
	bool loopback;
	if (text[0] != '[' && strcmp(host, "localhost") == 0) {
		strcpy(host, "127.0.0.1");
		loopback = true;
	} else if (text[0] != '[' && inet_pton(AF_INET, host, addr) == 1) {
		loopback = addr[0] == 127;
	} else if (text[0] == '[' && inet_pton(AF_INET6, host, addr) == 1) {
		loopback = memcmp(addr, in6addr_loopback.s6_addr, 16) == 0 ||
			   (memcmp(addr, v4_mapped_prefix, 12) == 0 && addr[12] == 127);
	} else {
		*why = text[0] == '[' ? "does not hold an IPv6 address in its brackets"
				      : "does not start with an IP address (or localhost)";
		return -1;
	}
	ep->host = strdup(host);
	if (!ep->host) {
		*why = NULL; /* out of memory */
		return -1;
	}
	ep->port = p;
	ep->loopback = loopback;
	return 0;
}

int conf_cidr_parse(const char *text, struct conf_cidr *cidr, const char **why)
{
	char addr_text[INET6_ADDRSTRLEN + 1];
	const char *slash = strchr(text, '/');
	size_t alen = slash ? (size_t)(slash - text) : strlen(text);
	*why = "is not a network (like \"10.0.0.0/8\", \"192.0.2.7\" or \"2001:db8::/32\")";
	if (alen == 0 || alen >= sizeof addr_text)
		return -1;
	memcpy(addr_text, text, alen);
	addr_text[alen] = '\0';
	memset(cidr, 0, sizeof *cidr);
	unsigned max;
	if (inet_pton(AF_INET, addr_text, cidr->addr) == 1) {
		cidr->family = AF_INET;
		max = 32;
	} else if (inet_pton(AF_INET6, addr_text, cidr->addr) == 1) {
		cidr->family = AF_INET6;
		max = 128;
	} else {
		return -1;
	}
	unsigned prefix = max;
	if (slash) {
		const char *p = slash + 1;
		if (!*p || strlen(p) > 3)
			return -1;
		prefix = 0;
		for (; *p; p++) {
			if (*p < '0' || *p > '9')
				return -1;
			prefix = prefix * 10 + (unsigned)(*p - '0');
		}
		if (prefix > max) {
			*why = "has a prefix length beyond the address size";
			return -1;
		}
	}
	cidr->prefix_len = (uint8_t)prefix;
	/* Host bits set ("10.0.0.1/8") is almost always a typo: say so. */
	for (unsigned bit = prefix; bit < max; bit++) {
		if (cidr->addr[bit / 8] & (0x80u >> (bit % 8))) {
			*why = "has bits set beyond its prefix length";
			return -1;
		}
	}
	return 0;
}

bool conf_cidr_match(const struct conf_cidr *cidr, int family, const uint8_t *addr)
{
	if (!cidr || !addr)
		return false;
	/* A dual-stack socket shows IPv4 peers as ::ffff:a.b.c.d. */
	if (cidr->family == AF_INET && family == AF_INET6 &&
	    memcmp(addr, v4_mapped_prefix, sizeof v4_mapped_prefix) == 0) {
		addr += 12;
		family = AF_INET;
	}
	if (family != cidr->family)
		return false;
	unsigned full = cidr->prefix_len / 8, rest = cidr->prefix_len % 8;
	if (memcmp(addr, cidr->addr, full) != 0)
		return false;
	if (rest == 0)
		return true;
	uint8_t mask = (uint8_t)(0xffu << (8 - rest));
	return (addr[full] & mask) == (cidr->addr[full] & mask);
}

const char *conf_endpoint_format(const struct conf_endpoint *ep, char *buf, size_t size)
{
	bool v6 = ep->host && strchr(ep->host, ':') != NULL;
	snprintf(buf, size, "%s%s%s:%u", v6 ? "[" : "", ep->host ? ep->host : "?", v6 ? "]" : "",
		 (unsigned)ep->port);
	return buf;
}
