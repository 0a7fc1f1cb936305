// The control channel's GUI side: commands are parsed and carried out on the GUI thread, in order,
// one at a time; a click and wait_frames span frames, the rest finish in the frame they start.
#include "control_server.hpp"
#include "framebuffer_png.hpp"

#include "costpanel/core/summary.hpp"
#include "costpanel/engine/source_spec.hpp"
#include "costpanel/ui/panel.hpp"
#include "platform/system_error.hpp"

#include <imgui.h>
#include <nlohmann/json.hpp>
#include <sstream>

namespace costpanel {

using nlohmann::json;

struct ControlChannel::Command
{
    enum class Kind
    {
        state,
        click,
        screenshot,
        wait_frames,
        quit
    };
    std::uint64_t client = 0;
    Kind kind = Kind::state;
    std::string id;  // click: the widget; screenshot: the path
    int index = 0;   // click: which of several widgets with that id
    int frames = 0;  // wait_frames: still to draw; click: the phase (0 hover, 1 press, 2 release)
    ImVec2 at;
};

namespace {

json error(const std::string& why)
{
    return json{{"ok", false}, {"error", why}};
}

// `{"cmd":"click","id":"reset"}`, or the plain words `click reset`.
json to_request(const std::string& line)
{
    json j = json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_object()) return j;
    if (!j.is_discarded() || line.empty() || line[0] == '{') return json();
    std::istringstream words(line);
    std::string cmd, arg;
    words >> cmd >> arg;
    j = json{{"cmd", cmd}};
    if (cmd == "click") j["id"] = arg;
    if (cmd == "screenshot") j["path"] = arg;
    if (cmd == "wait_frames" && !arg.empty() && arg.find_first_not_of("0123456789") == std::string::npos &&
        arg.size() < 7)
        j["n"] = std::stoi(arg);
    return j;
}

}  // namespace

ControlChannel::ControlChannel(const std::string& address, std::function<void()> wake)
{
    if (!address.starts_with("unix:") || address.size() == 5)
        throw SourceError(address + ": the control channel takes unix:PATH");
    address_ = address;
    try {
        server_ = std::make_unique<Server>(address.substr(5), std::move(wake));
    } catch (const SystemError& e) {
        throw SourceError(e.what());
    }
}

ControlChannel::~ControlChannel() = default;

bool ControlChannel::wants_frames() const
{
    return !pending_.empty() || server_->has_requests();
}

void ControlChannel::reply(std::uint64_t client, const std::string& json_text)
{
    server_->send(client, json_text);
}

void ControlChannel::finish_front(const std::string& json_text)
{
    reply(pending_.front().client, json_text);
    pending_.erase(pending_.begin());
}

void ControlChannel::before_new_frame(const Panel& panel)
{
    for (Server::Request& r : server_->take_requests()) {
        const json j = to_request(r.line);
        const json cmd = j.is_object() ? j.value("cmd", json()) : json();
        if (!cmd.is_string()) {
            reply(r.client, error("expected a JSON object with a \"cmd\" string, or plain words").dump());
            continue;
        }
        Command c;
        c.client = r.client;
        const std::string& name = cmd.get_ref<const std::string&>();
        if (name == "state")
            c.kind = Command::Kind::state;
        else if (name == "quit")
            c.kind = Command::Kind::quit;
        else if (name == "click" && j.contains("id") && j["id"].is_string()) {
            c.kind = Command::Kind::click;
            c.id = j["id"];
            if (const auto index = j.find("index"); index != j.end() && index->is_number_unsigned())
                c.index = std::min<int>(index->get<int>(), 1000);
        } else if (name == "screenshot" && j.contains("path") && j["path"].is_string() &&
                   !j["path"].empty()) {
            c.kind = Command::Kind::screenshot;
            c.id = j["path"];
        } else if (name == "wait_frames" && j.contains("n") && j["n"].is_number_unsigned() &&
                   j["n"] <= 100000) {
            c.kind = Command::Kind::wait_frames;
            c.frames = j["n"];
        } else {
            reply(r.client, error("unknown or incomplete command: " + r.line.substr(0, 200)).dump());
            continue;
        }
        pending_.push_back(std::move(c));
    }

    // A click goes through the same io fields the platform backend fills, after it has filled them.
    if (pending_.empty() || pending_.front().kind != Command::Kind::click) return;
    Command& c = pending_.front();
    if (c.frames == 0) {
        int seen = 0;
        bool found = false;
        for (const WidgetRect& r : panel.widget_rects()) {
            if (r.id != c.id || seen++ != c.index) continue;
            c.at = ImVec2(r.x + r.w * 0.5f, r.y + r.h * 0.5f);
            found = true;
            break;
        }
        if (!found) {
            finish_front(error("no widget \"" + c.id + "\" on screen").dump());
            return;
        }
    }
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = c.at;
    io.MouseDown[0] = c.frames == 1;
}

