// The real Panel in headless Dear ImGui frames: events in through its worker, clicks in through io.
#include "../common/alloc_counter.hpp"
#include "headless_imgui.hpp"

#include "../common/temp_dir.hpp"
#include "costpanel/store/history.hpp"
#include "costpanel/ui/panel.hpp"
#include "panel_access.hpp"

#include <catch2/catch.hpp>
#include <condition_variable>
#include <fstream>
#include <mutex>

using namespace costpanel;

namespace {

std::shared_ptr<const PriceTable> prices()
{
    return std::make_shared<const PriceTable>(
        PriceTable::parse(R"({"format": "costpanel-prices/1", "models": {
        "claude-sonnet-4-5": {"provider": "anthropic", "input": 3, "output": 15, "cache_read": 0.3},
        "claude-haiku-4-5": {"provider": "anthropic", "input": 1, "output": 5},
        "gpt-4o": {"provider": "openai", "input": 2.5, "output": 10},
        "gemini-2.5-flash": {"provider": "gemini", "input": 0.3, "output": 2.5}}})",
                          "test prices"));
}

// A panel under test: frames are drawn until a condition on it holds, waking on the panel's own
// on_wake (no sleeps), or a deadline passes.
struct Fixture
{
    explicit Fixture(std::string db_path = {})
        : panel(PanelConfig{.prices = prices(),
                            .tier_models = {{"Tier 1", "gpt-4o"}},
                            .empty_hint = "Send events to test.",
                            .db_path = std::move(db_path)})
    {
        test::AllocCounter::hook_imgui();
        panel.on_wake = [this] {
            {
                std::lock_guard lock(mutex);
                woken = true;
            }
            wake.notify_all();
        };
    }

    void frame()
    {
        imgui.frame([&] { panel.draw_window("Costs"); });
    }

    // What `n` frames allocate, together.
    std::size_t allocations_in_frames(int n)
    {
        test::CountAllocations count;
        for (int i = 0; i < n; ++i) frame();
        return count.count();
    }

    bool frames_until(const std::function<bool()>& done)
    {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        for (;;) {
            frame();
            if (done()) return true;
            std::unique_lock lock(mutex);
            if (!wake.wait_until(lock, deadline, [&] { return woken; })) return false;
            woken = false;
        }
    }

    bool applied(std::uint64_t n)
    {
        return frames_until([&] { return panel.state().counters().total() >= n; });
    }

    const WidgetRect* rect(const std::string& id)
    {
        for (const WidgetRect& r : panel.widget_rects())
            if (r.id == id) return &r;
        return nullptr;
    }

    void click(const std::string& id)
    {
        const WidgetRect* r = rect(id);
        REQUIRE(r);
        const float x = r->x + r->w / 2, y = r->y + r->h / 2;
        imgui.click(x, y, [&] { panel.draw_window("Costs"); });
    }

    ui::PanelImpl& impl() { return PanelTestAccess::impl(panel); }
    ui::ViewModel& view() { return impl().view; }

    test::HeadlessImGui imgui;
    std::mutex mutex;
    std::condition_variable wake;
    bool woken = false;
    Panel panel;
};

const char* kCalls[] = {
    R"({"type":"api_call","id":"1","model":"claude-sonnet-4-5","input_tokens":100000,"output_tokens":10000})",
    R"({"type":"api_call","id":"2","model":"claude-haiku-4-5","input_tokens":200000,"output_tokens":1000})",
    R"({"type":"api_call","id":"3","model":"gpt-4o","input_tokens":10000,"output_tokens":1000})",
    R"({"type":"api_call","id":"4","model":"gemini-2.5-flash","input_tokens":1000000,"output_tokens":0})",
    R"({"type":"api_call","id":"5","model":"my-local-model","provider":"ollama","input_tokens":5})",
    R"({"type":"mma_state_update","status":"executing","active_tier":"Tier 3","tier_usage":{"Tier 3":{"input":5000,"output":500,"model":"claude-haiku-4-5"}}})",
};

}  // namespace

