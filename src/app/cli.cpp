// The command line, defined once with CLI11: every command, its options, their checks and help.
// `costpanel --help`, `costpanel CMD --help` and the usage printed after a usage error are all made
// from these definitions by HelpFormatter below. CLI11 is included here only: it is heavy to compile.
#include "cli.hpp"
#include "monitoring_plugin.hpp"

#include "costpanel/core/events.hpp"
#include "costpanel/core/time.hpp"
#include "costpanel/engine/source_spec.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <sstream>

namespace costpanel::app {

namespace {

constexpr std::size_t kWidth = 100;     // help lines wrap here
constexpr std::size_t kOptionCol = 24;  // an option longer than this has its help on the next line

// --- Checks. CLI11 runs them on the text before converting it, and names the option in front of
// what they return: "--rate: 'fast' is not a number from 0 to 10000000".

CLI::Validator check(std::function<std::string(const std::string&)> why_not)
{
    return CLI::Validator([f = std::move(why_not)](std::string& text) { return f(text); }, "");
}

std::string number_text(double v)
{
    std::ostringstream out;
    out << std::setprecision(15) << v;
    return out.str();
}

std::optional<double> to_number(const std::string& text)
{
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || std::isnan(v)) return std::nullopt;
    return v;
}

CLI::Validator number(double min, double max)
{
    return check([=](const std::string& text) -> std::string {
        if (const auto v = to_number(text); v && *v >= min && *v <= max) return {};
        return "'" + text + "' is not a number from " + number_text(min) + " to " + number_text(max);
    });
}

CLI::Validator amount()
{
    return check([](const std::string& text) -> std::string {
        if (const auto v = to_number(text); v && *v > 0 && *v <= 1e12) return {};
        return "'" + text + "' is not an amount in USD above 0";
    });
}

CLI::Validator whole_number(long long min, long long max)
{
    return check([=](const std::string& text) -> std::string {
        long long v = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (ec == std::errc() && end == text.data() + text.size() && v >= min && v <= max) return {};
        return "'" + text + "' is not a whole number from " + std::to_string(min) + " to " +
               std::to_string(max);
    });
}

// The choices are both the check and the option's type name in the help ("csv|json").
CLI::Option* one_of(CLI::Option* option, std::vector<std::string> choices)
{
    std::string bar, comma;
    for (std::size_t i = 0; i < choices.size(); ++i) {
        bar += (i ? "|" : "") + choices[i];
        comma += (i == 0 ? "" : i + 1 == choices.size() ? " or " : ", ") + choices[i];
    }
    return option->type_name(bar)->check(check([=](const std::string& text) -> std::string {
        if (std::find(choices.begin(), choices.end(), text) != choices.end()) return {};
        return "'" + text + "' is not " + comma;
    }));
}

CLI::Validator date()
{
    return check([](const std::string& text) -> std::string {
        if (text.size() == 10 && parse_rfc3339(text + "T00:00:00Z")) return {};
        return "'" + text + "' is not a date, YYYY-MM-DD";
    });
}

// The zone's own message names it: "Mars/Olympus: not a time zone the system knows (e.g. Europe/Paris)".
CLI::Validator time_zone()
{
    return check([](const std::string& text) -> std::string {
        try {
            TimeZone::named(text);
            return {};
        } catch (const std::invalid_argument& e) {
            return e.what();
        }
    });
}

CLI::Validator listen_address()
{
    return check([](const std::string& text) -> std::string {
        try {
            const SourceSpec spec = SourceSpec::parse(text);
            if (spec.kind == SourceSpec::Kind::unix_socket || spec.kind == SourceSpec::Kind::tcp ||
                spec.kind == SourceSpec::Kind::otlp)
                return {};
            return "takes unix:PATH, tcp:HOST:PORT or otlp[:HOST:PORT], not '" + text + "'";
        } catch (const std::invalid_argument& e) {
            return e.what();
        }
    });
}

CLI::Validator logs_kind()
{
    return check([](const std::string& text) -> std::string {
        try {
            SourceSpec::parse_logs(text);
            return {};
        } catch (const std::invalid_argument& e) {
            return e.what();
        }
    });
}

CLI::Validator tier_model()
{
    return check([](const std::string& text) -> std::string {
        const auto eq = text.find('=');
        if (eq != std::string::npos && eq != 0 && eq + 1 != text.size()) return {};
        return "'" + text + "' is not \"Tier N=MODEL\"";
    });
}

// --- Options that several commands share.

constexpr const char* kPricingHelp =
    "a price table instead of the built-in one (costpanel's format or LiteLLM's)";
constexpr const char* kDbHelp =
    "the history store (default: the config file's \"db\", else ~/.local/share/costpanel/usage.db)";
constexpr const char* kTimezoneHelp =
    "the IANA time zone whose days, weeks and months count (default: the config file's \"timezone\", "
    "else $TZ, else the system's)";

// Each occurrence takes one value and they collect: --listen A --listen B.
CLI::Option* repeated(CLI::Option* option)
{
    return option->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

CLI::Option* add_logs(CLI::App& app, std::vector<std::string>& into, const std::string& help)
{
    return repeated(app.add_option("--logs", into, help))->type_name("KIND[:DIR]")->check(logs_kind());
}

constexpr const char* kLogsHelp =
    "an agent's logs: claude-code (~/.claude, ~/.config/claude or $CLAUDE_CONFIG_DIR) or codex "
    "(~/.codex or $CODEX_HOME), or either with :DIR";

template <class T>
CLI::Option* add_optional(CLI::App& app, const std::string& name, std::optional<T>& into,
                          const std::string& help)
{
    return app.add_option_function<T>(
        name, [&into](const T& v) { into = v; }, help);
}

// --listen, --follow, --stdin, --pricing, --tier-model as given; options() is what they mean.
struct FeedFlags
{
    std::vector<std::string> listen, follow, logs, tier_models;
    bool read_stdin = false, no_logs = false;
    std::string pricing;

    void add_to(CLI::App& app)
    {
        repeated(app.add_option("--listen", listen,
                                "a socket to accept writers on: unix:PATH, tcp:HOST:PORT on the loopback, "
                                "or otlp[:HOST:PORT], OpenTelemetry's OTLP/HTTP (default 127.0.0.1:4318)"))
            ->type_name("ADDR")
            ->check(listen_address());
        repeated(app.add_option("--follow", follow,
                                "a file to follow as it grows, resuming where it stopped after a restart"))
            ->type_name("FILE");
        add_logs(app, logs,
                 std::string(kLogsHelp) +
                     ": followed live, what they held before going to the history store");
        app.add_flag("--no-logs", no_logs, "with no source given, follow no agent logs");
        app.add_flag("--stdin", read_stdin, "read standard input");
        app.add_option("--pricing", pricing, kPricingHelp)->type_name("FILE");
        repeated(app.add_option("--tier-model", tier_models,
                                "the model a tier is priced at when its snapshots name none"))
            ->type_name("\"Tier N=MODEL\"")
            ->check(tier_model());
    }

    FeedOptions options() const
    {
        FeedOptions o;
        o.sources = listen;
        for (const std::string& f : follow) o.sources.push_back("file:" + f);
        if (read_stdin) o.sources.push_back("stdin");
        o.logs = logs;
        o.no_logs = no_logs;
        o.pricing = pricing;
        for (const std::string& tm : tier_models) {
            const auto eq = tm.find('=');
            o.tier_models[normalise_tier(tm.substr(0, eq))] = tm.substr(eq + 1);
        }
        return o;
    }
};

void add_day_range(CLI::App& app, DayRange& range)
{
    app.add_option("--from", range.from, "the first day (default: the first stored)")
        ->type_name("DATE")
        ->check(date());
    app.add_option("--to", range.to, "the last day (default: the last stored)")
        ->type_name("DATE")
        ->check(date());
}

CLI::Option* add_timezone(CLI::App& app, std::optional<std::string>& into, const std::string& help)
{
    return add_optional(app, "--timezone", into, help)->type_name("ZONE")->check(time_zone());
}

void check_day_range(const DayRange& range)
{
    if (!range.from.empty() && !range.to.empty() && range.to < range.from)
        throw CLI::ValidationError("--to is before --from");
}

// --- Help, generated from the definitions.

// `words` from column `at`, a space between them, wrapped at kWidth onto lines indented by `indent`.
std::string wrap(const std::vector<std::string>& words, std::size_t at, std::size_t indent)
{
    std::string out;
    std::size_t column = at;
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (i > 0 && column + 1 + words[i].size() > kWidth) {
            out += "\n" + std::string(indent, ' ');
            column = indent;
        } else if (i > 0) {
            out += ' ';
            ++column;
        }
        out += words[i];
        column += words[i].size();
    }
    return out;
}

std::vector<std::string> words_of(const std::string& text)
{
    std::vector<std::string> words;
    std::istringstream in(text);
    for (std::string w; in >> w;) words.push_back(w);
    return words;
}

bool is_listed(const CLI::Option* o)
{
    return !o->get_group().empty() && o->get_name() != "--help" && o->get_name() != "--version";
}

// "--listen ADDR", "--stdin", "FILE".
std::string option_text(const CLI::Option* o)
{
    if (o->get_positional()) return o->get_name(true);
    const std::string type = o->get_type_name();
    return o->get_name() + (o->get_items_expected_max() == 0 || type.empty() ? "" : " " + type);
}

// "[--listen ADDR]...", "--format csv|json", "[FILE|-]", "FILE...".
std::string synopsis_word(const CLI::Option* o)
{
    const bool many = o->get_items_expected_max() > 1;
    if (o->get_positional())
        return o->get_required() ? o->get_name(true) + (many ? "..." : "")
                                 : "[" + o->get_name(true) + "]" + (many ? "..." : "");
    return o->get_required() ? option_text(o) : "[" + option_text(o) + "]" + (many ? "..." : "");
}

// "costpanel watch [--listen ADDR]... [--follow FILE]...", continued under the first option.
std::string synopsis(const CLI::App& app, const std::string& command, std::size_t at)
{
    std::vector<std::string> words;
    for (const bool positional : {false, true})
        for (const CLI::Option* o : app.get_options())
            if (is_listed(o) && o->get_positional() == positional) words.push_back(synopsis_word(o));
    // A word such as [--tier-model "Tier N=MODEL"]... is not split over two lines.
    return command + " " + wrap(words, at + command.size() + 1, at + command.size() + 1);
}

std::string options_table(const CLI::App& app)
{
    std::size_t width = 0;
    for (const CLI::Option* o : app.get_options())
        if (is_listed(o) && option_text(o).size() <= kOptionCol)
            width = std::max(width, option_text(o).size());
    std::string out;
    for (const CLI::Option* o : app.get_options()) {
        if (!is_listed(o)) continue;
        const std::string name = option_text(o);
        out += "  " + name;
        if (name.size() > width)
            out += "\n" + std::string(width + 4, ' ');
        else
            out += std::string(width + 2 - name.size(), ' ');
        out += wrap(words_of(o->get_description()), width + 4, width + 4) + "\n";
    }
    return out;
}

std::vector<const CLI::App*> commands(const CLI::App& root)
{
    return root.get_subcommands([](const CLI::App*) { return true; });
}

class HelpFormatter : public CLI::Formatter
{
public:
    // `name` is the command line so far: "costpanel" or "costpanel watch".
    std::string make_help(const CLI::App* app, std::string name, CLI::AppFormatMode) const override
    {
        return app->get_parent() ? command_help(*app, name) : overview(*app);
    }

