#include "CGavelMalloc.h"
#include <malloc.h>

int gavel_release_free_memory(void) {
    return malloc_trim(0);
}
