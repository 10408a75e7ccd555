/*
 * test_data.h - opening test vectors kept as data under tests/data/<area>/.
 * ctest runs every unit test from tests/ (smsb_unit_test); run by hand from
 * the repository root, tests/data/ is found too.
 */
#ifndef SMSB_TEST_DATA_H
#define SMSB_TEST_DATA_H

#include <stdio.h>

static inline FILE *test_open_data(const char *area, const char *name)
{
	static const char *const roots[] = {"data/", "tests/data/"};
	char path[512];
	for (size_t i = 0; i < sizeof roots / sizeof roots[0]; i++) {
		snprintf(path, sizeof path, "%s%s/%s", roots[i], area, name);
		FILE *f = fopen(path, "r");
		if (f)
			return f;
	}
	fprintf(stderr, "test data %s/%s not found: run from tests/ (as ctest does)\n", area, name);
	return NULL;
}

#endif
