/*
 * delivery.c: the delivery service (being written).
 */
#include "svc.h"

const struct svc_def delivery_service = {
	.name = "delivery",
};
