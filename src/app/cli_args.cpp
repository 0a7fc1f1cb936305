#include "cli_args.hpp"

#include <charconv>
#include <cstdlib>

namespace costpanel::app {

std::vector<std::string> CliArgs::values(const std::string& name)
{
    std::vector<std::string> found;
    std::vector<std::string> rest;
    for (std::size_t i = 0; i < args_.size(); ++i) {
        const std::string& a = args_[i];
        if (a == name) {
            if (i + 1 >= args_.size()) throw UsageError(name + " needs a value");
            found.push_back(args_[++i]);
        } else if (a.starts_with(name + "=")) {
            found.push_back(a.substr(name.size() + 1));
        } else {
            rest.push_back(a);
        }
    }
    args_ = std::move(rest);
    return found;
}

std::optional<std::string> CliArgs::value(const std::string& name)
{
    auto all = values(name);
    if (all.empty()) return std::nullopt;
    return all.back();
}

bool CliArgs::flag(const std::string& name)
{
    const auto before = args_.size();
    std::erase(args_, name);
    return args_.size() != before;
}

std::vector<std::string> CliArgs::positionals()
{
    for (const std::string& a : args_)
        if (a.size() > 1 && a[0] == '-' && a != "-") throw UsageError("unknown option " + a);
    return args_;
}

long long CliArgs::to_integer(const std::string& flag, const std::string& text, long long min, long long max)
{
    long long v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || v < min || v > max)
        throw UsageError(flag + " takes a whole number from " + std::to_string(min) + " to " +
                         std::to_string(max));
    return v;
}

double CliArgs::to_number(const std::string& flag, const std::string& text, double min, double max)
{
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || !(v >= min && v <= max))
        throw UsageError(flag + " takes a number from " + std::to_string(min) + " to " + std::to_string(max));
    return v;
}

}  // namespace costpanel::app
