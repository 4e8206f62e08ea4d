/*
 * services.c: one line per service. Adding a service touches this table
 * and its declaration in services.h.
 */
#include "services.h"

#include <string.h>

static const struct svc_def *const all_services[] = {
	&payment_service,
	&order_service,
	&store_service,
	&delivery_service,
	&notify_service,
	&view_service,
};

const struct svc_def *
services_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof all_services / sizeof all_services[0]; i++)
		if (strcmp(all_services[i]->name, name) == 0)
			return all_services[i];
	return NULL;
}

const struct svc_def *
services_at(size_t i)
{
	return i < sizeof all_services / sizeof all_services[0] ?
	    all_services[i] : NULL;
}
