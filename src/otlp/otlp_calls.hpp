// OTLP requests read as api_call events (PROTOCOL.md, "OpenTelemetry: OTLP/HTTP"): spans with the
// GenAI conventions' usage attributes, and the agent CLIs' per-request log records. Everything else
// a client exports (other spans and records, every metric) is accepted and counted as not a call.
#pragma once

#include "costpanel/core/events.hpp"
#include "otlp_logs.pb.h"
#include "otlp_metrics.pb.h"
#include "otlp_trace.pb.h"

#include <cstdint>
#include <string>
#include <vector>

namespace costpanel::otlp {

struct Calls
{
    std::vector<Event> calls;
    std::vector<std::string> rejected;  // a reason for each span or record that broke a rule of api_call
    std::uint64_t items = 0;            // spans, log records or metric data points in the request
    std::uint64_t ignored = 0;          // of those, the ones that are not calls
    std::string path;                   // the request's: "/v1/traces", ...
    std::uint64_t bytes = 0;            // its body, as sent
};

void read_calls(const ExportTraceServiceRequest& request, Calls& out);
void read_calls(const ExportLogsServiceRequest& request, Calls& out);
void read_calls(const ExportMetricsServiceRequest& request, Calls& out);

}  // namespace costpanel::otlp
