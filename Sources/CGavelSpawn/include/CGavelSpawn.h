#ifndef GAVEL_CGAVELSPAWN_H
#define GAVEL_CGAVELSPAWN_H
#include <spawn.h>

/// Adds a file action that closes every descriptor from `lowest` up in the child, so a spawned
/// program (initdb, pg_ctl, the postmaster it leaves running) inherits none of the parent's sockets.
int gavel_spawn_file_actions_addclosefrom(posix_spawn_file_actions_t *actions, int lowest);

#endif
