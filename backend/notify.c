/*
 * notify.c: the notify service (being written).
 */
#include "svc.h"

const struct svc_def notify_service = {
	.name = "notify",
};
