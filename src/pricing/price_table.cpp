#include "costpanel/core/pricing.hpp"

#include "platform/text.hpp"

namespace costpanel {

void PriceTable::insert(ModelPrice price, const std::vector<std::string>& aliases)
{
    const auto existing = index_.find(price.key);
    std::size_t slot;
    if (existing != index_.end() && entries_[existing->second].key == price.key) {
        slot = existing->second;
        entries_[slot] = std::move(price);
    } else {
        slot = entries_.size();
        entries_.push_back(std::move(price));
    }
    index_[entries_[slot].key] = slot;
    for (const std::string& alias : aliases) index_[alias] = slot;
}

void PriceTable::merge_over(const PriceTable& over)
{
    // Rebuild the aliases of `over` against our slots: keys first, then aliases pointing at them.
    for (const ModelPrice& price : over.entries_) insert(price);
    for (const auto& [name, slot] : over.index_) {
        const std::string& target = over.entries_[slot].key;
        if (name != target) index_[name] = index_.at(target);
    }
    if (!over.checked_.empty()) checked_ = over.checked_;
}

const ModelPrice* PriceTable::find_key(std::string_view key) const
{
    const auto it = index_.find(std::string(key));
    return it == index_.end() ? nullptr : &entries_[it->second];
}

// "-YYYYMMDD", "-YYYY-MM-DD" or "@YYYYMMDD" at the end of an id.
static std::string_view without_trailing_date(std::string_view id)
{
    const auto n = id.size();
    if (n > 9 && (id[n - 9] == '-' || id[n - 9] == '@') && all_digits(id.substr(n - 8)))
        return id.substr(0, n - 9);
    if (n > 11 && id[n - 11] == '-' && id[n - 6] == '-' && id[n - 3] == '-' &&
        all_digits(id.substr(n - 10, 4)) && all_digits(id.substr(n - 5, 2)) && all_digits(id.substr(n - 2)))
        return id.substr(0, n - 11);
    return id;
}

const ModelPrice* PriceTable::match(std::string_view model_id) const
{
    if (model_id.empty()) return nullptr;
    if (const ModelPrice* hit = find_key(model_id)) return hit;
    const std::string lowered = to_lower(model_id);
    if (const ModelPrice* hit = find_key(lowered)) return hit;
    const std::string_view bare = strip_model_prefix(lowered);
    if (const ModelPrice* hit = find_key(bare)) return hit;
    const std::string_view undated = without_trailing_date(bare);
    if (undated.size() != bare.size())
        if (const ModelPrice* hit = find_key(undated)) return hit;
    // The longest key the id extends at a boundary: scan boundaries from the right.
    for (const std::string_view id : {bare, undated}) {
        for (std::size_t i = id.size(); i-- > 1;) {
            const char c = id[i];
            if (c != '-' && c != '.' && c != ':' && c != '@') continue;
            if (const ModelPrice* hit = find_key(id.substr(0, i))) return hit;
        }
    }
    return nullptr;
}

}  // namespace costpanel
