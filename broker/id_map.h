/*
 * id_map.h - a hash map from 64-bit ids to pointers (open addressing).
 *
 * Async completions (a store commit, a timer) carry a session's id, never a
 * pointer to it, and find the session here: a session that closed meanwhile
 * is simply not found.
 */
#ifndef SMSB_ID_MAP_H
#define SMSB_ID_MAP_H

#include <stddef.h>
#include <stdint.h>

struct id_map {
	uint64_t *keys; /* 0 = empty slot; ids start at 1 */
	void **vals;
	size_t cap, n, tombstones;
};

/* Returns 0, or -1 when out of memory. id must not be 0. */
int id_map_put(struct id_map *m, uint64_t id, void *val);
void *id_map_get(const struct id_map *m, uint64_t id);
void id_map_del(struct id_map *m, uint64_t id);
void id_map_free(struct id_map *m);

#endif