    // One command: its synopsis, what it does, its options.
    static std::string command_help(const CLI::App& app, const std::string& name)
    {
        return "usage: " + synopsis(app, name, 7) + "\n" + wrap(words_of(app.get_footer()), 0, 0) + "\n" +
               options_table(app);
    }

    // Every command with every option it takes; the window's options described, as it is the default.
    static std::string overview(const CLI::App& root)
    {
        std::string out = "costpanel " COSTPANEL_VERSION " - what your LLM calls cost, live\n\nusage:\n";
        const auto entry = [&](const CLI::App& app, const std::string& name) {
            out += "  " + synopsis(app, name, 2) + "\n" + std::string(29, ' ') +
                   wrap(words_of(app.get_description()), 29, 29) + "\n";
        };
        entry(root, "costpanel");
        for (const CLI::App* sub : commands(root)) entry(*sub, "costpanel " + sub->get_name());
        out += "  costpanel --version | --help\n\nThe window (no command word):\n" + options_table(root) +
               "\nEvery command takes --help; all the help is generated from the same definitions.\n"
               "Exit codes: 0 success, 1 unreadable input or run-time failure, 2 bad usage; budget --check\n"
               "speaks the monitoring-plugins convention: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (bad usage\n"
               "included).\n";
        return out;
    }
};

// --- The commands.

struct Definitions
{
    CLI::App root{"the panel in a window (the default: no command word)", "costpanel"};
    CLI::App *watch, *summarize, *demo_stream, *import, *report, *exporter, *budget;
    WindowArgs window_args;
    FeedFlags window_feed, watch_feed;
    WatchArgs watch_args;
    SummarizeArgs summarize_args;
    DemoStreamArgs demo_stream_args;
    ImportArgs import_args;
    ReportArgs report_args;
    ExportArgs export_args;
    BudgetArgs budget_args;
    bool budget_check = false;  // required: the only thing budget does

