#include "view_model.hpp"

#include "costpanel/core/format.hpp"

#include <algorithm>
#include <imgui.h>
#include <map>

namespace costpanel::ui {

namespace {

// Burn rate needs this much history before it means anything.
constexpr auto kMinBurnSpan = std::chrono::seconds(10);
constexpr auto kRateSpan = std::chrono::seconds(5);
constexpr std::size_t kShownReasons = 8;

void fill_cells(Cell* cells, const double* v)
{
    for (int c = 0; c < kModelColumns; ++c) {
        if (c == kCost)
            set_cell(cells[c], format_usd(v[c]));
        else if (c == kShare)
            set_cell(cells[c], format_percent(v[c]));
        else
            set_cell(cells[c], format_count(static_cast<std::int64_t>(v[c])));
    }
}

// A model's numbers as the table's columns, share of the session total included.
void model_values(const ModelUsage& m, double total, double* v)
{
    v[kCalls] = static_cast<double>(m.calls);
    v[kInput] = static_cast<double>(m.tokens.input);
    v[kOutput] = static_cast<double>(m.tokens.output);
    v[kCacheRead] = static_cast<double>(m.tokens.cache_read);
    v[kCacheWrite] = static_cast<double>(m.tokens.cache_write + m.tokens.cache_write_1h);
    v[kCost] = m.cost_usd;
    v[kShare] = total > 0 ? m.cost_usd / total : 0.0;
}

// A model row's label and what its mark means: the figures of such a row are a bound or a guess.
void label_row(ModelRowView& row, const ModelUsage& m)
{
    row.priced = m.priced;
    row.standard_rate = m.standard_rate_calls > 0;
    row.label = m.model;
    row.note.clear();
    if (!m.priced) {
        row.label += "  (unpriced)";
        row.note = "No price entry matches this model: its calls count as $0.\n"
                   "Add it to ~/.config/costpanel/pricing.json.";
        return;
    }
    if (m.approximate) {
        row.label += "  (as " + m.priced_as + ")";
        row.note = "No price entry is this model; it is priced as " + m.priced_as +
                   ", the longest entry its id extends.\nThe figure is a guess: add the model to "
                   "~/.config/costpanel/pricing.json.";
    }
    if (row.standard_rate) {
        row.label += "  (standard rates)";
        if (!row.note.empty()) row.note += "\n";
        row.note += format_count(m.standard_rate_calls) + (m.standard_rate_calls == 1 ? " call" : " calls") +
                    " asked for a service tier (priority, flex, batch) this model has no rates for,\n"
                    "and were priced at standard rates: the figure may be high or low.";
    }
}

// A model's note on the client's figure; its sums go into its provider's too.
void note_reported(ReportedNote& model, ReportedNote& provider, const ModelUsage& m)
{
    model.clear_sums();
    model.add(m.reported_cost_usd, m.reported_calls_cost_usd, m.reported_calls, m.calls);
    model.format("this model");
    provider.add(m.reported_cost_usd, m.reported_calls_cost_usd, m.reported_calls, m.calls);
}

std::string duration(std::chrono::seconds s)
{
    const long long m = s.count() / 60;
    if (m < 1) return "<1m";
    if (m < 60) return std::to_string(m) + "m";
    return std::to_string(m / 60) + "h " + std::to_string(m % 60) + "m";
}

}  // namespace

Cell make_cell(std::string text)
{
    const float width = ImGui::CalcTextSize(text.c_str()).x;
    return Cell{std::move(text), width};
}

void set_cell(Cell& cell, const std::string& text)
{
    if (cell.text == text) return;
    cell.text = text;
    cell.width = ImGui::CalcTextSize(cell.text.c_str()).x;
}

std::string format_percent(double fraction)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", fraction * 100.0);
    return buf;
}

