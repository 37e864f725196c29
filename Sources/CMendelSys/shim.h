// Small wrappers for Linux calls Swift cannot import (variadic prctl, struct ucred behind _GNU_SOURCE).
#ifndef MENDEL_SYS_SHIM_H
#define MENDEL_SYS_SHIM_H
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/types.h>

/// Makes the process non-dumpable (no core dumps, no ptrace by other uids) and sets RLIMIT_CORE to 0.
static inline int mendel_disable_core_dumps(void) {
    struct rlimit limit = {0, 0};
    int a = setrlimit(RLIMIT_CORE, &limit);
    int b = prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    return (a == 0 && b == 0) ? 0 : -1;
}

/// Reads the peer credentials of a connected Unix socket. Returns 0 on success.
static inline int mendel_peer_credentials(int fd, int *pid, unsigned int *uid, unsigned int *gid) {
    struct { int pid; unsigned int uid; unsigned int gid; } cred;
    socklen_t len = sizeof(cred);
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) { return -1; }
    *pid = cred.pid; *uid = cred.uid; *gid = cred.gid;
    return 0;
}
#endif
