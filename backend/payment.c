/*
 * payment.c: the payment service (being written).
 */
#include "svc.h"

const struct svc_def payment_service = {
	.name = "payment",
};
