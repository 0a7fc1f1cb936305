#include "costpanel/core/pricing.hpp"

#include "platform/text.hpp"

#include <cctype>

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

namespace {

// "-YYYYMMDD", "-YYYY-MM-DD" or "@YYYYMMDD" at the end of an id.
std::string_view without_trailing_date(std::string_view id)
{
    const auto n = id.size();
    if (n > 9 && (id[n - 9] == '-' || id[n - 9] == '@') && all_digits(id.substr(n - 8)))
        return id.substr(0, n - 9);
    if (n > 11 && id[n - 11] == '-' && id[n - 6] == '-' && id[n - 3] == '-' &&
        all_digits(id.substr(n - 10, 4)) && all_digits(id.substr(n - 5, 2)) && all_digits(id.substr(n - 2)))
        return id.substr(0, n - 11);
    return id;
}

// A cloud's wrapping of a provider's id: Bedrock's region and vendor prefixes and version suffix
// ("us.anthropic.claude-sonnet-4-5-20250929-v1:0" is "claude-sonnet-4-5-20250929").
std::string_view without_cloud_wrapping(std::string_view id)
{
    for (const std::string_view region : {"us.", "eu.", "apac.", "jp.", "au.", "global."})
        if (id.starts_with(region)) {
            id.remove_prefix(region.size());
            break;
        }
    for (const std::string_view vendor : {"anthropic.", "meta.", "mistral.", "amazon.", "cohere.", "ai21."})
        if (id.starts_with(vendor)) {
            id.remove_prefix(vendor.size());
            break;
        }
    for (const std::string_view version : {"-v1:0", "-v2:0", ":0"})
        if (id.ends_with(version)) {
            id.remove_suffix(version.size());
            break;
        }
    return id;
}

// "claude-sonnet-4.5" -> "claude-sonnet-4-5": a '.' between two digits written '-'.
std::string dotted_digits_as_dashes(std::string_view id)
{
    std::string out(id);
    for (std::size_t i = 1; i + 1 < out.size(); ++i)
        if (out[i] == '.' && std::isdigit(static_cast<unsigned char>(out[i - 1])) &&
            std::isdigit(static_cast<unsigned char>(out[i + 1])))
            out[i] = '-';
    return out;
}

}  // namespace

PriceTable::Match PriceTable::find(std::string_view model_id) const
{
    if (model_id.empty()) return {};
    // Each step works on what the one before it left, and stops at the first hit.
    if (const ModelPrice* hit = find_key(model_id)) return {hit};
    const std::string lowered = to_lower(model_id);
    if (const ModelPrice* hit = find_key(lowered)) return {hit};
    const std::string_view bare = strip_model_prefix(lowered);
    if (const ModelPrice* hit = find_key(bare)) return {hit};
    const std::string_view unwrapped = without_cloud_wrapping(bare);
    if (unwrapped.size() != bare.size())
        if (const ModelPrice* hit = find_key(unwrapped)) return {hit};
    const std::string_view undated = without_trailing_date(unwrapped);
    if (undated.size() != unwrapped.size())
        if (const ModelPrice* hit = find_key(undated)) return {hit};
    const std::string dashed = dotted_digits_as_dashes(undated);
    if (dashed != undated) {
        if (const ModelPrice* hit = find_key(dashed)) return {hit};
        if (const std::string_view d = without_trailing_date(dashed); d.size() != dashed.size())
            if (const ModelPrice* hit = find_key(d)) return {hit};
    }
    // A guess, said so: the longest key the id extends at a boundary, scanned from the right.
    for (const std::string_view id : {unwrapped, undated, std::string_view(dashed)}) {
        for (std::size_t i = id.size(); i-- > 1;) {
            const char c = id[i];
            if (c != '-' && c != '.' && c != ':' && c != '@') continue;
            if (const ModelPrice* hit = find_key(id.substr(0, i))) return {hit, true};
        }
    }
    return {};
}

}  // namespace costpanel
