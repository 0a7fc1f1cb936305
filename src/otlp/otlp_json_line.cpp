#include "otlp_json_line.hpp"

#include "otlp_json.hpp"

namespace costpanel::otlp {

namespace {

template <typename Request> bool read_as(std::string_view line, Calls& out, std::string& why)
{
    Request request;
    if (!from_json(line, request, why)) return false;
    read_calls(request, out);
    return true;
}

}  // namespace

bool read_json_line(std::string_view line, Calls& out, std::string& why)
{
    // The key it opens with says which request it is (is_otlp_json_line() looked at it already).
    const std::size_t key = line.find("\"resource");
    const std::string_view rest = key == std::string_view::npos ? std::string_view() : line.substr(key);
    if (rest.starts_with("\"resourceSpans\"")) return read_as<ExportTraceServiceRequest>(line, out, why);
    if (rest.starts_with("\"resourceLogs\"")) return read_as<ExportLogsServiceRequest>(line, out, why);
    if (rest.starts_with("\"resourceMetrics\"")) return read_as<ExportMetricsServiceRequest>(line, out, why);
    why = "not an OTLP export request";
    return false;
}

}  // namespace costpanel::otlp
