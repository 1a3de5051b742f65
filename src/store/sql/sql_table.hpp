#pragma once
// A table described once: its name, its columns (each bound to a record field, with how the
// record's "not set" value is stored) and the order its lists are paged in. The description
// writes the column lists of INSERT, SELECT and UPDATE, binds a record's values, reads a row
// back into a record and builds the filtered, keyset-paged SELECTs of the lists, so that no
// repository repeats a column name or a column's position.
//
// The SQL it writes is the portable subset the repositories use (see sql_connection.hpp).
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "core/assert.hpp"
#include "store/sql/sql_connection.hpp"

namespace ordercast::store {

// The record field a column holds. Its C++ type is the column's type: text, BIGINT (int,
// std::int64_t, bool as 0/1), DOUBLE PRECISION, or a nullable one (std::optional).
template <class R>
using sql_field = std::variant<std::string R::*, std::int64_t R::*, int R::*, bool R::*, double R::*,
                               std::optional<double> R::*, std::optional<std::int64_t> R::*>;

template <class R>
struct sql_column {
    std::string_view name;
    sql_field<R> field;
    // The record's "not set" value (an empty text, a time of 0) is stored as NULL and read
    // back as "not set". A std::optional field is NULL when empty whatever this says.
    bool nullable = false;
    // Written by update_sql(); false for the key and for values fixed when the row is made.
    bool updatable = true;
};

// The column descriptions of a table, read as a sentence: col("id", &order_record::id)
// NOT NULL; nullable_col(...) stores "not set" as NULL; fixed(...) is never updated.
template <class R, class V>
constexpr sql_column<R> col(std::string_view name, V R::*field) {
    return {name, field, false, true};
}
template <class R, class V>
constexpr sql_column<R> nullable_col(std::string_view name, V R::*field) {
    return {name, field, true, true};
}
template <class R>
constexpr sql_column<R> fixed(sql_column<R> c) {
    c.updatable = false;
    return c;
}

// The order a table's lists are returned and paged in: (time, id), ascending or not.
struct sql_keyset {
    std::string_view time_column;
    std::string_view id_column;
    bool descending = false;
};

template <class R, std::size_t N>
struct sql_table {
    using record = R;
    std::string_view name;
    std::array<sql_column<R>, N> columns;
    sql_keyset list_order;

    // True when `column` is one of the table's (a broken contract otherwise: filters name
    // columns of their table).
    constexpr bool has(std::string_view column) const {
        for (const auto& c : columns)
            if (c.name == column) return true;
        return false;
    }
};

// Up to k_capacity parameters on the stack: binding a row allocates nothing.
class sql_params {
public:
    static constexpr std::size_t k_capacity = 40;
    void push(sql_param p) {
        OC_ASSERT(size_ < k_capacity);
        items_[size_++] = p;
    }
    std::span<const sql_param> span() const { return {items_.data(), size_}; }

private:
    std::array<sql_param, k_capacity> items_{};
    std::size_t size_ = 0;
};

// ---------------------------------------------------------------------------------------
// values: record -> parameter, row -> record
// ---------------------------------------------------------------------------------------
template <class R>
sql_param bind_column(const sql_column<R>& c, const R& r) {
    return std::visit(
        [&](auto field) -> sql_param {
            const auto& v = r.*field;
            using V = std::remove_cvref_t<decltype(v)>;
            if constexpr (std::is_same_v<V, std::string>)
                return c.nullable ? sql_text_or_null(v) : sql_param{std::string_view(v)};
            else if constexpr (std::is_same_v<V, std::int64_t>)
                return c.nullable && v == 0 ? sql_param{} : sql_param{v};
            else if constexpr (std::is_same_v<V, int>)
                return sql_param{std::int64_t{v}};
            else if constexpr (std::is_same_v<V, bool>)
                return sql_param{std::int64_t{v ? 1 : 0}};
            else if constexpr (std::is_same_v<V, double>)
                return sql_param{v};
            else
                return v ? sql_param{*v} : sql_param{};
        },
        c.field);
}

// NULL reads as the field's "not set" value: "", 0, false, nullopt.
template <class R>
void read_column(const sql_column<R>& c, const sql_row& row, int i, R& r) {
    std::visit(
        [&](auto field) {
            auto& v = r.*field;
            using V = std::remove_cvref_t<decltype(v)>;
            if constexpr (std::is_same_v<V, std::string>)
                v = row.text(i);
            else if constexpr (std::is_same_v<V, std::int64_t>)
                v = row.int64(i);
            else if constexpr (std::is_same_v<V, int>)
                v = static_cast<int>(row.int64(i));
            else if constexpr (std::is_same_v<V, bool>)
                v = row.int64(i) != 0;
            else if constexpr (std::is_same_v<V, double>)
                v = row.real(i);
            else if constexpr (std::is_same_v<V, std::optional<double>>)
                v = row.is_null(i) ? std::nullopt : std::optional<double>(row.real(i));
            else
                v = row.is_null(i) ? std::nullopt : std::optional<std::int64_t>(row.int64(i));
        },
        c.field);
}

// A row of `SELECT <column_list(t)>` as a record.
template <class R, std::size_t N>
R read_row(const sql_table<R, N>& t, const sql_row& row) {
    R r;
    for (std::size_t i = 0; i < N; ++i) read_column(t.columns[i], row, static_cast<int>(i), r);
    return r;
}

// Every column of `r`, in the table's order (INSERT).
template <class R, std::size_t N>
sql_params insert_params(const sql_table<R, N>& t, const R& r) {
    sql_params p;
    for (const auto& c : t.columns) p.push(bind_column(c, r));
    return p;
}

// The updatable columns of `r`, in the table's order (UPDATE ... SET); the caller pushes the
// parameters of its WHERE after them.
template <class R, std::size_t N>
sql_params update_params(const sql_table<R, N>& t, const R& r) {
    sql_params p;
    for (const auto& c : t.columns)
        if (c.updatable) p.push(bind_column(c, r));
    return p;
}

// ---------------------------------------------------------------------------------------
// statements (built once per table, at start-up)
// ---------------------------------------------------------------------------------------
template <class R, std::size_t N>
std::string column_list(const sql_table<R, N>& t) {
    std::string out;
    for (const auto& c : t.columns) {
        if (!out.empty()) out += ", ";
        out += c.name;
    }
    return out;
}

// "SELECT <columns> FROM <table>"
template <class R, std::size_t N>
std::string select_sql(const sql_table<R, N>& t) {
    return "SELECT " + column_list(t) + " FROM " + std::string(t.name);
}

template <class R, std::size_t N>
std::string insert_sql(const sql_table<R, N>& t) {
    std::string marks;
    for (std::size_t i = 0; i < N; ++i) marks += i == 0 ? "?" : ", ?";
    return "INSERT INTO " + std::string(t.name) + " (" + column_list(t) + ") VALUES (" + marks + ")";
}

// "UPDATE <table> SET <updatable> = ?, ... WHERE <where>"
template <class R, std::size_t N>
std::string update_sql(const sql_table<R, N>& t, std::string_view where) {
    std::string sets;
    for (const auto& c : t.columns) {
        if (!c.updatable) continue;
        if (!sets.empty()) sets += ", ";
        sets += std::string(c.name) + " = ?";
    }
    return "UPDATE " + std::string(t.name) + " SET " + sets + " WHERE " + std::string(where);
}

// ---------------------------------------------------------------------------------------
// lists: filters, keyset position, order, limit
// ---------------------------------------------------------------------------------------
// A SELECT of every column of a table, narrowed by optional filters. Each filter is present
// or absent, so a list has a bounded set of SQL shapes and the statement cache stays small.
// Parameter views point into the caller's values, which must outlive run().
template <class R, std::size_t N>
class sql_list_query {
public:
    sql_list_query(const sql_table<R, N>& t, const std::string& select) : table_(t), sql_(select) {}

