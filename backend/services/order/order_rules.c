/*
 * order_rules.c: option group rules (see order_rules.h).
 */
#include "order_rules.h"

#include <string.h>

const json_t *
order_rule_of(const json_t *item, const char *group)
{
	const json_t *g;
	size_t i;

	if (group == NULL)
		return NULL;
	json_array_foreach(json_object_get(item, "option_groups"), i, g)
		if (strcmp(group, wire_str(g, "id", "")) == 0)
			return g;
	return NULL;
}

/* How many of wanted belong to group, among item's options. */
static size_t
rules_count(const json_t *item, const json_t *wanted, const char *group)
{
	const json_t *offered = json_object_get(item, "options"), *o, *w;
	size_t i, j, n = 0;

	json_array_foreach(wanted, i, w)
		json_array_foreach(offered, j, o)
			if (json_is_string(w) && strcmp(wire_str(o, "id", ""),
			    json_string_value(w)) == 0 &&
			    strcmp(wire_str(o, "group", ""), group) == 0)
				n++;
	return n;
}

int
order_rules_check(const json_t *item, const json_t *wanted, size_t line,
    struct wire_error *err)
{
	const char *name = wire_str(item, "name", "this item");
	const json_t *g;
	size_t i, n;

	json_array_foreach(json_object_get(item, "option_groups"), i, g) {
		int64_t min = wire_int(g, "min", 0), max = wire_int(g, "max", 1);
		const char *id = wire_str(g, "id", "");

		n = rules_count(item, wanted, id);
		if ((int64_t)n >= min && (int64_t)n <= max)
			continue;
		return wire_error_set(err, E_OPTION_RULE, "items[%zu]: %.60s: "
		    "%.40s (%.32s) needs %s %lld choice%s; the rule is %lld to "
		    "%lld, %zu chosen", line, name, wire_str(g, "name", id), id,
		    (int64_t)n < min ? "at least" : "at most",
		    (long long)((int64_t)n < min ? min : max),
		    ((int64_t)n < min ? min : max) == 1 ? "" : "s",
		    (long long)min, (long long)max, n);
	}
	return 0;
}
