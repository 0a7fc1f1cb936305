#include "reported_note.hpp"

#include "costpanel/core/format.hpp"
#include "costpanel/core/reported_cost.hpp"

namespace costpanel::ui {

void ReportedNote::clear_sums()
{
    reported_usd = ours_usd = 0.0;
    calls = of_calls = 0;
}

void ReportedNote::add(double reported, double ours, std::uint64_t reported_calls, std::uint64_t all_calls)
{
    reported_usd += reported;
    ours_usd += ours;
    calls += reported_calls;
    of_calls += all_calls;
}

void ReportedNote::format(const char* of)
{
    if (reported_usd == formatted_reported_ && ours_usd == formatted_ours_ && calls == formatted_calls_ &&
        of_calls == formatted_of_)
        return;
    formatted_reported_ = reported_usd;
    formatted_ours_ = ours_usd;
    formatted_calls_ = calls;
    formatted_of_ = of_calls;
    if (calls == 0 || !reported_cost_differs(reported_usd, ours_usd)) {
        text_.clear();
        tooltip_.clear();
        return;
    }
    // Where some calls reported nothing, the figure beside this one is over more calls than it: ours
    // over the same calls goes with it.
    const bool some = calls < of_calls;
    text_ = "reported by the client: " + format_usd(reported_usd);
    if (some) text_ += " (ours " + format_usd(ours_usd) + ")";
    tooltip_ =
        (some ? format_count(calls) + " of the " + counted(of_calls, "call") : counted(calls, "call")) +
        " of " + of + " came with the client's own cost: " + format_usd(reported_usd) + " by the client, " +
        format_usd(ours_usd) +
        " by our prices.\nMore than a cent apart: a price table, ours or the client's, is out of date." +
        (some ? "\nThe calls that reported no cost are in neither figure." : "");
}

}  // namespace costpanel::ui