    Definitions()
    {
        // Set before the commands are added: they copy these from the root.
        root.formatter(std::make_shared<HelpFormatter>());
        root.option_defaults()
            ->disable_flag_override()                                 // --stdin=false is no way to say no
            ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);  // --db A --db B: B, as before
        root.set_help_flag("-h,--help", "this help");
        root.set_version_flag("--version", "costpanel " COSTPANEL_VERSION);
        root.require_subcommand(0, 1);

        root.footer("Opens the cost panel in a window. With no source given it listens on the default "
                    "socket ($XDG_RUNTIME_DIR/costpanel.sock) and reads standard input when that is a pipe "
                    "or a file, so `conductor | costpanel` just works.");
        window_feed.add_to(root);
        root.add_flag("--demo", window_args.demo,
                      "run the built-in demo conductor in the window (no default socket then)");
        root.add_option("--demo-rate", window_args.demo_rate, "the demo's events per second (default 6)")
            ->type_name("N")
            ->check(number(0.1, 100000));
        add_optional(root, "--db", window_args.db,
                     std::string(kDbHelp) + "; :memory: keeps nothing past the session")
            ->type_name("PATH");
        add_timezone(root, window_args.timezone,
                     "the IANA time zone of the History and Budgets tabs' days (default: the config file's "
                     "\"timezone\", else $TZ, else the system's)");
        root.add_option("--control", window_args.control,
                        "a control channel for tests and automation (see the README)")
            ->type_name("unix:PATH");

