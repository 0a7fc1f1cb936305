// costpanel: a hash map from 64-bit keys (themselves hashes: of an id, a message) to small values, in one
// array: open addressing, linear probing, deletion by backward shift. A log of a million calls asks
// it a few million times; std::unordered_map would allocate a node for each entry and chase it.
//
// Usage:
//   costpanel::U64Map<Slot> slots;
//   slots[hash_of(id)] = slot;
//   if (Slot* s = slots.find(hash_of(id))) ...
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace costpanel {

template <class V> class U64Map
{
public:
    V* find(std::uint64_t key)
    {
        if (slots_.empty()) return nullptr;
        key = stored(key);
        for (std::size_t i = home(key);; i = next(i)) {
            if (slots_[i].key == key) return &slots_[i].value;
            if (slots_[i].key == 0) return nullptr;
        }
    }
    const V* find(std::uint64_t key) const { return const_cast<U64Map*>(this)->find(key); }

    // The value under `key`, made from `value` when there was none; true when it was made. The
    // pointer lives until the next call that adds.
    std::pair<V*, bool> try_emplace(std::uint64_t key, V value = V{})
    {
        if ((size_ + 1) * 4 > slots_.size() * 3) grow();
        key = stored(key);
        for (std::size_t i = home(key);; i = next(i)) {
            if (slots_[i].key == key) return {&slots_[i].value, false};
            if (slots_[i].key == 0) {
                slots_[i] = {key, std::move(value)};
                ++size_;
                return {&slots_[i].value, true};
            }
        }
    }
    V& operator[](std::uint64_t key) { return *try_emplace(key).first; }

    bool erase(std::uint64_t key)
    {
        if (slots_.empty()) return false;
        key = stored(key);
        std::size_t i = home(key);
        while (slots_[i].key != key) {
            if (slots_[i].key == 0) return false;
            i = next(i);
        }
        // Backward shift: each later entry of the run that may live at the hole moves into it, so that
        // no probe ever stops early at an emptied slot (no tombstones to sweep).
        for (std::size_t hole = i, j = next(i);; j = next(j)) {
            if (slots_[j].key == 0) {
                slots_[hole] = Slot{};
                break;
            }
            const std::size_t want = home(slots_[j].key);
            // j's entry may move to the hole when its home is not in the cyclic range (hole, j].
            if ((j > hole && (want <= hole || want > j)) || (j < hole && want <= hole && want > j)) {
                slots_[hole] = std::move(slots_[j]);
                hole = j;
            }
        }
        --size_;
        return true;
    }

    std::size_t size() const { return size_; }
    // Calls f(key, value) for each entry, in no order (a key of 0 is seen as 1).
    template <class F> void for_each(F&& f) const
    {
        for (const Slot& s : slots_)
            if (s.key != 0) f(s.key, s.value);
    }
    void reserve(std::size_t n)
    {
        while (n * 4 > slots_.size() * 3) grow();
    }

private:
    struct Slot
    {
        std::uint64_t key = 0;  // 0: empty (a key of 0 is kept as 1: see stored())
        V value{};
    };
    // Keys are hashes already; a key of 0 shares its slot with 1, as two colliding hashes would.
    static std::uint64_t stored(std::uint64_t key) { return key ? key : 1; }
    // The key's own bits, mixed (splitmix64's finaliser), pick its home: keys made by combining
    // hashes need not spread well in their low bits.
    std::size_t home(std::uint64_t key) const
    {
        key ^= key >> 30;
        key *= 0xbf58476d1ce4e5b9ULL;
        key ^= key >> 27;
        key *= 0x94d049bb133111ebULL;
        key ^= key >> 31;
        return static_cast<std::size_t>(key) & (slots_.size() - 1);
    }
    std::size_t next(std::size_t i) const { return (i + 1) & (slots_.size() - 1); }
    void grow()
    {
        std::vector<Slot> old(slots_.empty() ? 64 : slots_.size() * 2);
        old.swap(slots_);
        size_ = 0;
        for (Slot& s : old)
            if (s.key != 0) {
                for (std::size_t i = home(s.key);; i = next(i))
                    if (slots_[i].key == 0) {
                        slots_[i] = std::move(s);
                        break;
                    }
                ++size_;
            }
    }

    std::vector<Slot> slots_;  // a power of two in size, or empty; at most three quarters full
    std::size_t size_ = 0;
};

}  // namespace costpanel