TEST_CASE("Tier 1-4 and the toolbar are there before any event", "[ui]")
{
    Fixture f;
    f.frame();
    for (const char* id :
         {"reset", "tier/Tier 1", "tier/Tier 2", "tier/Tier 3", "tier/Tier 4", "session_total"})
        CHECK(f.rect(id) != nullptr);
    CHECK(f.view().tiers[0].model == "gpt-4o");  // the configured default
    CHECK_FALSE(f.view().has_data);
    CHECK(f.rect("provider/anthropic") == nullptr);
}

TEST_CASE("rows appear after events, grouped by provider with subtotals", "[ui]")
{
    Fixture f;
    for (const char* line : kCalls) f.panel.post_line(line);
    REQUIRE(f.applied(std::size(kCalls)));
    f.frame();
    for (const char* id :
         {"provider/anthropic", "provider/openai", "provider/google", "provider/ollama",
          "model/anthropic/claude-sonnet-4-5", "model/anthropic/claude-haiku-4-5", "model/openai/gpt-4o",
          "model/google/gemini-2.5-flash", "model/ollama/my-local-model"}) {
        INFO(id);
        CHECK(f.rect(id) != nullptr);
    }
    const ui::ViewModel& v = f.view();
    // Sorted by cost, descending: anthropic ($0.45 + $0.205), google ($0.30), openai ($0.035), ollama.
    REQUIRE(v.providers.size() == 4);
    CHECK(v.providers[0].name == "anthropic");
    CHECK(v.providers[0].values[ui::kCost] == Approx(0.45 + 0.205));
    CHECK(v.providers[0].values[ui::kCalls] == 2);
    CHECK(v.providers[1].cells[ui::kCost].text == "$0.30");
    CHECK(v.providers[0].models[0].label == "claude-sonnet-4-5");
    CHECK(v.providers[1].name == "google");
    CHECK(v.providers[3].models[0].label == "my-local-model  (unpriced)");
    CHECK(v.card.total == "$0.99");
    CHECK(v.card.tokens[0] == "1,310,005");
    CHECK_FALSE(v.card.unpriced.empty());
    CHECK(v.card.status == "executing · Tier 3 active");
    CHECK(v.tiers[2].active);
    CHECK(v.tiers[2].cells[2].text == "$0.0075");
}

TEST_CASE("a click on Reset through io zeroes the session, and the next events count from zero", "[ui]")
{
    Fixture f;
    for (const char* line : kCalls) f.panel.post_line(line);
    REQUIRE(f.applied(std::size(kCalls)));
    REQUIRE(f.panel.state().totals().cost_usd > 0.9);
    f.click("reset");
    f.frame();  // the click is applied at the top of the next frame
    CHECK(f.panel.state().totals().cost_usd == 0.0);
    CHECK(f.panel.state().models().empty());
    CHECK(f.panel.state().tiers()[2].tokens.input == 0);
    CHECK(f.panel.state().session_number() == 2);
    CHECK(f.view().card.total == "$0.00");
    CHECK(f.rect("provider/anthropic") == nullptr);

    // The conductor's counters keep growing: only the part after the reset counts.
    f.panel.post_line(R"({"type":"tier_usage","tier_usage":{"Tier 3":{"input":6000,"output":500}}})");
    f.panel.post_line(R"({"type":"api_call","model":"gpt-4o","input_tokens":1000})");
    REQUIRE(f.applied(std::size(kCalls) + 2));
    CHECK(f.panel.state().tiers()[2].tokens.input == 1000);
    CHECK(f.panel.state().totals().cost_usd == Approx(0.0025));
}

