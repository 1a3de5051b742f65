#include "support/prometheus.hpp"

#include <charconv>
#include <string>
#include <vector>

namespace ordercast::test {
namespace {

// Splits `a="x",b="y"` into its pairs; quoted values may contain commas.
std::vector<std::string> split_labels(std::string_view s) {
    std::vector<std::string> out;
    std::string cur;
    bool quoted = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c == '\\' && quoted && i + 1 < s.size()) {
            cur += c;
            cur += s[++i];
            continue;
        }
        if (c == '"') quoted = !quoted;
        if (c == ',' && !quoted) {
            if (!cur.empty()) out.push_back(cur);
            cur.clear();
            continue;
        }
        if (c == ' ' && !quoted) continue;
        cur += c;
    }
    if (!cur.empty()) out.push_back(cur);
    return out;
}

}  // namespace

std::optional<double> metric_value(std::string_view text, std::string_view name, std::string_view labels) {
    auto wanted = split_labels(labels);
    std::optional<double> total;
    while (!text.empty()) {
        auto nl = text.find('\n');
        auto line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
        if (line.empty() || line.front() == '#' || !line.starts_with(name)) continue;
        auto rest = line.substr(name.size());
        std::vector<std::string> have;
        if (!rest.empty() && rest.front() == '{') {
            auto close = rest.rfind('}');
            if (close == std::string_view::npos) continue;
            have = split_labels(rest.substr(1, close - 1));
            rest = rest.substr(close + 1);
        } else if (rest.empty() || rest.front() != ' ') {
            continue;  // a longer metric name sharing this prefix
        }
        bool match = true;
        for (const auto& w : wanted) {
            bool found = false;
            for (const auto& h : have) found = found || h == w;
            match = match && found;
        }
        if (!match) continue;
        while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
        auto end = rest.find(' ');
        auto number = std::string(rest.substr(0, end));
        try {
            total = total.value_or(0) + std::stod(number);
        } catch (...) {
        }
    }
    return total;
}

}  // namespace ordercast::test
