#include "cli/reply_format.hpp"

#include "cli/order_format.hpp"

namespace ordercast::cli {

simdjson::dom::parser& reply_parser() {
    static simdjson::dom::parser p;
    return p;
}

std::string field_text(simdjson::dom::element e, const char* key, std::string_view fallback) {
    std::string_view v;
    if (e[key].get_string().get(v) == simdjson::SUCCESS) return std::string(v);
    std::int64_t n = 0;
    if (e[key].get_int64().get(n) == simdjson::SUCCESS) return std::to_string(n);
    bool b = false;
    if (e[key].get_bool().get(b) == simdjson::SUCCESS) return b ? "yes" : "no";
    return std::string(fallback);
}

int print_answer(const http_reply& r, bool json, std::ostream& out, std::ostream& err,
                 void (*print)(std::ostream&, simdjson::dom::element)) {
    if (r.status < 200 || r.status > 299) {
        print_error(err, r.status, r.body);
        return 1;
    }
    if (json) {
        out << r.body << "\n";
        return 0;
    }
    simdjson::dom::element e;
    if (reply_parser().parse(r.body).get(e) != simdjson::SUCCESS)
        out << r.body << "\n";
    else
        print(out, e);
    return 0;
}

}  // namespace ordercast::cli
