#ifndef GAVEL_CGAVELMALLOC_H
#define GAVEL_CGAVELMALLOC_H

/// Returns the heap's free memory to the system (glibc's malloc_trim(0)); 1 if any was returned.
/// A function of our own because Swift's Glibc module does not export <malloc.h>.
int gavel_release_free_memory(void);

#endif
