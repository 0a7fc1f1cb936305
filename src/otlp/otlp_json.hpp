// OTLP's JSON encoding (the OTLP specification, "JSON Protobuf Encoding") read into the same messages
// the protobuf encoding gives, so that one mapping serves both. Ids are hex, not base64; 64-bit
// integers may be strings or numbers; enums are integers; unknown fields are ignored. Field names
// are the lowerCamelCase ones OTLP requires, or the proto's own, as protobuf's JSON readers take.
#pragma once

#include "otlp_logs.pb.h"
#include "otlp_metrics.pb.h"
#include "otlp_trace.pb.h"

#include <string>
#include <string_view>

namespace costpanel::otlp {

// Each: false, with why, when `body` is not JSON or not the request it should be.
bool from_json(std::string_view body, ExportTraceServiceRequest& out, std::string& why);
bool from_json(std::string_view body, ExportLogsServiceRequest& out, std::string& why);
bool from_json(std::string_view body, ExportMetricsServiceRequest& out, std::string& why);

}  // namespace costpanel::otlp
