// libFuzzer: any bytes in as the body of an OTLP/HTTP JSON request to each of /v1/traces, /v1/logs and
// /v1/metrics (otlp_json, then otlp_calls): refused saying why, or read, never a crash. Read, every
// span, record or data point is one of a call, a rejection or an ignored item; every call an api_call
// within PROTOCOL.md's bounds (counts in 0 ... 10^12, finite latencies and costs); folded as the
// receiver's source folds it, and again, as an exporter retries: every call with an id is then a
// duplicate; and the session's books balance (no negative count, finite money, the summary serialises).
#include "fuzz_otlp_common.hpp"
#include "otlp/otlp_json.hpp"

template <typename Request> void fuzz_one(std::string_view body)
{
    Request request;
    std::string why;
    if (!costpanel::otlp::from_json(body, request, why)) {
        fuzz::check(!why.empty());  // the 400's message
        return;
    }
    fuzz::read_and_fold(request);
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view body(reinterpret_cast<const char*>(data), size);
    fuzz_one<costpanel::otlp::ExportTraceServiceRequest>(body);
    fuzz_one<costpanel::otlp::ExportLogsServiceRequest>(body);
    fuzz_one<costpanel::otlp::ExportMetricsServiceRequest>(body);
    return 0;
}
