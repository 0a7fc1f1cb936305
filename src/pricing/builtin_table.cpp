#include "costpanel/core/pricing.hpp"

namespace costpanel {

namespace embedded {
extern const std::string_view pricing_json;  // assets/pricing.json, embedded at build time
}

const PriceTable& PriceTable::builtin()
{
    // The embedded file is checked by a unit test, so a parse error here is a build that was never tested.
    static const PriceTable table = parse(embedded::pricing_json, "built-in assets/pricing.json");
    return table;
}

}  // namespace costpanel
