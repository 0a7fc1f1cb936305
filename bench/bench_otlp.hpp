// Figures of the OTLP/HTTP receiver, for costpanel_bench: spans into the session over keep-alive, in
// both encodings, on one core; the time to answer a request; the panel's frames while spans arrive.
#pragma once

#include <string>
#include <vector>

namespace bench {

struct OtlpFigure
{
    std::string what, value, target, verdict;
};

std::vector<OtlpFigure> measure_otlp(bool quick);

}  // namespace bench