TEST_CASE("a click on a column header sorts, and a click on a provider closes it", "[ui]")
{
    Fixture f;
    for (const char* line : kCalls) f.panel.post_line(line);
    REQUIRE(f.applied(std::size(kCalls)));
    f.frame();
    CHECK(f.view().providers[0].name == "anthropic");
    // Input tokens, largest first (the column prefers descending): google's million leads.
    f.click("header/input");
    f.frame();
    CHECK(f.view().providers[0].name == "google");
    CHECK(f.view().providers[1].models[0].label == "claude-haiku-4-5");
    // Again: ascending.
    f.click("header/input");
    f.frame();
    CHECK(f.view().providers[0].name == "ollama");
    // By name.
    f.click("header/model");
    f.frame();
    CHECK(f.view().providers[0].name == "anthropic");
    CHECK(f.view().providers[1].name == "google");

    const std::size_t rows = f.view().flat.size();
    const auto* arrow = f.rect("provider/anthropic");
    REQUIRE(arrow);
    // The arrow is at the start of the row: click it.
    f.imgui.click(arrow->x + 8, arrow->y + arrow->h / 2, [&] { f.panel.draw_window("Costs"); });
    f.frame();
    CHECK(f.view().flat.size() == rows - 2);
    CHECK(f.rect("model/anthropic/claude-sonnet-4-5") == nullptr);
}

TEST_CASE("the allocation counter counts operator new and ImGui's allocator", "[ui]")
{
    CHECK(test::counts_allocations());
}

TEST_CASE("frames without change rebuild nothing and allocate nothing", "[ui]")
{
    Fixture f;
    REQUIRE(test::counts_allocations());  // else the zero below would be no evidence
    for (const char* line : kCalls) f.panel.post_line(line);
    REQUIRE(f.applied(std::size(kCalls)));
    // Stop the clock, so the once-a-second texts stay put too.
    const auto frozen = std::chrono::steady_clock::now();
    f.view().clock = [frozen] { return frozen; };
    f.frame();
    f.frame();
    const std::uint64_t rebuilds = f.panel.rebuilds();
    const std::size_t allocations = f.allocations_in_frames(200);
    CHECK(f.panel.rebuilds() == rebuilds);
    CHECK(allocations == 0);

    // A change rebuilds once.
    f.panel.post_line(R"({"type":"api_call","model":"gpt-4o","input_tokens":1})");
    REQUIRE(f.applied(std::size(kCalls) + 1));
    CHECK(f.panel.rebuilds() == rebuilds + 1);
}

TEST_CASE("rows update where they are while the same models stream in, and are rebuilt for new ones", "[ui]")
{
    Fixture f;
    for (const char* line : kCalls) f.panel.post_line(line);
    REQUIRE(f.applied(std::size(kCalls)));
    const ui::ViewModel& v = f.view();
    REQUIRE(v.providers[2].models[0].label == "gpt-4o");

    // More calls of known models: the same rows, new numbers, sums and order.
    f.panel.post_line(R"({"type":"api_call","model":"gpt-4o","input_tokens":100000,"output_tokens":20000})");
    f.panel.post_line(R"({"type":"api_call","model":"gpt-4o","input_tokens":100000,"output_tokens":20000})");
    REQUIRE(f.applied(std::size(kCalls) + 2));
    f.frame();
    // openai now $0.035 + 2 x $0.45 = $0.935: first by cost, ahead of anthropic ($0.655).
    REQUIRE(v.providers[0].name == "openai");
    CHECK(v.providers[0].models[0].label == "gpt-4o");
    CHECK(v.providers[0].models[0].cells[ui::kCalls].text == "3");
    CHECK(v.providers[0].cells[ui::kCost].text == "$0.94");
    CHECK(v.providers[0].models[0].cells[ui::kShare].text == "49.5%");  // 0.935 / 1.89
    CHECK(v.providers[1].values[ui::kCost] == Approx(0.655));
    CHECK(v.card.total == "$1.89");

    // A new model: a new row.
    f.panel.post_line(
        R"({"type":"api_call","model":"claude-haiku-4-5","provider":"bedrock","input_tokens":1000})");
    REQUIRE(f.applied(std::size(kCalls) + 3));
    f.frame();
    CHECK(f.rect("model/bedrock/claude-haiku-4-5") != nullptr);

    // A new session with as many models as before, but other ones: rows for those, not the old.
    f.click("reset");
    const char* others[] = {"gemini-2.5-flash", "gpt-4o",         "claude-sonnet-4-5",
                            "claude-haiku-4-5", "my-local-model", "gpt-4o-mini"};
    for (std::size_t i = 0; i < std::size(others); ++i)
        f.panel.post_line(std::string(R"({"type":"api_call","provider":"p)") + std::to_string(i) +
                          R"(","model":")" + others[i] + R"(","input_tokens":10})");
    REQUIRE(f.frames_until([&] { return f.panel.state().models().size() == std::size(others); }));
    f.frame();
    for (std::size_t i = 0; i < std::size(others); ++i) {
        INFO(others[i]);
        CHECK(f.rect("model/p" + std::to_string(i) + "/" + others[i]) != nullptr);
    }
    CHECK(f.rect("model/openai/gpt-4o") == nullptr);
}

