#include "costpanel/core/id_set.hpp"

#include <cstring>

namespace costpanel {

namespace {

// splitmix64's finaliser: a bijection on 64 bits in which every input bit moves every output bit.
std::uint64_t mix(std::uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

// One 64-bit lane: the length first (so zero padding cannot make two lengths alike), then 8 bytes
// at a time, each folded in through the bijection.
std::uint64_t lane(std::string_view bytes, std::uint64_t seed)
{
    std::uint64_t h = mix(seed ^ bytes.size());
    std::size_t i = 0;
    for (; i + 8 <= bytes.size(); i += 8) {
        std::uint64_t word;
        std::memcpy(&word, bytes.data() + i, 8);
        h = mix(h ^ word);
    }
    if (i < bytes.size()) {
        std::uint64_t word = 0;
        std::memcpy(&word, bytes.data() + i, bytes.size() - i);
        h = mix(h ^ word);
    }
    return h;
}

constexpr std::size_t kFirstSlots = 1024;

}  // namespace

IdSet::Fingerprint IdSet::fingerprint(std::string_view id)
{
    Fingerprint f{lane(id, 0x243f6a8885a308d3ULL), lane(id, 0x13198a2e03707344ULL)};
    if (f.a == 0 && f.b == 0) f.b = 1;  // the empty slot's value is taken
    return f;
}

bool IdSet::place(const Fingerprint& f)
{
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = f.a & mask;; i = (i + 1) & mask) {
        Fingerprint& slot = slots_[i];
        if (slot.a == f.a && slot.b == f.b) return false;
        if (slot.a == 0 && slot.b == 0) {
            slot = f;
            return true;
        }
    }
}

void IdSet::grow()
{
    std::vector<Fingerprint> old;
    old.swap(slots_);
    slots_.resize(old.empty() ? kFirstSlots : old.size() * 2);
    for (const Fingerprint& f : old)
        if (f.a != 0 || f.b != 0) place(f);
}

bool IdSet::insert(std::string_view id)
{
    if ((size_ + 1) * 4 > slots_.size() * 3) grow();  // keeps the load at most 3/4
    if (!place(fingerprint(id))) return false;
    ++size_;
    return true;
}

}  // namespace costpanel
