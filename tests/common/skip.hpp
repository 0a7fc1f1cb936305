// A test that cannot run here skips, saying why; under CI=true it fails instead, since there a skip
// would let the run pass without testing what it claims to.
#pragma once

#include <cstdlib>
#include <string_view>

namespace test {

inline bool in_ci()
{
    const char* ci = std::getenv("CI");
    return ci && std::string_view(ci) == "true";
}

}  // namespace test

// Ends the test case: a warning "skipped: REASON", or under CI=true a failure. REASON may stream (<<);
// the expansion uses Catch2's WARN and FAIL.
#define SKIP_OR_FAIL(reason)                                                                                 \
    do {                                                                                                     \
        if (test::in_ci()) FAIL("CI=true, so this may not be skipped: " << reason);                          \
        WARN("skipped: " << reason);                                                                         \
        return;                                                                                              \
    } while (false)
