#pragma once
// Reading values out of Prometheus text exposition (GET /metrics).
#include <optional>
#include <string_view>

namespace ordercast::test {

// The sum of every sample named exactly `name` whose labels include all of `labels`
// (written as in the exposition, e.g. `route="/health",status="200"`; order does not
// matter). nullopt when no such sample exists.
std::optional<double> metric_value(std::string_view text, std::string_view name,
                                   std::string_view labels = {});

}  // namespace ordercast::test