void ControlChannel::after_render(const Panel& panel, const FrameInfo& info)
{
    if (pending_.empty()) return;
    Command& c = pending_.front();
    switch (c.kind) {
    case Command::Kind::state: {
        json out = json::parse(session_summary(panel.state()).dump());
        out["ok"] = true;
        out["frame"] = info.frame;
        out["frame_cpu_ms"] = info.cpu_ms;
        out["window"] = {{"x", info.window_x},
                         {"y", info.window_y},
                         {"width", info.window_width},
                         {"height", info.window_height}};
        json widgets = json::array();
        for (const WidgetRect& r : panel.widget_rects())
            widgets.push_back({{"id", r.id}, {"x", r.x}, {"y", r.y}, {"w", r.w}, {"h", r.h}});
        out["widgets"] = std::move(widgets);
        const SessionState& s = panel.state();
        out["session_number"] = s.session_number();
        json rejections = json::array();
        for (const Rejection& r : s.recent_rejections())
            rejections.push_back(
                {{"source", r.origin.source}, {"line", r.origin.line}, {"reason", r.reason}});
        out["recent_rejections"] = std::move(rejections);
        // For the soak: what the worker remembers, and whether history is being saved.
        const Vitals& vitals = panel.vitals();
        const IngestStats& ingest = vitals.ingest;
        out["ingest"] = {{"lines", ingest.lines},
                         {"bytes", ingest.bytes},
                         {"seen_ids", ingest.seen_ids},
                         {"seen_id_bytes", ingest.seen_id_bytes},
                         {"history_bytes", ingest.history_bytes},
                         {"history_bytes_done", ingest.history_bytes_done},
                         {"log_lines_skipped", ingest.log_lines_skipped}};
        out["sources"] = vitals.sources;
        if (const auto& store = vitals.store)
            out["store"] = {{"saving", store->saving},
                            {"problem", store->problem},
                            {"committed_calls", store->committed_calls},
                            {"pending_calls", store->pending_calls},
                            {"dropped_calls", store->dropped_calls}};
        finish_front(out.dump());
        break;
    }
    case Command::Kind::click:
        if (++c.frames == 3) finish_front(json{{"ok", true}, {"clicked", c.id}}.dump());
        break;
    case Command::Kind::wait_frames:
        if (c.frames-- <= 1) finish_front(json{{"ok", true}, {"frame", info.frame}}.dump());
        break;
    case Command::Kind::screenshot: {
        std::string why;
        const bool ok = write_framebuffer_png(c.id, info.framebuffer_width, info.framebuffer_height, why);
        finish_front(ok ? json{{"ok", true},
                               {"path", c.id},
                               {"width", info.framebuffer_width},
                               {"height", info.framebuffer_height}}
                              .dump()
                        : error(why).dump());
        break;
    }
    case Command::Kind::quit:
        quit_ = true;
        finish_front(json{{"ok", true}}.dump());
        break;
    }
}

}  // namespace costpanel
