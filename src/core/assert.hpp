#pragma once
// Two assertion macros (as userver): OC_ASSERT always checks, OC_DEBUG_ASSERT only in debug builds.
// Both are for broken invariants — never for input a user or peer can send.
#include <cstdio>
#include <cstdlib>

#define OC_ASSERT(cond)                                                                                   \
    do {                                                                                                  \
        if (!(cond)) [[unlikely]] {                                                                       \
            std::fprintf(stderr, "ordercast: assertion failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
            std::abort();                                                                                 \
        }                                                                                                 \
    } while (false)

#ifdef NDEBUG
#define OC_DEBUG_ASSERT(cond) ((void)0)
#else
#define OC_DEBUG_ASSERT(cond) OC_ASSERT(cond)
#endif
