/*
 * addr_key.h - a peer's address as a fixed 16-byte key, the same for an
 * IPv4 client and the IPv4-mapped IPv6 form of it (what a dual-stack
 * listener reports). For per-address tables: lockout, HTTP rate, allow-lists.
 */
#ifndef SMSB_ADDR_KEY_H
#define SMSB_ADDR_KEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

/* Fills key (IPv4 in its first 4 bytes, zeros after) and returns AF_INET or AF_INET6; 0 for other families. */
int addr_key(const struct sockaddr *sa, uint8_t key[16]);

struct conf_cidr;
/* Is sa inside one of the n networks (an account's allowed_ips)? n == 0 allows every address. */
bool addr_allowed(const struct sockaddr *sa, const struct conf_cidr *nets, size_t n);

#endif
