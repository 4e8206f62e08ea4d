/*
 * view.c: the view service (being written).
 */
#include "svc.h"

const struct svc_def view_service = {
	.name = "view",
};
