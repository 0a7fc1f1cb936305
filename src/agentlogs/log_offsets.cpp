#include "log_offsets.hpp"

#include "costpanel/core/paths.hpp"
#include "platform/text.hpp"

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

namespace costpanel::agentlogs {

namespace {

std::string file_name(const std::string& tree)
{
    return fnv1a_hex(tree) + ".logs";
}

}  // namespace

LogOffsets::LogOffsets(std::string dir, const std::string& tree_name) : tree_(tree_name)
{
    if (!dir.empty()) path_ = dir + "/" + file_name(tree_name);
}

void LogOffsets::load()
{
    marks_.clear();
    if (path_.empty()) return;
    std::ifstream in(path_);
    std::string line;
    // The first line names the tree: a hash that collided reads nothing rather than another's marks.
    if (!std::getline(in, line) || line != tree_) return;
    while (std::getline(in, line)) {
        const auto j = nlohmann::json::parse(line, nullptr, false);
        if (!j.is_object()) continue;
        try {
            FileMark m;
            m.dev = j.at("dev").get<unsigned long long>();
            m.ino = j.at("ino").get<unsigned long long>();
            m.offset = j.at("offset").get<off_t>();
            m.lines = j.at("lines").get<std::uint64_t>();
            m.state = j.value("state", std::string());
            marks_[j.at("path").get<std::string>()] = std::move(m);
        } catch (const nlohmann::json::exception&) {
            // A mark that is not one: the file is read from its start, and ids keep that exact.
        }
    }
}

bool LogOffsets::save() const
{
    if (path_.empty()) return true;
    if (!make_private_dirs(parent_directory(path_))) return false;
    const std::string tmp = path_ + ".tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << tree_ << "\n";
        for (const auto& [path, m] : marks_) {
            nlohmann::json j{
                {"path", path}, {"dev", m.dev}, {"ino", m.ino}, {"offset", m.offset}, {"lines", m.lines}};
            if (!m.state.empty()) j["state"] = m.state;
            out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        }
        out.flush();
        if (!out) return false;
    }
    return std::rename(tmp.c_str(), path_.c_str()) == 0;
}

const FileMark* LogOffsets::find(const std::string& path, unsigned long long dev, unsigned long long ino,
                                 off_t size) const
{
    const auto it = marks_.find(path);
    if (it == marks_.end() || it->second.dev != dev || it->second.ino != ino || it->second.offset > size)
        return nullptr;
    return &it->second;
}

}  // namespace costpanel::agentlogs
