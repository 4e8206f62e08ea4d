/*
 * customer_saved.c: the customer's saved addresses (집, 회사) at checkout:
 * the default fills the address field when the checkout starts, Tab and
 * Shift-Tab go through the others, and the field stays editable. They
 * live with the view service (view.addresses), so they follow the
 * customer from machine to machine.
 */
#include "customer_cart_int.h"

#include <stdio.h>
#include <string.h>

#include "ui_i18n.h"
#include "util.h"

/* The saved address at i (borrowed), or NULL. */
static const json_t *
saved_at(const struct cust_checkout *c, int i)
{
	return json_array_get(c->saved, (size_t)i);
}

void
checkout_saved_load(struct cust *m)
{
	struct cust_checkout *c = &cart_of(m)->checkout;
	struct wire_error err;
	const json_t *a;
	json_t *r = cust_read(m, "view", "addresses", NULL, &err);
	size_t i;

	if (r == NULL)
		return; /* the view is away: the address is typed */
	cust_json_set(&c->saved, json_incref(json_object_get(r,
	    "addresses")));
	json_decref(r);
	c->saved_at = 0;
	json_array_foreach(c->saved, i, a)
		if (json_is_true(json_object_get(a, "default"))) {
			c->saved_at = (int)i;
			ui_input_set(&c->address, wire_str(a, "address", ""));
		}
}

int
checkout_saved_next(struct cust_checkout *c, int dir)
{
	int n = (int)json_array_size(c->saved);

	if (n == 0)
		return 0;
	/* From a typed address, Tab starts at the one last chosen. */
	if (checkout_saved_label(c) != NULL)
		c->saved_at = (c->saved_at + dir + n) % n;
	ui_input_set(&c->address, wire_str(saved_at(c, c->saved_at),
	    "address", ""));
	return 1;
}

const char *
checkout_saved_label(const struct cust_checkout *c)
{
	const json_t *a = saved_at(c, c->saved_at);

	if (a == NULL || strcmp(wire_str(a, "address", ""),
	    ui_input_text(&c->address)) != 0)
		return NULL;
	return wire_str(a, "label", "");
}

int
checkout_saved_check(const struct cust_checkout *c, char *buf, size_t n)
{
	const char *label = checkout_saved_label(c);
	char line[192];
	int ok = cust_address_check(ui_input_text(&c->address), line,
	    sizeof line);
	size_t count = json_array_size(c->saved);

	if (label != NULL)
		snprintf(buf, n, _("%s%s (%d/%zu) · %s · Tab: 다른 주소"), label,
		    json_is_true(json_object_get(saved_at(c, c->saved_at),
		    "default")) ? _(" 기본") : "", c->saved_at + 1, count, line);
	else if (count > 0)
		snprintf(buf, n, _("%s · Tab: 저장된 주소 %zu곳"), line, count);
	else
		snprintf(buf, n, "%s", line);
	return ok;
}

void
checkout_saved_pick(struct cust_checkout *c, const char *label)
{
	const json_t *a;
	size_t i;

	json_array_foreach(c->saved, i, a)
		if (strcmp(wire_str(a, "label", ""), label) == 0)
			c->saved_at = (int)i;
}