TEST_CASE("the toolbar counts rejected lines and names the newest first", "[ui]")
{
    Fixture f;
    f.panel.post_line("not json");
    f.panel.post_line(R"({"type":"api_call"})");
    REQUIRE(f.applied(2));
    const ui::ViewModel& v = f.view();
    CHECK(v.toolbar.rejected == "2 rejected");
    REQUIRE(v.toolbar.reasons.size() == 2);
    CHECK(v.toolbar.reasons[0].starts_with("post:2 "));
    CHECK(v.toolbar.reasons[1].starts_with("post:1 "));
    // A good line rebuilds the rows and leaves the reasons as they were.
    f.panel.post_line(kCalls[0]);
    REQUIRE(f.applied(3));
    CHECK(v.toolbar.reasons.size() == 2);
    f.panel.post_line("[]");
    REQUIRE(f.applied(4));
    CHECK(v.toolbar.rejected == "3 rejected");
    REQUIRE(v.toolbar.reasons.size() == 3);
    CHECK(v.toolbar.reasons[0].starts_with("post:4 "));
}

TEST_CASE("the panel embeds twice in one frame and drains once", "[ui]")
{
    Fixture f;
    f.panel.post_line(kCalls[0]);
    REQUIRE(f.applied(1));
    f.imgui.frame([&] {
        f.panel.draw_window("Costs");
        ImGui::Begin("Host");
        if (ImGui::BeginTabBar("tabs")) {
            if (ImGui::BeginTabItem("Costs")) {
                f.panel.draw_contents();
                ImGui::EndTabItem();
            }
            ImGui::EndTabBar();
        }
        ImGui::End();
    });
    std::size_t totals = 0;
    for (const WidgetRect& r : f.panel.widget_rects()) totals += r.id == "session_total";
    CHECK(totals == 2);
}

TEST_CASE("a narrow panel keeps names, calls, cost and share, and drops the token columns", "[ui]")
{
    Fixture f;
    f.panel.post_line(kCalls[0]);
    REQUIRE(f.applied(1));
    const auto draw_in = [&](float width) {
        f.imgui.frame([&] {
            ImGui::SetNextWindowPos(ImVec2(0, 0));
            ImGui::SetNextWindowSize(ImVec2(width, 500));
            ImGui::Begin("Dock");
            f.panel.draw_contents();
            ImGui::End();
        });
    };
    draw_in(1000);
    CHECK(f.rect("header/input") != nullptr);
    CHECK(f.rect("header/cache_write") != nullptr);
    draw_in(320);
    CHECK(f.rect("header/input") == nullptr);
    CHECK(f.rect("header/cache_write") == nullptr);
    for (const char* id : {"header/model", "header/calls", "header/cost", "header/share",
                           "model/anthropic/claude-sonnet-4-5"}) {
        INFO(id);
        REQUIRE(f.rect(id) != nullptr);
        CHECK(f.rect(id)->x + f.rect(id)->w <= 320.f);  // inside the dock
    }
    CHECK(f.rect("model/anthropic/claude-sonnet-4-5")->w > 60.f);  // the name keeps room
}

