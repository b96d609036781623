#include <sys/prctl.h>

/// Makes the process non-dumpable (prctl PR_SET_DUMPABLE 0): no core file, and no other
/// process of the same user may read its memory or attach to it. prctl is variadic, which
/// Swift cannot call. Returns 0, or -1 with errno set.
static inline int regctl_disable_dumping(void) {
    return prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}
