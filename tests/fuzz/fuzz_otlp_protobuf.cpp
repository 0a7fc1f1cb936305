// libFuzzer: any bytes in as the body of an OTLP/HTTP protobuf request to each of /v1/traces, /v1/logs
// and /v1/metrics (the messages of the project's .proto files, parsed as the receiver parses them,
// then otlp_calls): not a message, or read, never a crash; then the invariants of fuzz_otlp_json.cpp
// (fuzz_otlp_common.hpp), on what only this encoding sends: ids of any bytes, unknown fields.
#include "fuzz_otlp_common.hpp"

#include <google/protobuf/stubs/logging.h>

template <typename Request> void fuzz_one(const std::uint8_t* data, std::size_t size)
{
    Request request;
    if (!request.ParseFromArray(data, static_cast<int>(size))) return;  // the receiver's 400
    fuzz::read_and_fold(request);
}

// protobuf logs each string it finds not UTF-8 to stderr: millions of lines, and a slower fuzzer.
extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    google::protobuf::SetLogHandler(nullptr);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    fuzz_one<costpanel::otlp::ExportTraceServiceRequest>(data, size);
    fuzz_one<costpanel::otlp::ExportLogsServiceRequest>(data, size);
    fuzz_one<costpanel::otlp::ExportMetricsServiceRequest>(data, size);
    return 0;
}
