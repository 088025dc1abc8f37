#ifndef GAVEL_CLIBPQ_SHIM_H
#define GAVEL_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