TEST_CASE("Reset is applied at the top of the frame after its click, which draws the new session", "[ui]")
{
    Fixture f;
    f.panel.post_line(kCalls[0]);
    REQUIRE(f.applied(1));
    f.frame();
    const WidgetRect* reset = f.rect("reset");
    REQUIRE(reset);
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(reset->x + reset->w / 2, reset->y + reset->h / 2);
    f.frame();
    io.MouseDown[0] = true;
    f.frame();
    io.MouseDown[0] = false;
    f.frame();  // the release: the click is recorded; this frame draws, whole, the session clicked on
    CHECK(f.panel.state().session_number() == 1);
    CHECK(f.rect("provider/anthropic") != nullptr);
    CHECK(f.view().card.total == "$0.45");
    // A line that arrives before the next frame counts in the new session, not in the one reset.
    f.panel.post_line(kCalls[2]);
    REQUIRE(f.frames_until([&] { return f.panel.state().counters().total() == 2; }));
    CHECK(f.panel.state().session_number() == 2);
    CHECK(f.rect("provider/anthropic") == nullptr);
    CHECK(f.panel.state().totals().calls == 1);
    CHECK(f.panel.state().totals().cost_usd == Approx(0.035));
}

TEST_CASE("a panel with a store saves its calls, and Reset starts a stored session", "[ui][store]")
{
    test::TempDir dir;
    const std::string db = dir / "usage.db";
    {
        Fixture f(db);
        f.panel.post_line(kCalls[0]);
        f.panel.post_line(kCalls[2]);
        REQUIRE(f.applied(2));
        f.click("reset");
        f.panel.post_line(kCalls[1]);
        REQUIRE(f.applied(3));
        f.panel.stop();
        REQUIRE(f.panel.vitals().store);
        CHECK(f.panel.vitals().store->saving);
    }
    History history(db);
    const Report by_session = history.report("session", {});
    REQUIRE(by_session.rows.size() == 2);
    CHECK(by_session.calls == 3);
    CHECK(by_session.total_usd == Approx(0.45 + 0.035 + 0.205));
}

TEST_CASE("a store that cannot save shows a banner, and the panel keeps counting", "[ui][store]")
{
    test::TempDir dir;
    const std::string db = dir / "notes.txt";
    std::ofstream(db) << "not a database, and never to be overwritten\n";
    Fixture f(db);
    f.panel.post_line(kCalls[0]);
    REQUIRE(f.applied(1));
    REQUIRE(f.impl().session.wait_for_store([](const StoreStatus& s) { return !s.saving; },
                                            std::chrono::seconds(20)));
    // The banner comes with the clock texts: move the clock a second on.
    const auto later = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    f.view().clock = [later] { return later; };
    f.frame();
    CHECK(f.rect("store_banner") != nullptr);
    CHECK(f.view().store_problem.find("not a database") != std::string::npos);
    CHECK(f.panel.state().totals().calls == 1);
}

