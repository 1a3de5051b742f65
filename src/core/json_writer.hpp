#pragma once
// A minimal JSON writer that appends to a caller-owned std::string. It is used on the hot
// path to render each event once; it never allocates beyond growing `out`.
//
// The writer does not check structure (the caller writes keys and values in valid order);
// it takes care of commas and of string escaping.
#include <cstdint>
#include <string>
#include <string_view>

namespace ordercast::core {

// Appends `s` as a JSON string literal (quotes included), escaping per RFC 8259.
void append_json_string(std::string& out, std::string_view s);

class json_writer {
public:
    explicit json_writer(std::string& out) : out_(out) {}

    json_writer& begin_object() { separate(); out_.push_back('{'); first_ = true; return *this; }
    json_writer& end_object() { out_.push_back('}'); first_ = false; return *this; }
    json_writer& begin_array() { separate(); out_.push_back('['); first_ = true; return *this; }
    json_writer& end_array() { out_.push_back(']'); first_ = false; return *this; }

    json_writer& key(std::string_view k) {
        separate();
        append_json_string(out_, k);
        out_.push_back(':');
        first_ = true;  // the value that follows needs no comma
        return *this;
    }
    json_writer& string(std::string_view v) { separate(); append_json_string(out_, v); return *this; }
    json_writer& number(std::int64_t v);
    json_writer& unsigned_number(std::uint64_t v);
    json_writer& floating(double v);
    json_writer& boolean(bool v) { separate(); out_.append(v ? "true" : "false"); return *this; }
    json_writer& null() { separate(); out_.append("null"); return *this; }
    // Appends already-serialized JSON (the caller guarantees it is valid).
    json_writer& raw(std::string_view json) { separate(); out_.append(json); return *this; }
    // Appends an ISO 8601 timestamp string for unix milliseconds.
    json_writer& timestamp(std::int64_t unix_ms);

    // key/value shorthands
    json_writer& field(std::string_view k, std::string_view v) { return key(k).string(v); }
    json_writer& field(std::string_view k, const char* v) { return key(k).string(v); }
    json_writer& field(std::string_view k, std::int64_t v) { return key(k).number(v); }
    json_writer& field(std::string_view k, int v) { return key(k).number(v); }
    json_writer& field(std::string_view k, std::uint64_t v) { return key(k).unsigned_number(v); }
    json_writer& field(std::string_view k, bool v) { return key(k).boolean(v); }
    json_writer& field(std::string_view k, double v) { return key(k).floating(v); }

    std::string& out() { return out_; }

private:
    void separate() {
        if (!first_) out_.push_back(',');
        first_ = false;
    }
    std::string& out_;
    bool first_ = true;
};

}  // namespace ordercast::core
