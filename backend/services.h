/*
 * services.h: the table of every service baedald can run.
 */
#ifndef BAEDAL_SERVICES_H
#define BAEDAL_SERVICES_H

#include <stddef.h>

#include "svc.h"

/* Each defined by its service's main file, backend/services/<name>/<name>.c. */
extern const struct svc_def order_service;
extern const struct svc_def payment_service;
extern const struct svc_def store_service;
extern const struct svc_def delivery_service;
extern const struct svc_def notify_service;
extern const struct svc_def view_service;

/* The service named name, or NULL. */
const struct svc_def *services_find(const char *name);
/* The i-th service (in start order), or NULL past the end. */
const struct svc_def *services_at(size_t i);

#endif
