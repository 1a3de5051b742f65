#include "support/json.hpp"

#include <cstdio>
#include <regex>

namespace ordercast::test {

json_value json_value::parse(std::string_view text) {
    auto parser = std::make_shared<simdjson::dom::parser>();
    simdjson::dom::element root;
    if (parser->parse(text.data(), text.size()).get(root) != simdjson::SUCCESS) return {};
    return json_value(std::move(parser), root);
}

bool json_value::is_object() const {
    return exists() && element_.is_object();
}
bool json_value::is_array() const {
    return exists() && element_.is_array();
}
bool json_value::is_string() const {
    return exists() && element_.is_string();
}
bool json_value::is_number() const {
    return exists() && element_.is_number();
}
bool json_value::is_null() const {
    return exists() && element_.is_null();
}

json_value json_value::at(std::string_view pointer) const {
    if (!exists()) return {};
    if (pointer.empty()) return *this;
    simdjson::dom::element found;
    if (element_.at_pointer(pointer).get(found) != simdjson::SUCCESS) return {};
    return json_value(parser_, found);
}

std::optional<std::string> json_value::str(std::string_view pointer) const {
    auto v = at(pointer);
    std::string_view s;
    if (!v.exists() || v.element_.get_string().get(s) != simdjson::SUCCESS) return std::nullopt;
    return std::string(s);
}

std::optional<std::int64_t> json_value::i64(std::string_view pointer) const {
    auto v = at(pointer);
    std::int64_t n = 0;
    if (!v.exists() || v.element_.get_int64().get(n) != simdjson::SUCCESS) return std::nullopt;
    return n;
}

std::optional<double> json_value::number(std::string_view pointer) const {
    auto v = at(pointer);
    double d = 0;
    if (!v.exists() || !v.element_.is_number() || v.element_.get_double().get(d) != simdjson::SUCCESS)
        return std::nullopt;
    return d;
}

std::optional<bool> json_value::boolean(std::string_view pointer) const {
    auto v = at(pointer);
    bool b = false;
    if (!v.exists() || v.element_.get_bool().get(b) != simdjson::SUCCESS) return std::nullopt;
    return b;
}

std::vector<json_value> json_value::items(std::string_view pointer) const {
    std::vector<json_value> out;
    auto v = at(pointer);
    simdjson::dom::array array;
    if (!v.exists() || v.element_.get_array().get(array) != simdjson::SUCCESS) return out;
    for (simdjson::dom::element e : array) out.push_back(json_value(parser_, e));
    return out;
}

std::vector<std::string> json_value::keys(std::string_view pointer) const {
    std::vector<std::string> out;
    auto v = at(pointer);
    simdjson::dom::object object;
    if (!v.exists() || v.element_.get_object().get(object) != simdjson::SUCCESS) return out;
    for (auto field : object) out.emplace_back(field.key);
    return out;
}

std::vector<std::string> json_value::strings(std::string_view pointer) const {
    std::vector<std::string> out;
    for (const auto& item : items(pointer))
        if (auto s = item.str()) out.push_back(std::move(*s));
    return out;
}

std::string json_value::dump() const {
    if (!exists()) return "<missing>";
    return simdjson::minify(element_);
}

std::string json_quote(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 2);
    out.push_back('"');
    for (char c : s) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
                    out += buf;
                } else {
                    out.push_back(c);
                }
        }
    }
    out.push_back('"');
    return out;
}

bool is_iso8601_utc_ms(std::string_view s) {
    static const std::regex k_pattern(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$)");
    return std::regex_match(s.begin(), s.end(), k_pattern);
}

}  // namespace ordercast::test
