#ifndef GAVEL_CLIBEDIT_SHIM_H
#define GAVEL_CLIBEDIT_SHIM_H
// libedit's readline-compatible API (libedit-dev); its header expects stdio.h first.
#include <stdio.h>
#include <editline/readline.h>
#endif
