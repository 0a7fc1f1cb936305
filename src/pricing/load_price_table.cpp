#include "costpanel/core/paths.hpp"
#include "costpanel/core/pricing.hpp"

#include <sys/stat.h>

namespace costpanel {

std::shared_ptr<const PriceTable> load_price_table(const std::string& pricing_file)
{
    if (!pricing_file.empty()) return std::make_shared<const PriceTable>(PriceTable::load_file(pricing_file));
    auto table = std::make_shared<PriceTable>(PriceTable::builtin());
    const std::string user = user_pricing_path();
    struct stat st
    {
    };
    if (stat(user.c_str(), &st) == 0) table->merge_over(PriceTable::load_file(user));
    return table;
}

}  // namespace costpanel