TEST_CASE("the History and Budgets tabs show the store's numbers, off the GUI thread", "[ui][store]")
{
    test::TempDir dir;
    Fixture f(dir / "usage.db");
    for (const char* line : kCalls) f.panel.post_line(line);
    REQUIRE(f.applied(std::size(kCalls)));
    REQUIRE(f.impl().session.flush_store());
    f.panel.daily_budget_usd = 0.5;  // the calls cost $0.99: over
    f.frame();
    REQUIRE(f.rect("tab/history"));
    f.click("tab/history");
    // The query runs on the panel's history thread; its answer arrives as a task that wakes us.
    REQUIRE(f.frames_until([&] { return f.impl().history_view.has_result; }));
    const ui::HistoryViewModel& h = f.impl().history_view;
    INFO(h.error);
    CHECK(h.error.empty());
    CHECK(h.headline.starts_with("$0.99 over 5 calls"));
    REQUIRE(h.lines[0].size() == 4);
    CHECK(h.lines[0][0].key == "anthropic");
    REQUIRE(h.bars.size() == 7);  // every day of the week, the empty ones as gaps
    CHECK(h.bars.back().cost == Approx(0.99));
    CHECK(h.bars.front().cost == 0.0);
    CHECK(h.spent_today == Approx(0.99));
    f.click("tab/budgets");
    f.frame();
    CHECK(f.rect("budget/daily") != nullptr);
    CHECK(f.rect("budget_banner") != nullptr);
    CHECK(h.baseline.find("claude-sonnet-4-5") != std::string::npos);
}

TEST_CASE("a row priced by a guess or at standard rates says so, and the card counts them", "[ui]")
{
    Fixture f;
    f.panel.post_line(R"({"type":"api_call","model":"gpt-4o-fancy-edition","input_tokens":1000})");
    f.panel.post_line(R"({"type":"api_call","model":"claude-haiku-4-5","input_tokens":1000})");
    REQUIRE(f.applied(2));
    f.frame();
    const ui::ViewModel& v = f.view();
    const auto row = [&](const std::string& provider, const std::string& model) -> const ui::ModelRowView* {
        for (const auto& p : v.providers)
            for (const auto& m : p.models)
                if (p.name == provider && m.id == "model/" + provider + "/" + model) return &m;
        return nullptr;
    };
    REQUIRE(row("openai", "gpt-4o-fancy-edition"));
    CHECK(row("openai", "gpt-4o-fancy-edition")->label == "gpt-4o-fancy-edition  (as gpt-4o)");
    CHECK(row("openai", "gpt-4o-fancy-edition")->note.find("a guess") != std::string::npos);
    CHECK(row("anthropic", "claude-haiku-4-5")->note.empty());
    CHECK(v.card.estimate.empty());

    // The same model, now at a tier it has no rates for: the row is relabelled, the card counts it.
    f.panel.post_line(
        R"({"type":"api_call","model":"claude-haiku-4-5","service_tier":"batch","input_tokens":1000})");
    REQUIRE(f.applied(3));
    f.frame();
    REQUIRE(row("anthropic", "claude-haiku-4-5"));
    CHECK(row("anthropic", "claude-haiku-4-5")->label == "claude-haiku-4-5  (standard rates)");
    CHECK(v.card.estimate.starts_with("1 call of a service tier"));
    CHECK(f.panel.state().totals().standard_rate_calls == 1);
}

namespace {

// claude-sonnet-4-5 at the fixture's prices: $0.45 by ours; `reported`: the client's own figure.
std::string sonnet_call(const std::string& id, const std::string& reported = "")
{
    return R"({"type":"api_call","id":")" + id +
           R"(","model":"claude-sonnet-4-5","input_tokens":100000,"output_tokens":10000)" +
           (reported.empty() ? "" : R"(,"reported_cost_usd":)" + reported) + "}";
}

const ui::ModelRowView* model_row(const ui::ViewModel& v, const std::string& id)
{
    for (const auto& p : v.providers)
        for (const auto& m : p.models)
            if (m.id == id) return &m;
    return nullptr;
}

}  // namespace

