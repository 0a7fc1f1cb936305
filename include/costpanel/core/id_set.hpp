// The event ids seen since the process started (PROTOCOL.md: a repeated id is a duplicate for the
// life of the process, across resets), kept as 128-bit fingerprints in one open-addressed table.
//
// A set of std::string costs a node, a bucket and often a heap string per id (over 100 bytes for a
// UUID); this costs 16 bytes a slot whatever the id's length, 21 to 43 bytes an id with the table's
// load between 3/8 and 3/4. Two different ids share a fingerprint with probability about
// n^2 / 2^129: 1.5e-21 after a billion ids, far below the odds of a memory error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace costpanel {

class IdSet
{
public:
    // False when the id was already there.
    bool insert(std::string_view id);
    std::size_t size() const { return size_; }
    std::size_t bytes() const { return slots_.capacity() * sizeof(Fingerprint); }

private:
    struct Fingerprint
    {
        std::uint64_t a = 0, b = 0;  // both 0: an empty slot (no id's fingerprint is, see fingerprint())
    };
    static Fingerprint fingerprint(std::string_view id);
    bool place(const Fingerprint& f);  // false when already there
    void grow();

    std::vector<Fingerprint> slots_;  // a power of two in size, or empty
    std::size_t size_ = 0;
};

}  // namespace costpanel