bool ViewModel::refresh(const SessionState& state, const Vitals& vitals, float burn_window_s)
{
    const auto now = clock();
    bool changed = false;
    if (state.version() != version_) {
        if (state.session_number() != session_) {
            session_ = state.session_number();
            session_started_ = now_ms();
            cost_samples_.clear();
        }
        if (version_ != ~0ull) last_event_ = now;
        version_ = state.version();
        rebuild_rows(state);
        changed = true;
    }
    if (changed || now - last_tick_ >= std::chrono::seconds(1)) {
        last_tick_ = now;
        rebuild_clock_texts(state, vitals, burn_window_s);
    }
    live = has_data && now - last_event_ < std::chrono::duration<float>(burn_window_s);
    return changed;
}

void ViewModel::rebuild_rows(const SessionState& state)
{
    ++rebuilds;
    const SessionTotals& t = state.totals();
    const double total = t.cost_usd;
    has_data = state.counters().total() > 0;

    if (!update_model_rows(state)) build_model_rows(state);
    sort_models(sort_column_, sort_ascending_);
    build_tier_rows(state);

    card.total = format_usd(total);
    card.calls = format_count(t.calls) + (t.calls == 1 ? " call" : " calls");
    if (t.failed_calls) card.calls += " (" + format_count(t.failed_calls) + " failed)";
    card.tokens[0] = format_count(t.tokens.input);
    card.tokens[1] = format_count(t.tokens.output);
    card.tokens[2] = format_count(t.tokens.cache_read);
    card.tokens[3] = format_count(t.tokens.cache_write + t.tokens.cache_write_1h);
    card.compact_tokens[0] = card.tokens[0] + " / " + card.tokens[1];
    card.compact_tokens[1] = card.tokens[2] + " / " + card.tokens[3];
    card.unpriced.clear();
    if (t.unpriced_calls)
        card.unpriced = format_count(t.unpriced_calls) + (t.unpriced_calls == 1 ? " call" : " calls") +
                        " of unpriced models: the total is a lower bound";
    card.estimate.clear();
    if (t.standard_rate_calls)
        card.estimate = format_count(t.standard_rate_calls) +
                        (t.standard_rate_calls == 1 ? " call" : " calls") +
                        " of a service tier without published rates, priced at standard rates";
    if (card.reported.id.empty()) card.reported.id = "reported/session_total";
    card.reported.clear_sums();
    card.reported.add(t.reported_cost_usd, t.reported_calls_cost_usd, t.reported_calls, t.calls);
    card.reported.format("the session");
    card.status.clear();
    if (state.status()) card.status = *state.status();
    if (state.active_tier())
        card.status += (card.status.empty() ? "" : " · ") + *state.active_tier() + " active";

    // The recent rejections change only with their count.
    if (const std::uint64_t rejected = state.counters().rejected; rejected != reasons_for_) {
        reasons_for_ = rejected;
        toolbar.rejected = rejected ? format_count(rejected) + " rejected" : std::string();
        toolbar.reasons.clear();
        const auto& recent = state.recent_rejections();
        for (auto it = recent.rbegin(); it != recent.rend() && toolbar.reasons.size() < kShownReasons; ++it)
            toolbar.reasons.push_back(it->origin.source + ":" + std::to_string(it->origin.line) + "  " +
                                      it->reason);
    }
}

