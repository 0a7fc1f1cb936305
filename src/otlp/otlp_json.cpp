#include "otlp_json.hpp"

#include <simdjson.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>

namespace costpanel::otlp {

namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

// A request that is not what it should be: the reason goes up to the 400's message.
struct Bad
{
    std::string why;
};

[[noreturn]] void bad(std::string why)
{
    throw Bad{std::move(why)};
}

// The key as OTLP writes it (lowerCamelCase) or as the .proto names it.
bool is(std::string_view key, std::string_view camel, std::string_view snake)
{
    return key == camel || key == snake;
}

object object_of(element e, std::string_view what)
{
    object o;
    if (e.get_object().get(o)) bad(std::string(what) + " is not an object");
    return o;
}

array array_of(element e, std::string_view what)
{
    array a;
    if (e.get_array().get(a)) bad(std::string(what) + " is not an array");
    return a;
}

std::string_view string_of(element e, std::string_view what)
{
    std::string_view s;
    if (e.get_string().get(s)) bad(std::string(what) + " is not a string");
    return s;
}

// A 64-bit integer: a JSON number, or a decimal string (protobuf's JSON mapping writes them so).
template <typename Int> Int integer_of(element e, std::string_view what)
{
    Int n{};
    if (e.is_string()) {
        const std::string_view s = e.get_string().value_unsafe();
        const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
        if (ec != std::errc() || end != s.data() + s.size() || s.empty())
            bad(std::string(what) + " is not an integer");
        return n;
    }
    if constexpr (std::is_signed_v<Int>) {
        std::int64_t v = 0;
        if (!e.get_int64().get(v) && std::in_range<Int>(v)) return static_cast<Int>(v);
    } else {
        std::uint64_t v = 0;
        if (!e.get_uint64().get(v) && std::in_range<Int>(v)) return static_cast<Int>(v);
    }
    // 1e3 or 1000.0: a number written as a double that is still a whole one, in Int's range, from its
    // lowest (0, or -2^digits) to below 2^digits: -5 is no time, 1e10 no int32, and converting either
    // is undefined. NaN and the infinities fail the comparisons.
    double d = 0;
    const double lowest = static_cast<double>(std::numeric_limits<Int>::min());
    const double past = std::ldexp(1.0, std::numeric_limits<Int>::digits);
    if (!e.get_double().get(d) && d == std::floor(d) && d >= lowest && d < past) return static_cast<Int>(d);
    bad(std::string(what) + " is not an integer");
}

double double_of(element e, std::string_view what)
{
    double d = 0;
    if (!e.get_double().get(d)) return d;
    if (e.is_string()) {  // "NaN", "Infinity", as protobuf's JSON mapping writes those
        const std::string_view s = e.get_string().value_unsafe();
        if (s == "NaN") return std::nan("");
        if (s == "Infinity") return INFINITY;
        if (s == "-Infinity") return -INFINITY;
    }
    bad(std::string(what) + " is not a number");
}

int hex_digit(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// traceId and spanId: hex in OTLP's JSON (not base64, as protobuf's JSON mapping would have it).
std::string id_of(element e, std::string_view what)
{
    const std::string_view hex = string_of(e, what);
    if (hex.size() % 2) bad(std::string(what) + " is not hex");
    std::string bytes(hex.size() / 2, '\0');
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const int hi = hex_digit(hex[2 * i]), lo = hex_digit(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) bad(std::string(what) + " is not hex");
        bytes[i] = static_cast<char>(hi * 16 + lo);
    }
    return bytes;
}

std::string base64_of(element e, std::string_view what)
{
    const std::string_view s = string_of(e, what);
    std::string out;
    std::uint32_t bits = 0;
    int count = 0;
    for (const char c : s) {
        int v;
        if (c >= 'A' && c <= 'Z')
            v = c - 'A';
        else if (c >= 'a' && c <= 'z')
            v = c - 'a' + 26;
        else if (c >= '0' && c <= '9')
            v = c - '0' + 52;
        else if (c == '+' || c == '-')
            v = 62;
        else if (c == '/' || c == '_')
            v = 63;
        else if (c == '=')
            break;
        else
            bad(std::string(what) + " is not base64");
        bits = (bits << 6) | static_cast<std::uint32_t>(v);
        if ((count += 6) >= 8) {
            count -= 8;
            out.push_back(static_cast<char>((bits >> count) & 0xff));
        }
    }
    return out;
}

void read_key_value(element e, KeyValue& out);
void read_any_value_of(element e, AnyValue& out);

// A value its sender wrote wrongly ({"doubleValue": {}}, as one client does) is left unset, as an
// empty AnyValue is: that attribute is missing, the request is still read.
void read_any_value(element e, AnyValue& out)
{
    if (!e.is_object()) return;
    try {
        read_any_value_of(e, out);
    } catch (const Bad&) {
        out.Clear();
    }
}

void read_any_value_of(element e, AnyValue& out)
{
    for (const auto [key, value] : object_of(e, "an attribute's value")) {
        if (is(key, "stringValue", "string_value")) {
            out.set_string_value(std::string(string_of(value, "stringValue")));
        } else if (is(key, "boolValue", "bool_value")) {
            bool b = false;
            if (value.get_bool().get(b)) bad("boolValue is not a boolean");
            out.set_bool_value(b);
        } else if (is(key, "intValue", "int_value")) {
            out.set_int_value(integer_of<std::int64_t>(value, "intValue"));
        } else if (is(key, "doubleValue", "double_value")) {
            out.set_double_value(double_of(value, "doubleValue"));
        } else if (is(key, "arrayValue", "array_value")) {
            auto* values = out.mutable_array_value()->mutable_values();
            for (const auto [k, v] : object_of(value, "arrayValue"))
                if (k == "values")
                    for (const element item : array_of(v, "arrayValue.values"))
                        read_any_value(item, *values->Add());
        } else if (is(key, "kvlistValue", "kvlist_value")) {
            auto* values = out.mutable_kvlist_value()->mutable_values();
            for (const auto [k, v] : object_of(value, "kvlistValue"))
                if (k == "values")
                    for (const element item : array_of(v, "kvlistValue.values"))
                        read_key_value(item, *values->Add());
        } else if (is(key, "bytesValue", "bytes_value")) {
            out.set_bytes_value(base64_of(value, "bytesValue"));
        }
    }
}

void read_key_value(element e, KeyValue& out)
{
    for (const auto [key, value] : object_of(e, "an attribute")) {
        if (key == "key")
            out.set_key(std::string(string_of(value, "an attribute's key")));
        else if (key == "value" && !value.is_null())
            read_any_value(value, *out.mutable_value());
    }
}

void read_attributes(element e, google::protobuf::RepeatedPtrField<KeyValue>& out)
{
    for (const element item : array_of(e, "attributes")) read_key_value(item, *out.Add());
}

void read_resource(element e, Resource& out)
{
    for (const auto [key, value] : object_of(e, "resource"))
        if (key == "attributes") read_attributes(value, *out.mutable_attributes());
}

void read_scope(element e, InstrumentationScope& out)
{
    for (const auto [key, value] : object_of(e, "scope")) {
        if (key == "name")
            out.set_name(std::string(string_of(value, "scope.name")));
        else if (key == "version")
            out.set_version(std::string(string_of(value, "scope.version")));
        else if (key == "attributes")
            read_attributes(value, *out.mutable_attributes());
    }
}

// The members of `e` that are lists of `T`, by either name, each item read by `read`.
template <typename T, typename Read>
void read_list(element e, std::string_view what, google::protobuf::RepeatedPtrField<T>& out, Read read)
{
    if (e.is_null()) return;
    for (const element item : array_of(e, what)) read(item, *out.Add());
}

void read_span(element e, Span& out)
{
    for (const auto [key, value] : object_of(e, "a span")) {
        if (is(key, "traceId", "trace_id"))
            out.set_trace_id(id_of(value, "traceId"));
        else if (is(key, "spanId", "span_id"))
            out.set_span_id(id_of(value, "spanId"));
        else if (key == "name")
            out.set_name(std::string(string_of(value, "a span's name")));
        else if (is(key, "startTimeUnixNano", "start_time_unix_nano"))
            out.set_start_time_unix_nano(integer_of<std::uint64_t>(value, "startTimeUnixNano"));
        else if (is(key, "endTimeUnixNano", "end_time_unix_nano"))
            out.set_end_time_unix_nano(integer_of<std::uint64_t>(value, "endTimeUnixNano"));
        else if (key == "attributes")
            read_attributes(value, *out.mutable_attributes());
        else if (key == "status")
            for (const auto [k, v] : object_of(value, "a span's status")) {
                if (k == "message")
                    out.mutable_status()->set_message(std::string(string_of(v, "status.message")));
                if (k == "code") {
                    // An integer, as OTLP's JSON requires; the enum's name, as protobuf's JSON allows.
                    if (v.is_string() && v.get_string().value_unsafe() == "STATUS_CODE_ERROR")
                        out.mutable_status()->set_code(2);
                    else if (!v.is_string())
                        out.mutable_status()->set_code(integer_of<std::int32_t>(v, "status.code"));
                }
            }
    }
}

void read_log_record(element e, LogRecord& out)
{
    for (const auto [key, value] : object_of(e, "a log record")) {
        if (is(key, "timeUnixNano", "time_unix_nano"))
            out.set_time_unix_nano(integer_of<std::uint64_t>(value, "timeUnixNano"));
        else if (is(key, "observedTimeUnixNano", "observed_time_unix_nano"))
            out.set_observed_time_unix_nano(integer_of<std::uint64_t>(value, "observedTimeUnixNano"));
        else if (key == "body" && !value.is_null())
            read_any_value(value, *out.mutable_body());
        else if (key == "attributes")
            read_attributes(value, *out.mutable_attributes());
        else if (is(key, "traceId", "trace_id"))
            out.set_trace_id(id_of(value, "traceId"));
        else if (is(key, "spanId", "span_id"))
            out.set_span_id(id_of(value, "spanId"));
        else if (is(key, "eventName", "event_name"))
            out.set_event_name(std::string(string_of(value, "eventName")));
    }
}

void read_metric(element e, Metric& out)
{
    for (const auto [key, value] : object_of(e, "a metric")) {
        DataPoints* points = nullptr;
        if (key == "name")
            out.set_name(std::string(string_of(value, "a metric's name")));
        else if (key == "gauge")
            points = out.mutable_gauge();
        else if (key == "sum")
            points = out.mutable_sum();
        else if (key == "histogram")
            points = out.mutable_histogram();
        else if (is(key, "exponentialHistogram", "exponential_histogram"))
            points = out.mutable_exponential_histogram();
        else if (key == "summary")
            points = out.mutable_summary();
        if (!points) continue;
        for (const auto [k, v] : object_of(value, key))
            if (is(k, "dataPoints", "data_points"))
                read_list(v, "dataPoints", *points->mutable_data_points(), [](element, DataPoint&) {});
    }
}

// The parser and its buffers are kept per thread: a server thread reads request after request.
simdjson::dom::parser& parser()
{
    thread_local simdjson::dom::parser p;
    // One huge request does not keep its memory for the thread's life.
    if (p.capacity() > 16 * 1024 * 1024) p = simdjson::dom::parser();
    return p;
}

// The top-level keys of the other signals' requests: one sent to the wrong path is refused, not read
// as an empty request.
constexpr std::string_view kSignalKeys[] = {"resourceSpans", "resource_spans",  "resourceLogs",
                                            "resource_logs", "resourceMetrics", "resource_metrics"};

// `camel`, `snake`: the names of the request's own list (resourceSpans, resource_spans, ...).
template <typename Request, typename ReadTop>
bool decode(std::string_view body, Request& out, std::string& why, ReadTop read_top, std::string_view camel,
            std::string_view snake)
{
    element root;
    // A copy with simdjson's padding, as the request body has none.
    const simdjson::padded_string padded(body);
    if (const auto error = parser().parse(padded).get(root)) {
        why = std::string("not JSON: ") + simdjson::error_message(error);
        return false;
    }
    try {
        for (const auto [key, value] : object_of(root, "the request")) {
            for (const std::string_view other : kSignalKeys)
                if (key == other && !is(key, camel, snake))
                    bad(std::string(key) + " is another signal's: a request of it belongs at its own path");
            read_top(key, value, out);
        }
    } catch (const Bad& b) {
        why = b.why;
        return false;
    }
    return true;
}

}  // namespace

