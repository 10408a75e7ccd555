/*
 * fuzz_config: conf_load_string() on arbitrary bytes, then the invariants:
 * either a conf and no error, or no conf and at least one "name:..." error;
 * a loaded conf differs from itself in nothing and finds each of its
 * accounts by system_id. Inputs with @include are skipped: they would read
 * arbitrary files of this machine, which is not what we are testing.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool has_include(const uint8_t *data, size_t size)
{
	for (size_t i = 0; i + 8 <= size; i++)
		if (memcmp(data + i, "@include", 8) == 0)
			return true;
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > CONF_MAX_FILE_SIZE || has_include(data, size))
		return -1;
	struct conf_errors errs = {0};
	struct conf *c = conf_load_string((const char *)data, size, "fuzz.conf", &errs);
	if (c) {
		if (errs.n != 0)
			abort();
		char **names;
		size_t n;
		if (conf_diff_nonreloadable(c, c, &names, &n) != 0 || n != 0)
			abort();
		for (size_t i = 0; i < c->n_accounts; i++)
			if (conf_find_account(c, c->accounts[i].system_id) != &c->accounts[i])
				abort();
		conf_free(c);
	} else {
		if (errs.n == 0)
			abort();
		for (size_t i = 0; i < errs.n; i++)
			if (strncmp(errs.lines[i], "fuzz.conf", 9) != 0 && errs.lines[i][0] != '(')
				abort();
	}
	conf_errors_clear(&errs);
	return 0;
}