    // `column = ?` when `value` is not empty.
    sql_list_query& equals(std::string_view column, std::string_view value) {
        if (value.empty()) return *this;
        where(column);
        sql_ += " = ?";
        params_.push_back(value);
        return *this;
    }
    // `column >= ?` when `value` is set.
    sql_list_query& at_least(std::string_view column, std::optional<std::int64_t> value) {
        if (!value) return *this;
        where(column);
        sql_ += " >= ?";
        params_.push_back(*value);
        return *this;
    }
    // Rows strictly after (time, id) in the table's list order, when `time` is set.
    sql_list_query& after(std::optional<std::int64_t> time, std::string_view id) {
        if (!time) return *this;
        const sql_keyset& k = table_.list_order;
        const std::string_view op = k.descending ? " < ?" : " > ?";
        where({});
        sql_ += "(";
        sql_ += k.time_column;
        sql_ += op;
        sql_ += " OR (";
        sql_ += k.time_column;
        sql_ += " = ? AND ";
        sql_ += k.id_column;
        sql_ += op;
        sql_ += "))";
        params_.push_back(*time);
        params_.push_back(*time);
        params_.push_back(id);
        return *this;
    }

    // Runs it in the table's list order, at most `limit` rows.
    std::vector<R> run(sql_connection& c, int limit) {
        const sql_keyset& k = table_.list_order;
        const std::string_view dir = k.descending ? " DESC" : "";
        sql_ += " ORDER BY ";
        sql_ += k.time_column;
        sql_ += dir;
        sql_ += ", ";
        sql_ += k.id_column;
        sql_ += dir;
        sql_ += " LIMIT ?";
        params_.push_back(std::int64_t{limit});
        std::vector<R> out;
        // A page is usually full; a large limit (a scan by pages of 1000) is not reserved ahead.
        out.reserve(static_cast<std::size_t>(std::clamp(limit, 0, 128)));
        c.run(sql_, params_, [&](const sql_row& r) { out.push_back(read_row(table_, r)); });
        return out;
    }

private:
    // Starts the next condition, with `column` (a column of the table) when given.
    void where(std::string_view column) {
        OC_DEBUG_ASSERT(column.empty() || table_.has(column));
        sql_ += has_where_ ? " AND " : " WHERE ";
        has_where_ = true;
        sql_ += column;
    }

    const sql_table<R, N>& table_;
    std::string sql_;
    std::vector<sql_param> params_;
    bool has_where_ = false;
};

}  // namespace ordercast::store