        watch = root.add_subcommand("watch", "the live session in the terminal, then its summary as JSON");
        watch->footer(
            "Shows the live session on standard error and prints its summary (as `summarize` does) at the "
            "end: when every source has ended, or on SIGINT or SIGTERM. With no source given it listens on "
            "the default socket and reads standard input when that is not a terminal.");
        watch_feed.add_to(*watch);
        watch
            ->add_option("--offsets-dir", watch_args.offsets_dir,
                         "where followed files' offsets are remembered (default: the state directory)")
            ->type_name("DIR");
        watch->add_option("--db", watch_args.db, "also store the calls in this history store (default: none)")
            ->type_name("PATH");

        summarize = root.add_subcommand("summarize", "apply a stream and print the session summary as JSON");
        summarize->footer(
            "Applies a JSON-lines event stream as the panel does and prints the session summary "
            "as JSON.");
        summarize->add_option("--pricing", summarize_args.pricing, kPricingHelp)->type_name("FILE");
        add_logs(*summarize, summarize_args.logs,
                 std::string(kLogsHelp) + ", read whole instead of a stream");
        summarize->add_option("FILE|-", summarize_args.input, "the stream (- or none: standard input)");

        demo_stream = root.add_subcommand("demo-stream", "print the built-in demo conductor's events");
        demo_stream->footer("Prints a believable multi-tier conductor run as JSON lines.");
        demo_stream
            ->add_option("--rate", demo_stream_args.rate,
                         "events per second (default 0: as fast as the reader takes them)")
            ->type_name("N")
            ->check(number(0, 1e7));
        add_optional(*demo_stream, "--count", demo_stream_args.count,
                     "stop after M events (default 1000 without --rate, endless with it; 0: endless)")
            ->type_name("M")
            ->check(whole_number(0, 1LL << 50));
        demo_stream
            ->add_option("--seed", demo_stream_args.seed,
                         "the run to replay: the same seed gives the same calls (default 1)")
            ->type_name("S")
            ->check(whole_number(0, 1LL << 62));

