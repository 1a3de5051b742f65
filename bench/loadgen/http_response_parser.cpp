#include "bench/loadgen/http_response_parser.hpp"

#include <cctype>
#include <charconv>

namespace ordercast::bench {

namespace {

bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

std::string_view trim(std::string_view s) noexcept {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// Consumes a chunked body starting at `data`; returns its size or incomplete/malformed.
std::size_t chunked_body_size(std::string_view data) {
    std::size_t pos = 0;
    for (;;) {
        std::size_t eol = data.find("\r\n", pos);
        if (eol == std::string_view::npos) return k_http_incomplete;
        std::string_view line = data.substr(pos, eol - pos);
        if (auto semi = line.find(';'); semi != std::string_view::npos) line = line.substr(0, semi);
        line = trim(line);
        std::size_t size = 0;
        auto [end, ec] = std::from_chars(line.data(), line.data() + line.size(), size, 16);
        if (ec != std::errc{} || end != line.data() + line.size()) return k_http_malformed;
        pos = eol + 2;
        if (size == 0) {
            // Trailers are not used by any server here; expect the final CRLF.
            if (data.size() - pos < 2) return k_http_incomplete;
            if (data.substr(pos, 2) != "\r\n") return k_http_malformed;
            return pos + 2;
        }
        if (data.size() - pos < size + 2) return k_http_incomplete;
        pos += size + 2;
    }
}

}  // namespace

std::size_t http_header_size(std::string_view data) noexcept {
    std::size_t end = data.find("\r\n\r\n");
    return end == std::string_view::npos ? 0 : end + 4;
}

std::size_t parse_http_response(std::string_view data, http_response& out) {
    if (data.size() >= 5 && data.substr(0, 5) != "HTTP/") return k_http_malformed;
    const std::size_t header_size = http_header_size(data);
    if (header_size == 0) return k_http_incomplete;
    std::string_view head = data.substr(0, header_size - 2);
    std::size_t eol = head.find("\r\n");
    std::string_view status_line = head.substr(0, eol);
    if (status_line.size() < 12 || status_line.substr(0, 7) != "HTTP/1." || status_line[8] != ' ')
        return k_http_malformed;
    int status = 0;
    auto [send, sec] = std::from_chars(status_line.data() + 9, status_line.data() + 12, status);
    if (sec != std::errc{} || send != status_line.data() + 12) return k_http_malformed;

    std::size_t content_length = 0;
    bool chunked = false;
    std::size_t pos = eol + 2;
    while (pos < head.size()) {
        std::size_t next = head.find("\r\n", pos);
        if (next == std::string_view::npos) next = head.size();
        std::string_view line = head.substr(pos, next - pos);
        pos = next + 2;
        std::size_t colon = line.find(':');
        if (colon == std::string_view::npos) return k_http_malformed;
        std::string_view name = trim(line.substr(0, colon));
        std::string_view value = trim(line.substr(colon + 1));
        if (iequals(name, "content-length")) {
            auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), content_length);
            if (ec != std::errc{} || end != value.data() + value.size()) return k_http_malformed;
        } else if (iequals(name, "transfer-encoding")) {
            chunked = iequals(value, "chunked");
        }
    }
    out.status = status;
    out.chunked = chunked;
    if (status == 101 || status == 204 || status == 304) {
        out.body = {};
        return header_size;
    }
    if (chunked) {
        std::size_t body = chunked_body_size(data.substr(header_size));
        if (body == k_http_incomplete || body == k_http_malformed) return body;
        out.body = data.substr(header_size, body);
        return header_size + body;
    }
    if (data.size() - header_size < content_length) return k_http_incomplete;
    out.body = data.substr(header_size, content_length);
    return header_size + content_length;
}

}  // namespace ordercast::bench