void ViewModel::build_model_rows(const SessionState& state)
{
    const double total = state.totals().cost_usd;
    providers.clear();
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < state.models().size(); ++i) {
        const ModelUsage& m = state.models()[i];
        const auto [it, inserted] = index.try_emplace(m.provider, providers.size());
        if (inserted) {
            ProviderRowView p;
            p.name = m.provider;
            p.id = "provider/" + m.provider;
            p.open = !closed_.contains(m.provider);
            p.reported.id = "reported/" + p.id;
            providers.push_back(std::move(p));
        }
        ProviderRowView& p = providers[it->second];
        ModelRowView row;
        row.id = "model/" + m.provider + "/" + m.model;
        row.priced = m.priced;
        row.source = i;
        label_row(row, m);
        model_values(m, total, row.values);
        for (int c = 0; c < kModelColumns; ++c) p.values[c] += row.values[c];
        row.reported.id = "reported/" + row.id;
        note_reported(row.reported, p.reported, m);
        p.models.push_back(std::move(row));
    }
    for (ProviderRowView& p : providers) {
        for (ModelRowView& m : p.models) fill_cells(m.cells, m.values);
        fill_cells(p.cells, p.values);
        p.reported.format("this provider");
        p.label = p.name + "  (" + std::to_string(p.models.size()) +
                  (p.models.size() == 1 ? " model)" : " models)");
    }
    rows_session_ = state.session_number();
    row_count_ = state.models().size();
}

bool ViewModel::update_model_rows(const SessionState& state)
{
    // Within a session the state only appends models, so the same count means the same rows.
    const std::vector<ModelUsage>& models = state.models();
    if (state.session_number() != rows_session_ || models.size() != row_count_) return false;
    by_source_.assign(models.size(), {nullptr, nullptr});
    for (ProviderRowView& p : providers) {
        std::fill(std::begin(p.values), std::end(p.values), 0.0);
        p.reported.clear_sums();
        for (ModelRowView& m : p.models) by_source_[m.source] = {&p, &m};
    }
    const double total = state.totals().cost_usd;
    for (std::size_t i = 0; i < models.size(); ++i) {
        auto [p, row] = by_source_[i];
        // A mark that changes (the first call at standard rates) changes the label: rebuild.
        if (row->priced != models[i].priced || row->standard_rate != (models[i].standard_rate_calls > 0))
            return false;
        model_values(models[i], total, row->values);
        for (int c = 0; c < kModelColumns; ++c) p->values[c] += row->values[c];
        fill_cells(row->cells, row->values);
        note_reported(row->reported, p->reported, models[i]);
    }
    for (ProviderRowView& p : providers) {
        fill_cells(p.cells, p.values);
        p.reported.format("this provider");
    }
    return true;
}

void ViewModel::build_tier_rows(const SessionState& state)
{
    const std::vector<TierRow>& rows = state.tiers();
    if (tiers.size() != rows.size()) tiers.assign(rows.size(), TierRowView{});
    double tier_total = 0.0;
    for (const TierRow& r : rows) tier_total += r.cost_usd;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const TierRow& r = rows[i];
        TierRowView& v = tiers[i];
        if (v.name != r.tier) {
            v.name = r.tier;
            v.id = "tier/" + r.tier;
        }
        v.model.assign(r.model.empty() ? std::string_view("-") : std::string_view(r.model));
        if (!r.priced) v.model += "  (unpriced)";
        v.active = state.active_tier() && *state.active_tier() == r.tier;
        v.share = tier_total > 0 ? r.cost_usd / tier_total : 0.0;
        set_cell(v.cells[0], format_count(r.tokens.input));
        set_cell(v.cells[1], format_count(r.tokens.output));
        set_cell(v.cells[2], format_usd(r.cost_usd));
        set_cell(v.cells[3], format_percent(v.share));
    }
}

