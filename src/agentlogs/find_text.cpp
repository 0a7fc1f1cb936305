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

// The needle's inner bytes at each candidate; a loop, not memcmp: they are a handful, and a call a
// candidate cost more than the comparison.
// The offset from `at` of the first candidate that is the needle, or -1.
int check(const char* at, std::string_view needle, unsigned mask)
{
    for (; mask != 0; mask &= mask - 1) {
        const int k = __builtin_ctz(mask);
        std::size_t i = 1;
        while (i + 1 < needle.size() && at[k + i] == needle[i]) ++i;
        if (i + 1 >= needle.size()) return k;
    }
    return -1;
}

// SSE2 is the x86-64 baseline: every such CPU runs it.
std::size_t find_sse2(std::string_view haystack, std::string_view needle, std::size_t& done)
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
        if (mask)
            if (const int k = check(h + i, needle, mask); k >= 0) return i + static_cast<std::size_t>(k);
    }
    done = i;
    return std::string_view::npos;
}

__attribute__((target("avx2"))) std::size_t find_avx2(std::string_view haystack, std::string_view needle,
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
        if (mask)
            if (const int k = check(h + i, needle, mask); k >= 0) return i + static_cast<std::size_t>(k);
    }
    done = i;
    return std::string_view::npos;
}

const bool has_avx2 = [] {
    __builtin_cpu_init();  // before main: the features may not have been read yet
    return __builtin_cpu_supports("avx2") != 0;
}();

#endif

}  // namespace

std::size_t find_text(std::string_view haystack, std::string_view needle)
{
    std::size_t done = 0;
#if defined(__x86_64__)
    if (needle.size() >= 2 && haystack.size() >= needle.size()) {
        const std::size_t at =
            has_avx2 ? find_avx2(haystack, needle, done) : find_sse2(haystack, needle, done);
        if (at != std::string_view::npos) return at;
    }
#endif
    // The bytes too few for a block (and every byte where there are no vectors).
    const std::size_t at = haystack.substr(done).find(needle);
    return at == std::string_view::npos ? at : done + at;
}

bool contains(std::string_view haystack, std::string_view needle)
{
    return find_text(haystack, needle) != std::string_view::npos;
}

}  // namespace costpanel::agentlogs
