// The client's own figure beside ours, for a row or a total: sums over the calls that reported a cost,
// and the label and tooltip made of them when the numbers move (never in a frame). Empty, and so not
// drawn, while the two are within a cent.
#pragma once

#include <cstdint>
#include <string>

namespace costpanel::ui {

class ReportedNote
{
public:
    // Over the calls that reported a cost: theirs, and ours for the same calls; and how many calls
    // reported one, of how many in all.
    double reported_usd = 0.0, ours_usd = 0.0;
    std::uint64_t calls = 0, of_calls = 0;
    std::string id;  // the widget id its rectangle is recorded under, "reported/<the row's id>"

    void clear_sums();
    void add(double reported, double ours, std::uint64_t reported_calls, std::uint64_t all_calls);
    // Makes the label and tooltip from the sums, again only when they moved. `of`: what the calls
    // are of, for the tooltip ("this model", "the session").
    void format(const char* of);

    // "reported by the client: $0.52", with "(ours $0.45)" after it when some calls reported nothing
    // (ours beside it is then over more calls); empty: nothing to show.
    const std::string& text() const { return text_; }
    const std::string& tooltip() const { return tooltip_; }

private:
    std::string text_, tooltip_;
    double formatted_reported_ = -1.0, formatted_ours_ = -1.0;
    std::uint64_t formatted_calls_ = ~0ull, formatted_of_ = ~0ull;
};

}  // namespace costpanel::ui
