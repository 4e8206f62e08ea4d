/*
 * order.c: the order service (being written).
 */
#include "svc.h"

const struct svc_def order_service = {
	.name = "order",
};
