/* id_map.c - open-addressing hash map, linear probing, tombstones (see id_map.h). */
#include "id_map.h"

#include <stdlib.h>

#define TOMBSTONE UINT64_MAX

static size_t slot_of(uint64_t id, size_t cap)
{
	id ^= id >> 33;
	id *= 0xff51afd7ed558ccdULL;
	id ^= id >> 33;
	return (size_t)id & (cap - 1);
}

static int grow(struct id_map *m)
{
	size_t cap = m->cap ? m->cap * 2 : 64;
	if (m->n * 2 < m->cap)
		cap = m->cap; /* mostly tombstones: rehash at the same size */
	uint64_t *keys = calloc(cap, sizeof *keys);
	void **vals = calloc(cap, sizeof *vals);
	if (!keys || !vals) {
		free(keys);
		free(vals);
		return -1;
	}
	for (size_t i = 0; i < m->cap; i++) {
		if (m->keys[i] == 0 || m->keys[i] == TOMBSTONE)
			continue;
		size_t j = slot_of(m->keys[i], cap);
		while (keys[j])
			j = (j + 1) & (cap - 1);
		keys[j] = m->keys[i];
		vals[j] = m->vals[i];
	}
	free(m->keys);
	free(m->vals);
	m->keys = keys;
	m->vals = vals;
	m->cap = cap;
	m->tombstones = 0;
	return 0;
}

int id_map_put(struct id_map *m, uint64_t id, void *val)
{
	if ((m->n + m->tombstones + 1) * 4 >= m->cap * 3 && grow(m) != 0)
		return -1;
	size_t i = slot_of(id, m->cap);
	while (m->keys[i] && m->keys[i] != TOMBSTONE && m->keys[i] != id)
		i = (i + 1) & (m->cap - 1);
	if (m->keys[i] != id) {
		if (m->keys[i] == TOMBSTONE)
			m->tombstones--;
		m->n++;
	}
	m->keys[i] = id;
	m->vals[i] = val;
	return 0;
}

static size_t find(const struct id_map *m, uint64_t id)
{
	if (!m->cap)
		return SIZE_MAX;
	size_t i = slot_of(id, m->cap);
	while (m->keys[i]) {
		if (m->keys[i] == id)
			return i;
		i = (i + 1) & (m->cap - 1);
	}
	return SIZE_MAX;
}

void *id_map_get(const struct id_map *m, uint64_t id)
{
	size_t i = find(m, id);
	return i == SIZE_MAX ? NULL : m->vals[i];
}

void id_map_del(struct id_map *m, uint64_t id)
{
	size_t i = find(m, id);
	if (i == SIZE_MAX)
		return;
	m->keys[i] = TOMBSTONE;
	m->vals[i] = NULL;
	m->n--;
	m->tombstones++;
}

void id_map_free(struct id_map *m)
{
	free(m->keys);
	free(m->vals);
	*m = (struct id_map){0};
}