        import = root.add_subcommand("import", "store streams in the history database");
        import->footer(
            "Applies each stream as the panel does and stores its calls (an id already in the store "
            "is not stored twice). Prints the first 10 rejected lines (file, line number and why) and how "
            "many more there were, then how many calls were stored and how many were skipped as "
            "duplicates; on a terminal, a progress line while it reads. Exit 1, naming the file and why, "
            "when the store cannot be written (read-only, locked, not a database, disk full): the calls "
            "not stored are counted, and a file that is not a store is left as it was.");
        add_optional(*import, "--db", import_args.db, kDbHelp)->type_name("PATH");
        import->add_option("--pricing", import_args.pricing, kPricingHelp)->type_name("FILE");
        add_logs(*import, import_args.logs,
                 std::string(kLogsHelp) + "; each file from where the last import of it stopped");
        import->add_option("FILE|-", import_args.files,
                           "the streams, applied in this order (-: standard input)");

        report = root.add_subcommand("report", "what the stored history cost");
        report->footer(
            "What the stored calls cost, grouped, with a total. Dates are days in the time zone "
            "(--timezone), "
            "YYYY-MM-DD, inclusive; a week is keyed by its Monday. A row whose cost is a lower bound (calls "
            "no price matched) is marked +, one that is an estimate (priced as a model the id only extends, "
            "or at standard rates for want of its service tier's) ~, and a line under the total says how "
            "many calls; JSON and CSV carry the counts.");
        add_optional(*report, "--db", report_args.db, kDbHelp)->type_name("PATH");
        add_timezone(*report, report_args.timezone, kTimezoneHelp);
        add_day_range(*report, report_args.range);
        one_of(report->add_option("--by", report_args.by, "what to group the calls by (default: day)"),
               std::vector<std::string>(std::begin(kReportKeys), std::end(kReportKeys)));
        one_of(report->add_option("--format", report_args.format, "the output (default: table)"),
               {"table", "json", "csv"});
        add_logs(*report, report_args.logs,
                 std::string(kLogsHelp) + ": read whole, in memory, instead of the store");
        report->add_flag("--breakdown", report_args.breakdown, "the cost by model under each row");

        exporter = root.add_subcommand("export", "the stored calls themselves");
        exporter->footer("Every stored call in the range, oldest first, with the rates it was priced at. "
                         "CSV follows RFC 4180; a cell a spreadsheet would run as a formula is defused.");
        add_optional(*exporter, "--db", export_args.db, kDbHelp)->type_name("PATH");
        add_timezone(*exporter, export_args.timezone, kTimezoneHelp);
        add_day_range(*exporter, export_args.range);
        one_of(exporter->add_option("--format", export_args.format, "the output"), {"csv", "json"})
            ->required();

        budget = root.add_subcommand("budget", "a monitoring plugin: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN");
        budget->footer(
            "Checks today's and this month's spending (days in --timezone) against the budgets, as a "
            "monitoring plugin (Nagios, Icinga, Zabbix): exit 0 OK, 1 WARNING (at the warning fraction of "
            "a budget), 2 CRITICAL (over a budget), 3 UNKNOWN (the store or the config cannot be read, no "
            "budget is set, or bad usage). Prints one line, e.g. \"COSTPANEL WARNING - daily $8.50 of "
            "$10.00 (85%) | daily=8.50;8.00;10.00\", the worst budget first, performance data after the |. "
            "With no history yet, spending is $0.00: OK. Budgets come from the config file's \"budgets\" "
            "object (daily_usd, monthly_usd, warn_at) unless given here.");
        budget->add_flag("--check", budget_check, "check the spending so far against the budgets")
            ->required();
        add_optional(*budget, "--db", budget_args.db, kDbHelp)->type_name("PATH");
        budget
            ->add_option("--config", budget_args.config,
                         "the config file (default: ~/.config/costpanel/config.json)")
            ->type_name("FILE");
        add_timezone(*budget, budget_args.timezone, kTimezoneHelp);
        add_optional(*budget, "--daily", budget_args.daily_usd, "the daily budget")
            ->type_name("USD")
            ->check(amount());
        add_optional(*budget, "--monthly", budget_args.monthly_usd, "the monthly budget")
            ->type_name("USD")
            ->check(amount());
        add_optional(*budget, "--warn-at", budget_args.warn_at,
                     "the fraction of a budget that warns (default: the config's, else 0.8)")
            ->type_name("F")
            ->check(number(0.01, 1));
    }