TEST_CASE(
    "the client's own figure shows beside ours when, over the calls that reported, it is over a cent off",
    "[ui]")
{
    Fixture f;
    const ui::ViewModel& v = f.view();
    const std::string model = "model/anthropic/claude-sonnet-4-5";
    // One call that reported $0.47 for itself, one that reported nothing: $0.47 is compared with
    // our $0.45 for the first alone, not with the row's $0.90.
    f.panel.post_line(sonnet_call("1", "0.47"));
    f.panel.post_line(sonnet_call("2"));
    REQUIRE(f.applied(2));
    f.frame();
    REQUIRE(model_row(v, model));
    // Beside the row's $0.90, ours over the same call goes with it.
    const std::string shown = "reported by the client: $0.47 (ours $0.45)";
    CHECK(model_row(v, model)->reported.text() == shown);
    CHECK(model_row(v, model)->reported.tooltip().find("1 of the 2 calls of this model") !=
          std::string::npos);
    CHECK(model_row(v, model)->reported.tooltip().find("$0.45 by our prices") != std::string::npos);
    CHECK(v.providers[0].reported.text() == shown);
    CHECK(v.card.reported.text() == shown);
    CHECK(v.card.total == "$0.90");
    for (const std::string& id : {"reported/" + model, std::string("reported/provider/anthropic"),
                                  std::string("reported/session_total")}) {
        INFO(id);
        REQUIRE(f.rect(id));
        CHECK(f.rect(id)->w > 50.f);
    }
    // Beside the figures, not over them: the model's mark ends before the numbers begin.
    CHECK(f.rect("reported/" + model)->x > f.rect(model)->x + f.rect(model)->w);
    CHECK(f.rect("reported/provider/anthropic")->x >= f.rect("reported/" + model)->x - 40.f);
    CHECK(f.rect("reported/session_total")->y > f.rect("session_total")->y);

    // A call that brings the two within a cent ($0.91 by the client, $0.90 by ours): the rows are
    // updated where they are, and the mark goes.
    f.panel.post_line(sonnet_call("3", "0.44"));
    REQUIRE(f.applied(3));
    f.frame();
    CHECK(model_row(v, model)->reported.text().empty());
    CHECK(v.providers[0].reported.text().empty());
    CHECK(v.card.reported.text().empty());
    for (const char* id : {"reported/model/anthropic/claude-sonnet-4-5", "reported/provider/anthropic",
                           "reported/session_total"}) {
        INFO(id);
        CHECK(f.rect(id) == nullptr);
    }
    // A hair over a cent: back.
    f.panel.post_line(sonnet_call("4", "0.4511"));
    REQUIRE(f.applied(4));
    f.frame();
    CHECK(model_row(v, model)->reported.text() == "reported by the client: $1.36 (ours $1.35)");
    CHECK(f.rect("reported/session_total") != nullptr);
}

TEST_CASE("a client's figure within a cent of ours is not shown", "[ui]")
{
    Fixture f;
    f.panel.post_line(sonnet_call("1", "0.46"));  // a cent over our $0.45, no more
    // claude-haiku-4-5, a cent under our $0.205; gpt-4o, reporting nothing.
    f.panel.post_line(
        R"({"type":"api_call","model":"claude-haiku-4-5","input_tokens":200000,"output_tokens":1000,)"
        R"("reported_cost_usd":0.195})");
    f.panel.post_line(kCalls[2]);
    REQUIRE(f.applied(3));
    f.frame();
    const ui::ViewModel& v = f.view();
    CHECK(f.panel.state().totals().reported_calls == 2);
    CHECK(v.card.reported.text().empty());
    for (const auto& p : v.providers) {
        CHECK(p.reported.text().empty());
        for (const auto& m : p.models) CHECK(m.reported.text().empty());
    }
    for (const WidgetRect& r : f.panel.widget_rects()) CHECK_FALSE(r.id.starts_with("reported/"));
}

