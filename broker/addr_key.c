/* addr_key.c - peer addresses as table keys (see addr_key.h). */
#include "addr_key.h"

#include <netinet/in.h>
#include <string.h>

#include "conf.h"

int addr_key(const struct sockaddr *sa, uint8_t key[16])
{
	memset(key, 0, 16);
	if (sa->sa_family == AF_INET) {
		memcpy(key, &((const struct sockaddr_in *)sa)->sin_addr, 4);
		return AF_INET;
	}
	if (sa->sa_family == AF_INET6) {
		const uint8_t *a = ((const struct sockaddr_in6 *)sa)->sin6_addr.s6_addr;
		static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
		if (memcmp(a, mapped, 12) == 0) {
			memcpy(key, a + 12, 4);
			return AF_INET;
		}
		memcpy(key, a, 16);
		return AF_INET6;
	}
	return 0;
}

bool addr_allowed(const struct sockaddr *sa, const struct conf_cidr *nets, size_t n)
{
	if (n == 0)
		return true;
	uint8_t key[16];
	int family = addr_key(sa, key);
	for (size_t i = 0; family && i < n; i++)
		if (conf_cidr_match(&nets[i], family, key))
			return true;
	return false;
}