bool from_json(std::string_view body, ExportTraceServiceRequest& out, std::string& why)
{
    return decode(
        body, out, why,
        [](std::string_view key, element value, ExportTraceServiceRequest& r) {
            if (!is(key, "resourceSpans", "resource_spans")) return;
            read_list(value, "resourceSpans", *r.mutable_resource_spans(), [](element e, ResourceSpans& rs) {
                for (const auto [k, v] : object_of(e, "resourceSpans[]")) {
                    if (k == "resource") read_resource(v, *rs.mutable_resource());
                    if (!is(k, "scopeSpans", "scope_spans")) continue;
                    read_list(v, "scopeSpans", *rs.mutable_scope_spans(), [](element s, ScopeSpans& ss) {
                        for (const auto [sk, sv] : object_of(s, "scopeSpans[]")) {
                            if (sk == "scope") read_scope(sv, *ss.mutable_scope());
                            if (sk == "spans") read_list(sv, "spans", *ss.mutable_spans(), read_span);
                        }
                    });
                }
            });
        },
        "resourceSpans", "resource_spans");
}

bool from_json(std::string_view body, ExportLogsServiceRequest& out, std::string& why)
{
    return decode(
        body, out, why,
        [](std::string_view key, element value, ExportLogsServiceRequest& r) {
            if (!is(key, "resourceLogs", "resource_logs")) return;
            read_list(value, "resourceLogs", *r.mutable_resource_logs(), [](element e, ResourceLogs& rl) {
                for (const auto [k, v] : object_of(e, "resourceLogs[]")) {
                    if (k == "resource") read_resource(v, *rl.mutable_resource());
                    if (!is(k, "scopeLogs", "scope_logs")) continue;
                    read_list(v, "scopeLogs", *rl.mutable_scope_logs(), [](element s, ScopeLogs& sl) {
                        for (const auto [sk, sv] : object_of(s, "scopeLogs[]")) {
                            if (sk == "scope") read_scope(sv, *sl.mutable_scope());
                            if (is(sk, "logRecords", "log_records"))
                                read_list(sv, "logRecords", *sl.mutable_log_records(), read_log_record);
                        }
                    });
                }
            });
        },
        "resourceLogs", "resource_logs");
}

bool from_json(std::string_view body, ExportMetricsServiceRequest& out, std::string& why)
{
    return decode(
        body, out, why,
        [](std::string_view key, element value, ExportMetricsServiceRequest& r) {
            if (!is(key, "resourceMetrics", "resource_metrics")) return;
            read_list(
                value, "resourceMetrics", *r.mutable_resource_metrics(), [](element e, ResourceMetrics& rm) {
                    for (const auto [k, v] : object_of(e, "resourceMetrics[]")) {
                        if (k == "resource") read_resource(v, *rm.mutable_resource());
                        if (!is(k, "scopeMetrics", "scope_metrics")) continue;
                        read_list(v, "scopeMetrics", *rm.mutable_scope_metrics(),
                                  [](element s, ScopeMetrics& sm) {
                                      for (const auto [sk, sv] : object_of(s, "scopeMetrics[]")) {
                                          if (sk == "scope") read_scope(sv, *sm.mutable_scope());
                                          if (sk == "metrics")
                                              read_list(sv, "metrics", *sm.mutable_metrics(), read_metric);
                                      }
                                  });
                    }
                });
        },
        "resourceMetrics", "resource_metrics");
}

}  // namespace costpanel::otlp
