// Aggregate reads over orders for the alert rules and the metrics stream. Each is one
// statement over the orders indexes; none writes.
#include "store/sql/sql_repositories.hpp"

namespace ordercast::store {

using i64 = std::int64_t;

std::vector<order_group_figures> sql_figure_repository::order_groups(std::string_view site_id) {
    std::vector<order_group_figures> out;
    auto row = [&](const sql_row& r) {
        out.push_back(
            {std::string(r.text(0)), std::string(r.text(1)), std::string(r.text(2)), r.int64(3), r.real(4)});
    };
    if (site_id.empty())
        c_.execute(
            "SELECT site_id, station_id, status, COUNT(*), AVG(created_at_ms) FROM orders "
            "GROUP BY site_id, station_id, status",
            {}, row);
    else
        c_.execute(
            "SELECT site_id, station_id, status, COUNT(*), AVG(created_at_ms) FROM orders WHERE site_id = ? "
            "GROUP BY site_id, station_id, status",
            {site_id}, row);
    return out;
}

std::int64_t sql_figure_repository::orders_created_since(std::string_view site_id, std::int64_t since_ms) {
    i64 n = 0;
    c_.execute("SELECT COUNT(*) FROM orders WHERE site_id = ? AND created_at_ms >= ?", {site_id, since_ms},
               [&](const sql_row& r) { n = r.int64(0); });
    return n;
}

std::int64_t sql_figure_repository::orders_completed_since(std::string_view site_id, std::int64_t since_ms) {
    i64 n = 0;
    c_.execute("SELECT COUNT(*) FROM orders WHERE site_id = ? AND completed_at_ms >= ?", {site_id, since_ms},
               [&](const sql_row& r) { n = r.int64(0); });
    return n;
}

std::vector<std::string> sql_figure_repository::order_items_since(std::string_view site_id,
                                                                  std::int64_t since_ms, int limit) {
    std::vector<std::string> out;
    c_.execute("SELECT items FROM orders WHERE site_id = ? AND created_at_ms >= ? LIMIT ?",
               {site_id, since_ms, i64{limit}}, [&](const sql_row& r) { out.emplace_back(r.text(0)); });
    return out;
}

std::vector<std::pair<std::string, std::string>> sql_figure_repository::order_attributes_mentioning(
    std::string_view word, std::int64_t since_ms, int limit) {
    std::vector<std::pair<std::string, std::string>> out;
    const std::string pattern = "%" + std::string(word) + "%";
    c_.execute(
        "SELECT site_id, attributes FROM orders WHERE updated_at_ms >= ? AND site_id IS NOT NULL "
        "AND attributes LIKE ? ORDER BY updated_at_ms DESC LIMIT ?",
        {since_ms, std::string_view(pattern), i64{limit}},
        [&](const sql_row& r) { out.emplace_back(std::string(r.text(0)), std::string(r.text(1))); });
    return out;
}

}  // namespace ordercast::store