TEST_CASE("frames with the client's figure shown rebuild nothing and allocate nothing", "[ui]")
{
    Fixture f;
    REQUIRE(test::counts_allocations());
    for (const char* line : kCalls) f.panel.post_line(line);
    f.panel.post_line(sonnet_call("r", "0.52"));
    REQUIRE(f.applied(std::size(kCalls) + 1));
    const auto frozen = std::chrono::steady_clock::now();
    f.view().clock = [frozen] { return frozen; };
    // ImGui's draw lists trade buffers with the tables' channels: with more text in them, their
    // capacities take a few frames more to settle.
    for (int i = 0; i < 10; ++i) f.frame();
    REQUIRE(f.rect("reported/session_total"));
    const std::uint64_t rebuilds = f.panel.rebuilds();
    const std::size_t allocations = f.allocations_in_frames(200);
    CHECK(f.panel.rebuilds() == rebuilds);
    CHECK(allocations == 0);
}

TEST_CASE("the History tab shows the client's figure beside ours where it is over a cent off", "[ui][store]")
{
    test::TempDir dir;
    Fixture f(dir / "usage.db");
    f.panel.post_line(sonnet_call("1", "0.47"));  // 2 cents over ours
    f.panel.post_line(sonnet_call("2"));
    f.panel.post_line(R"({"type":"api_call","id":"3","model":"gpt-4o","input_tokens":10000,)"
                      R"("output_tokens":1000,"reported_cost_usd":0.0355})");  // ours $0.035: within a cent
    REQUIRE(f.applied(3));
    REQUIRE(f.impl().session.flush_store());
    f.frame();
    f.click("tab/history");
    REQUIRE(f.frames_until([&] { return f.impl().history_view.has_result; }));
    f.frame();
    const ui::HistoryViewModel& h = f.impl().history_view;
    INFO(h.error);
    const auto line = [&](const std::vector<ui::HistoryViewModel::Line>& lines,
                          const std::string& key) -> const ui::HistoryViewModel::Line* {
        for (const auto& l : lines)
            if (l.key == key) return &l;
        return nullptr;
    };
    // By provider (the table shown), by model, and the range's headline.
    const std::string sonnet = "reported by the client: $0.47 (ours $0.45)";
    REQUIRE(line(h.lines[0], "anthropic"));
    CHECK(line(h.lines[0], "anthropic")->reported.text() == sonnet);
    REQUIRE(line(h.lines[0], "openai"));
    CHECK(line(h.lines[0], "openai")->reported.text().empty());
    REQUIRE(line(h.lines[1], "anthropic/claude-sonnet-4-5"));
    CHECK(line(h.lines[1], "anthropic/claude-sonnet-4-5")->reported.text() == sonnet);
    // The range: $0.5055 by the clients, $0.485 by ours over those two calls of the three.
    CHECK(h.reported.text().starts_with("reported by the client: $0.51 (ours $0.4"));
    CHECK(f.rect("reported/history/provider/anthropic") != nullptr);
    CHECK(f.rect("reported/history/provider/openai") == nullptr);
    CHECK(f.rect("reported/history/total") != nullptr);
    REQUIRE(h.sessions.size() == 1);
    CHECK(h.sessions[0].reported.text() == h.reported.text());
}

TEST_CASE("the client's figure stands alone where every call reported one, with ours where some did not",
          "[ui]")
{
    ui::ReportedNote n;
    n.add(0.52, 0.45, 2, 2);
    n.format("this model");
    CHECK(n.text() == "reported by the client: $0.52");  // the figure beside it is over the same calls
    CHECK(n.tooltip().starts_with("2 calls of this model came with the client's own cost"));
    n.clear_sums();
    n.add(0.52, 0.45, 2, 3);
    n.format("this model");
    CHECK(n.text() == "reported by the client: $0.52 (ours $0.45)");
    CHECK(n.tooltip().starts_with("2 of the 3 calls of this model"));
    n.clear_sums();
    n.add(0.46, 0.45, 1, 1);  // a cent apart, no more
    n.format("this model");
    CHECK(n.text().empty());
    CHECK(n.tooltip().empty());
    n.clear_sums();
    n.add(0.0, 0.45, 0, 1);  // nothing reported: nothing to compare
    n.format("this model");
    CHECK(n.text().empty());
}