void ViewModel::rebuild_clock_texts(const SessionState& state, const Vitals& vitals, float burn_window_s)
{
    // The store's health is looked at with the clock: once a second is soon enough for a banner.
    store_problem.clear();
    if (vitals.store && !vitals.store->saving) store_problem = vitals.store->problem;

    const auto now = clock();
    const auto window =
        std::chrono::duration_cast<Clock::duration>(std::chrono::duration<float>(burn_window_s));

    // Burn rate: the cost added over the window, per hour of the time it really spans.
    cost_samples_.emplace_back(now, state.totals().cost_usd);
    while (cost_samples_.size() > 1 && now - cost_samples_.front().first > window) cost_samples_.pop_front();
    const auto span = now - cost_samples_.front().first;
    if (span >= kMinBurnSpan) {
        const double per_hour = (state.totals().cost_usd - cost_samples_.front().second) /
                                std::chrono::duration<double>(span).count() * 3600.0;
        card.burn = format_usd(per_hour) + "/h";
    } else {
        card.burn = "-";  // not enough history yet
    }
    const auto since = std::chrono::duration_cast<std::chrono::seconds>(
        std::chrono::milliseconds(now_ms() - session_started_));
    card.started = "started " + zone.clock_of(session_started_) + " · " + duration(since);

    const IngestStats& stats = vitals.ingest;
    line_samples_.emplace_back(now, stats.lines);
    while (line_samples_.size() > 1 && now - line_samples_.front().first > kRateSpan)
        line_samples_.pop_front();
    const double rate_span = std::chrono::duration<double>(now - line_samples_.front().first).count();
    char buf[48];
    std::snprintf(
        buf, sizeof buf, "%.1f events/s",
        rate_span > 0.5 ? static_cast<double>(stats.lines - line_samples_.front().second) / rate_span : 0.0);
    toolbar.rate = buf;

    toolbar.sources.clear();
    toolbar.sources_list.clear();
    for (const std::string& n : vitals.sources) {
        toolbar.sources += (toolbar.sources.empty() ? "" : ", ") + n;
        toolbar.sources_list += n + "\n";
    }
    if (toolbar.sources.empty()) toolbar.sources = posts_label;
    if (stats.writers)
        toolbar.sources += " · " + std::to_string(stats.writers) +
                           (stats.writers == 1 ? " writer" : " writers") + " connected";
    if (stats.log_lines_skipped)
        toolbar.sources += " · " + format_count(stats.log_lines_skipped) + " log lines not usage";

    toolbar.history.clear();
    if (stats.history_bytes_done < stats.history_bytes) {
        std::snprintf(buf, sizeof buf, "log history %d%% of %.0f MB",
                      static_cast<int>(100 * stats.history_bytes_done / stats.history_bytes),
                      static_cast<double>(stats.history_bytes) / 1e6);
        toolbar.history = std::string(buf) + " read into the store";
    }
}

void ViewModel::sort_models(int column, bool ascending)
{
    sort_column_ = column;
    sort_ascending_ = ascending;
    const auto less = [&](const auto& a, const auto& b, const std::string& an, const std::string& bn) {
        if (column < 0 || a.values[column] == b.values[column]) return ascending ? an < bn : an > bn;
        return ascending ? a.values[column] < b.values[column] : a.values[column] > b.values[column];
    };
    for (ProviderRowView& p : providers)
        std::sort(p.models.begin(), p.models.end(),
                  [&](const ModelRowView& a, const ModelRowView& b) { return less(a, b, a.label, b.label); });
    std::sort(providers.begin(), providers.end(),
              [&](const ProviderRowView& a, const ProviderRowView& b) { return less(a, b, a.name, b.name); });
    flatten();
}

void ViewModel::toggle_provider(const std::string& provider)
{
    const auto it = std::find_if(providers.begin(), providers.end(),
                                 [&](const ProviderRowView& p) { return p.name == provider; });
    if (it == providers.end()) return;  // gone with a reset since the click
    ProviderRowView& p = *it;
    p.open = !p.open;
    if (p.open)
        closed_.erase(p.name);
    else
        closed_.insert(p.name);
    ++rebuilds;
    flatten();
}

void ViewModel::flatten()
{
    flat.clear();
    for (int p = 0; p < static_cast<int>(providers.size()); ++p) {
        flat.push_back({p, -1});
        if (providers[static_cast<std::size_t>(p)].open)
            for (int m = 0; m < static_cast<int>(providers[static_cast<std::size_t>(p)].models.size()); ++m)
                flat.push_back({p, m});
    }
}

}  // namespace costpanel::ui
