#include "costpanel/core/pricing.hpp"

#include "platform/text.hpp"

namespace costpanel {

std::string fold_provider(std::string_view provider)
{
    std::string p = to_lower(trim(provider));
    // LiteLLM's names, then OpenTelemetry's gen_ai.provider.name values.
    if (p == "gemini" || p == "google_ai_studio" || p.starts_with("vertex_ai") || p == "gcp.gemini" ||
        p == "gcp.vertex_ai" || p == "gcp.gen_ai")
        return "google";
    if (p == "claude") return "anthropic";
    if (p == "aws.bedrock") return "bedrock";
    if (p == "azure.ai.openai" || p == "azure_ai") return "azure";
    if (p == "x_ai") return "xai";
    if (p == "mistral_ai") return "mistral";
    return p;
}

std::string_view strip_model_prefix(std::string_view model_id)
{
    // One leading segment: "openai/gpt-4o" and "models/gemini-2.5-pro" both name the model after it.
    const auto slash = model_id.find('/');
    if (slash == std::string_view::npos || slash + 1 == model_id.size()) return model_id;
    return model_id.substr(slash + 1);
}

}  // namespace costpanel
