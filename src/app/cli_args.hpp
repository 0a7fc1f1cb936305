// A small argument reader for costpanel's commands: flags with values, switches, positionals.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace costpanel::app {

// Bad usage: the command prints it with its usage line and exits 2.
class UsageError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

class CliArgs
{
public:
    CliArgs(int argc, char** argv, int first) : args_(argv + first, argv + argc) {}

    // "--name VALUE" or "--name=VALUE"; the last one wins.
    std::optional<std::string> value(const std::string& name);
    // Every occurrence, in order.
    std::vector<std::string> values(const std::string& name);
    bool flag(const std::string& name);
    // What is left once the options were taken; an unknown "--x" is a UsageError.
    std::vector<std::string> positionals();

    static long long to_integer(const std::string& flag, const std::string& text, long long min,
                                long long max);
    static double to_number(const std::string& flag, const std::string& text, double min, double max);

private:
    std::vector<std::string> args_;
};

}  // namespace costpanel::app
