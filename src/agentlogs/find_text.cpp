#include "find_text.hpp"

#include <cstring>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace costpanel::agentlogs {

namespace {

// Wojciech Muła's "SIMD-friendly" search: of a block of candidate starts, only those with the
// needle's first byte at the start and its last byte where it would end are checked in full, and
// in text those are few.
#if defined(__x86_64__)

bool check(const char* at, std::string_view needle, unsigned mask)
{
    for (; mask != 0; mask &= mask - 1)
        if (std::memcmp(at + __builtin_ctz(mask) + 1, needle.data() + 1, needle.size() - 2) == 0) return true;
    return false;
}

// SSE2 is the x86-64 baseline: every such CPU runs it.
bool contains_sse2(std::string_view haystack, std::string_view needle, std::size_t& done)
{
    const char* h = haystack.data();
    const std::size_t n = needle.size();
    const __m128i first = _mm_set1_epi8(needle.front()), last = _mm_set1_epi8(needle.back());
    std::size_t i = 0;
    for (; i + n - 1 + 16 <= haystack.size(); i += 16) {
        const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(h + i));
        const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(h + i + n - 1));
        const auto mask = static_cast<unsigned>(
            _mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(a, first), _mm_cmpeq_epi8(b, last))));
        if (mask && check(h + i, needle, mask)) return true;
    }
    done = i;
    return false;
}

__attribute__((target("avx2"))) bool contains_avx2(std::string_view haystack, std::string_view needle,
                                                   std::size_t& done)
{
    const char* h = haystack.data();
    const std::size_t n = needle.size();
    const __m256i first = _mm256_set1_epi8(needle.front()), last = _mm256_set1_epi8(needle.back());
    std::size_t i = 0;
    for (; i + n - 1 + 32 <= haystack.size(); i += 32) {
        const __m256i a = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(h + i));
        const __m256i b = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(h + i + n - 1));
        const auto mask = static_cast<unsigned>(
            _mm256_movemask_epi8(_mm256_and_si256(_mm256_cmpeq_epi8(a, first), _mm256_cmpeq_epi8(b, last))));
        if (mask && check(h + i, needle, mask)) return true;
    }
    done = i;
    return false;
}

const bool has_avx2 = [] {
    __builtin_cpu_init();  // before main: the features may not have been read yet
    return __builtin_cpu_supports("avx2") != 0;
}();

#endif

}  // namespace

bool contains(std::string_view haystack, std::string_view needle)
{
    std::size_t done = 0;
#if defined(__x86_64__)
    if (needle.size() >= 2 && haystack.size() >= needle.size()) {
        if (has_avx2 ? contains_avx2(haystack, needle, done) : contains_sse2(haystack, needle, done))
            return true;
    }
#endif
    // The bytes too few for a block (and every byte where there are no vectors).
    return haystack.substr(done).find(needle) != std::string_view::npos;
}

}  // namespace costpanel::agentlogs
