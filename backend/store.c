/*
 * store.c: the store service (being written).
 */
#include "svc.h"

const struct svc_def store_service = {
	.name = "store",
};
