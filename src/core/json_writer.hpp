#pragma once
// A minimal JSON writer that appends to a caller-owned std::string. It is used on the hot
// path to render each event once; it never allocates beyond growing `out`.
//
// The writer does not check structure (the caller writes keys and values in valid order);
// it takes care of commas and of string escaping.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/assert.hpp"

namespace ordercast::core {

// Appends `s` as a JSON string literal (quotes included), escaping per RFC 8259.
void append_json_string(std::string& out, std::string_view s);
// True when `k` needs no escaping (checks the literal keys of json_writer in debug builds).
bool is_plain_key(std::string_view k);

class json_writer {
public:
    explicit json_writer(std::string& out) : out_(out) {}

    json_writer& begin_object() {
        separate();
        out_.push_back('{');
        first_ = true;
        return *this;
    }
    json_writer& end_object() {
        out_.push_back('}');
        first_ = false;
        return *this;
    }
    json_writer& begin_array() {
        separate();
        out_.push_back('[');
        first_ = true;
        return *this;
    }
    json_writer& end_array() {
        out_.push_back(']');
        first_ = false;
        return *this;
    }

    json_writer& key(std::string_view k) {
        separate();
        append_json_string(out_, k);
        out_.push_back(':');
        first_ = true;  // the value that follows needs no comma
        return *this;
    }
    // A key written in the source ("type", "orderId"): copied without the escape scan, which
    // costs more than the copy for such short strings. Keys from data take the overload above.
    template <std::size_t N>
    json_writer& key(const char (&k)[N]) {
        OC_DEBUG_ASSERT(is_plain_key(std::string_view(k, N - 1)));
        separate();
        out_.push_back('"');
        out_.append(k, N - 1);
        out_.append("\":", 2);
        first_ = true;
        return *this;
    }
    // A key fixed in the source that is not a literal here (a dialect's event table names its
    // wire fields): copied without the escape scan, as above. The caller guarantees it is plain
    // (the dialects' tables are checked by event_tables_test).
    json_writer& plain_key(std::string_view k) {
        OC_DEBUG_ASSERT(is_plain_key(k));
        separate();
        out_.push_back('"');
        out_.append(k);
        out_.append("\":", 2);
        first_ = true;
        return *this;
    }
    json_writer& string(std::string_view v) {
        separate();
        append_json_string(out_, v);
        return *this;
    }
    json_writer& number(std::int64_t v);
    json_writer& unsigned_number(std::uint64_t v);
    json_writer& floating(double v);
    json_writer& boolean(bool v) {
        separate();
        out_.append(v ? "true" : "false");
        return *this;
    }
    json_writer& null() {
        separate();
        out_.append("null");
        return *this;
    }
    // Appends already-serialized JSON (the caller guarantees it is valid).
    json_writer& raw(std::string_view json) {
        separate();
        out_.append(json);
        return *this;
    }
    // Appends an ISO 8601 timestamp string for unix milliseconds.
    json_writer& timestamp(std::int64_t unix_ms);

    // key/value shorthands (K: a literal, or any string)
    template <class K>
    json_writer& field(const K& k, std::string_view v) {
        return key(k).string(v);
    }
    template <class K>
    json_writer& field(const K& k, const char* v) {
        return key(k).string(v);
    }
    template <class K>
    json_writer& field(const K& k, std::int64_t v) {
        return key(k).number(v);
    }
    template <class K>
    json_writer& field(const K& k, int v) {
        return key(k).number(v);
    }
    template <class K>
    json_writer& field(const K& k, std::uint64_t v) {
        return key(k).unsigned_number(v);
    }
    template <class K>
    json_writer& field(const K& k, bool v) {
        return key(k).boolean(v);
    }
    template <class K>
    json_writer& field(const K& k, double v) {
        return key(k).floating(v);
    }

    // Nullable shorthands for values the store keeps as "not set" (an empty text, a time of
    // 0, an empty optional): the wire says null for those, the value otherwise.
    template <class K>
    json_writer& field_or_null(const K& k, std::string_view v) {
        key(k);
        return v.empty() ? null() : string(v);
    }
    template <class K>
    json_writer& field_or_null(const K& k, const std::optional<double>& v) {
        key(k);
        return v ? floating(*v) : null();
    }
    template <class K>
    json_writer& field_or_null(const K& k, const std::optional<std::int64_t>& v) {
        key(k);
        return v ? number(*v) : null();
    }
    // An ISO 8601 timestamp, or null for 0 (a time that has not happened).
    template <class K>
    json_writer& timestamp_or_null(const K& k, std::int64_t unix_ms) {
        key(k);
        return unix_ms == 0 ? null() : timestamp(unix_ms);
    }

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
