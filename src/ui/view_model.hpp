// The panel's cached rows and strings. Rebuilt only when the session's version, the sort order or
// an open/closed provider changes, or once a second for the clock-driven texts: a frame where nothing
// changed only reads it.
#pragma once

#include "costpanel/core/session_state.hpp"
#include "costpanel/core/time.hpp"
#include "costpanel/engine/vitals.hpp"
#include "reported_note.hpp"

#include <chrono>
#include <deque>
#include <functional>
#include <set>
#include <string>
#include <vector>

namespace costpanel::ui {

// A formatted number and its width in the current font, for right alignment without measuring
// every frame.
struct Cell
{
    std::string text;
    float width = 0.f;
};

// A cell measured in the current font (call inside a frame).
Cell make_cell(std::string text);
// The same, in place: the string keeps its buffer and is measured again only when it changed.
void set_cell(Cell& cell, const std::string& text);
// 0.123 -> "12.3%".
std::string format_percent(double fraction);

struct ModelRowView
{
    std::string id;     // "model/<provider>/<model>"
    std::string label;  // the model id, and "(unpriced)", "(as KEY)" or "(standard rates)" after it
    std::string note;   // the hover text that says what such a mark means; empty for a plain row
    bool priced = true;
    bool standard_rate = false;  // some calls of a service tier the model has no rates for
    std::size_t source = 0;      // its index in SessionState::models()
    double values[7] = {};       // calls, input, output, cache read, cache write, cost, share
    Cell cells[7];
    ReportedNote reported;  // the client's own figure, where it is not ours
};

struct ProviderRowView
{
    std::string id;  // "provider/<name>"
    std::string name;
    std::string label;  // "anthropic  (2 models)"
    bool open = true;
    double values[7] = {};
    Cell cells[7];
    ReportedNote reported;
    std::vector<ModelRowView> models;
};

// One visible line of the models table: a provider, or one of its models when it is open.
struct FlatRow
{
    int provider;
    int model;  // -1: the provider's own row
};

struct TierRowView
{
    std::string id;  // "tier/<name>"
    std::string name;
    std::string model;  // "-" when unknown, "(unpriced)" appended when its model has no price
    bool active = false;
    double share = 0.0;
    Cell cells[4];  // input, output, cost, share
};

struct SessionCardView
{
    std::string total;
    std::string calls;
    std::string tokens[4];          // input, output, cache read, cache write
    std::string compact_tokens[2];  // "input / output", "cache read / write": for a narrow panel
    std::string burn;               // "$1.23/h" over the burn window, or "-"
    std::string started;            // "started 10:32:05 · 12m"
    std::string unpriced;           // empty, or the lower-bound warning
    std::string estimate;           // empty, or how many calls were priced by a guess or at standard rates
    std::string status;             // "executing · Tier 3 active", or empty
    ReportedNote reported;          // under the total: the clients' own figure, where it is not ours
};

struct ToolbarView
{
    std::string sources;
    std::string sources_list;  // the same, one source a line: the tooltip of a line cut off
    std::string history;       // "log history 45% of 812 MB read into the store", or empty when none or done
    std::string rate;          // "12.5 events/s"
    std::string rejected;      // "3 rejected", or empty
    std::vector<std::string> reasons;
};

// Column order of the models table; sorting uses the same indices into `values`.
enum ModelColumn
{
    kCalls,
    kInput,
    kOutput,
    kCacheRead,
    kCacheWrite,
    kCost,
    kShare,
    kModelColumns
};

// Below this many font heights of width the panel drops its token columns: a narrow dock stays
// readable instead of squeezing the model names away.
inline constexpr float kCompactWidthInFonts = 46.f;

class ViewModel
{
public:
    // Brings the cache up to date from plain data; returns true when anything was rebuilt.
    bool refresh(const SessionState& state, const Vitals& vitals, float burn_window_s);
    // Re-sorts the model rows: column -1 is the name, else a ModelColumn; then re-flattens.
    void sort_models(int column, bool ascending);
    // Opens or closes a provider's models.
    void toggle_provider(const std::string& provider);

    std::vector<ProviderRowView> providers;
    std::vector<FlatRow> flat;
    std::vector<TierRowView> tiers;
    SessionCardView card;
    ToolbarView toolbar;
    // The clock behind session length, burn rate and events per second; tests may stop it.
    std::function<std::chrono::steady_clock::time_point()> clock = [] {
        return std::chrono::steady_clock::now();
    };
    std::string store_problem;              // non-empty: history is not being saved, and why
    std::string posts_label = "no source";  // what the toolbar names when only the host posts
    TimeZone zone = TimeZone::local();      // the clock the session's start is shown in
    bool has_data = false;
    bool live = false;  // an event arrived within the burn window: the clock texts move each second
    std::uint64_t rebuilds = 0;

private:
    using Clock = std::chrono::steady_clock;
    void rebuild_rows(const SessionState& state);
    // Rebuilds the model rows from nothing, or (the common case while events stream in: the same
    // models, new numbers) updates them where they are, which allocates nothing.
    void build_model_rows(const SessionState& state);
    bool update_model_rows(const SessionState& state);
    void build_tier_rows(const SessionState& state);
    void rebuild_clock_texts(const SessionState& state, const Vitals& vitals, float burn_window_s);
    void flatten();

    std::uint64_t version_ = ~0ull;
    std::uint64_t session_ = 0;
    std::uint64_t rows_session_ = 0;  // the session the model rows were built for
    std::size_t row_count_ = 0;       // how many of its models they hold
    std::vector<std::pair<ProviderRowView*, ModelRowView*>> by_source_;  // scratch for update_model_rows
    std::uint64_t reasons_for_ = ~0ull;  // the rejection count toolbar.reasons were built at
    std::set<std::string> closed_;       // providers the user closed
    int sort_column_ = kCost;
    bool sort_ascending_ = false;

    TimeMs session_started_ = now_ms();
    Clock::time_point last_tick_{};
    Clock::time_point last_event_{};
    std::deque<std::pair<Clock::time_point, double>> cost_samples_;
    std::deque<std::pair<Clock::time_point, std::uint64_t>> line_samples_;
};

}  // namespace costpanel::ui
