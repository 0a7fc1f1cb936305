// A small argument reader for costpanel's commands: flags with values, switches, positionals.
#pragma once

#include <iostream>
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

// Reads a command's options: `take(args)` takes them out of `args`. --help prints `usage` and stops
// with 0; a UsageError, or an address SourceSpec refuses (std::invalid_argument), prints the reason
// and the usage and stops with 2; another error (an unreadable config) stops with `error_exit`.
// Returns the exit code when the command should stop there, nothing when it should go on.
template <class Take>
std::optional<int> parse_command(const char* name, const char* usage, int argc, char** argv, Take&& take,
                                 int error_exit = 1)
{
    try {
        CliArgs args(argc, argv, 2);
        if (args.flag("--help") || args.flag("-h")) {
            std::cout << usage;
            return 0;
        }
        take(args);
        return std::nullopt;
    } catch (const UsageError& e) {
        std::cerr << "costpanel " << name << ": " << e.what() << "\n" << usage;
        return 2;
    } catch (const std::invalid_argument& e) {
        std::cerr << "costpanel " << name << ": " << e.what() << "\n" << usage;
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "costpanel " << name << ": " << e.what() << "\n";
        return error_exit;
    }
}

}  // namespace costpanel::app
