#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

/// renameat2(2) flags: fail if the target exists; swap the two names atomically.
#define REGCTL_RENAME_NOREPLACE 1u
#define REGCTL_RENAME_EXCHANGE 2u

/// renameat2(2) on paths relative to the working directory. glibc declares renameat2 only
/// under _GNU_SOURCE, which Swift's Glibc module does not set, so it is called by number.
/// Returns 0, or -1 with errno set (EINVAL or ENOSYS where the file system lacks the flag).
static inline int regctl_renameat2(const char *_Nonnull from, const char *_Nonnull to, unsigned int flags) {
    return (int)syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, flags);
}