    // The command given, once parsed. Throws CLI::ParseError for what the definitions cannot check.
    Command command() const
    {
        if (watch->parsed()) {
            WatchArgs a = watch_args;
            a.feed = watch_feed.options();
            return a;
        }
        if (summarize->parsed()) return summarize_args;
        if (demo_stream->parsed()) return demo_stream_args;
        if (import->parsed()) {
            if (std::ranges::count(import_args.files, "-") > 1)
                throw CLI::ValidationError("- (standard input) can be read once only");
            if (import_args.files.empty() && import_args.logs.empty())
                throw CLI::ValidationError("import needs a stream (FILE or -) or --logs");
            return import_args;
        }
        if (report->parsed()) {
            check_day_range(report_args.range);
            return report_args;
        }
        if (exporter->parsed()) {
            check_day_range(export_args.range);
            return export_args;
        }
        if (budget->parsed()) return budget_args;
        WindowArgs a = window_args;
        a.feed = window_feed.options();
        return a;
    }

    // The command being parsed: a subcommand once its word was read, else the root (the window).
    const CLI::App& current() const
    {
        const auto subs = root.get_subcommands();
        return subs.empty() ? root : *subs.front();
    }
};

int usage_error(const CLI::App& app, const std::string& why)
{
    const std::string name = app.get_parent() ? "costpanel " + app.get_name() : "costpanel";
    std::cerr << name << ": " << why << "\n" << HelpFormatter::command_help(app, name);
    if (app.get_name() != "budget") return 2;
    // A monitor shows standard output's line; bad usage is UNKNOWN, never taken for a verdict.
    std::cout << plugin_line(3, why) << "\n";
    return 3;
}

}  // namespace

std::optional<int> parse_command_line(int argc, char** argv, Command& command)
{
    Definitions cli;
    const std::string first = argc > 1 ? argv[1] : "";
    if (first == "help") {
        std::cout << HelpFormatter::overview(cli.root);
        return 0;
    }
    if (first == "--help-window") {
        std::cout << HelpFormatter::command_help(cli.root, "costpanel");
        return 0;
    }
    const auto is_command = [&](const CLI::App* sub) { return sub->check_name(first); };
    if (argc > 1 && !first.starts_with("-") && std::ranges::none_of(commands(cli.root), is_command)) {
        std::cerr << "costpanel: unknown command '" << first << "'\n\n" << HelpFormatter::overview(cli.root);
        return 2;
    }
    try {
        cli.root.parse(argc, argv);
        // The window's options before a command word would be parsed as the window's and dropped.
        if (&cli.current() != &cli.root)
            for (const CLI::Option* o : cli.root.get_options())
                if (o->count() > 0)
                    return usage_error(cli.current(), o->get_name() + " goes after the command word");
        command = cli.command();
        return std::nullopt;
    } catch (const CLI::CallForHelp&) {
        std::cout << cli.root.help();
        return 0;
    } catch (const CLI::CallForVersion& e) {
        std::cout << e.what() << "\n";
        return 0;
    } catch (const CLI::ParseError& e) {
        // --help wins over a bad value, as it did before CLI11, which checks values first.
        const auto asks_for_help = [&] {
            for (int i = 1; i < argc && std::string_view(argv[i]) != "--"; ++i)
                if (std::string_view(argv[i]) == "--help" || std::string_view(argv[i]) == "-h") return true;
            return false;
        };
        if (asks_for_help()) {
            std::cout << cli.root.help();
            return 0;
        }
        return usage_error(cli.current(), e.what());
    }
}

}  // namespace costpanel::app
