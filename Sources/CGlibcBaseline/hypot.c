// The static Swift runtime calls hypot and hypotf, which glibc 2.35 gave a new default
// version (GLIBC_2.35). Defined here, in the executable, they take precedence over libm's
// and forward to the versions every glibc since 2.2.5 (x86_64) or 2.17 (aarch64) has: the
// same computation behind glibc's former error-handling wrapper (errno on overflow, as
// before). The release binary then starts on glibc 2.34 (RHEL 9), as scripts/check-symbols
// proves. Hidden, so that the executable does not export them: libm's versioned hypot
// would then resolve to the executable's own, which calls itself.
#if defined(__x86_64__)
#define REGCTL_OLD_LIBM "GLIBC_2.2.5"
#elif defined(__aarch64__)
#define REGCTL_OLD_LIBM "GLIBC_2.17"
#else
#error "the libm versions of hypot and hypotf are known for x86_64 and aarch64 only"
#endif

double regctl_libm_hypot(double x, double y);
float regctl_libm_hypotf(float x, float y);
__asm__(".symver regctl_libm_hypot, hypot@" REGCTL_OLD_LIBM);
__asm__(".symver regctl_libm_hypotf, hypotf@" REGCTL_OLD_LIBM);

__attribute__((visibility("hidden"))) double hypot(double x, double y) { return regctl_libm_hypot(x, y); }
__attribute__((visibility("hidden"))) float hypotf(float x, float y) { return regctl_libm_hypotf(x, y); }
