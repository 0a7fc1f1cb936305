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
template <class Mask> int check(const char* at, std::string_view needle, Mask mask)
{
    for (; mask != 0; mask &= mask - 1) {
        const int k = __builtin_ctzll(mask);
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

// Blocks of 64 bytes: the newline's mask and, until the needle is found, its candidates' (as
// find_avx2). The last block's loads are masked to the bytes there are. (With 32-byte vectors the
// one pass is no faster than glibc's memchr and then find_avx2: they are kept where AVX-512 is not.)
__attribute__((target("avx512bw"))) const char* line_end_avx512(std::string_view bytes,
                                                                std::string_view needle, bool& has_needle)
{
    const char* h = bytes.data();
    const std::size_t size = bytes.size(), n = needle.size();
    const __m512i newline = _mm512_set1_epi8('\n');
    // Three of the needle's bytes, not two: in JSON a letter and a quote five bytes on are common.
    const __m512i first = _mm512_set1_epi8(needle[0]), second = _mm512_set1_epi8(needle[1]),
                  last = _mm512_set1_epi8(needle.back());
    has_needle = false;
    for (std::size_t i = 0; i < size; i += 64) {
        const std::size_t left = size - i;  // the line's bytes from here
        __m512i a, b, z;
        if (left >= 64 + n - 1) {
            a = _mm512_loadu_si512(h + i);
            b = _mm512_loadu_si512(h + i + 1);
            z = _mm512_loadu_si512(h + i + n - 1);
        } else {
            // What lies past the bytes is loaded as zeros, not read: it may not be there.
            const auto upto = [&](std::size_t skip) {
                const std::size_t count = left > skip ? left - skip : 0;
                return count >= 64 ? ~0ULL : (1ULL << count) - 1;
            };
            a = _mm512_maskz_loadu_epi8(upto(0), h + i);
            b = _mm512_maskz_loadu_epi8(upto(1), h + i + 1);
            z = _mm512_maskz_loadu_epi8(upto(n - 1), h + i + n - 1);
        }
        std::uint64_t nl = _mm512_cmpeq_epi8_mask(a, newline);
        std::uint64_t candidates = _mm512_cmpeq_epi8_mask(a, first) & _mm512_cmpeq_epi8_mask(b, second) &
                                   _mm512_cmpeq_epi8_mask(z, last);
        if (nl) candidates &= (nl & (0 - nl)) - 1;
        if (left < 64 + n - 1) {
            const std::size_t room = left >= n ? left - n + 1 : 0;  // starts that fit
            if (room < 64) candidates &= (1ULL << room) - 1;
        }
        if (candidates && check(h + i, needle, candidates) >= 0) {
            has_needle = true;
            if (nl) return h + i + __builtin_ctzll(nl);
            const std::size_t rest = left > 64 ? i + 64 : size;
            return static_cast<const char*>(std::memchr(h + rest, '\n', size - rest));
        }
        if (nl) return h + i + __builtin_ctzll(nl);
    }
    return nullptr;
}

const bool has_avx512 = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512bw") != 0;
}();

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

const char* find_line_end(std::string_view bytes, std::string_view needle, bool& has_needle, bool vectors)
{
#if defined(__x86_64__)
    if (vectors && has_avx512) return line_end_avx512(bytes, needle, has_needle);
#endif
    const auto* nl = static_cast<const char*>(std::memchr(bytes.data(), '\n', bytes.size()));
    has_needle =
        contains(bytes.substr(0, nl ? static_cast<std::size_t>(nl - bytes.data()) : bytes.size()), needle);
    return nl;
}

}  // namespace costpanel::agentlogs
