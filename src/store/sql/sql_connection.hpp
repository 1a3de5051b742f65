#pragma once
// The one seam between the store's SQL and a database engine. Everything above it (the
// repositories in sql_unit_of_work, the migration runner) is written once, in the SQL that
// SQLite and PostgreSQL both accept, with `?` placeholders; an engine implements this
// interface (SQLite binds `?` as is, PostgreSQL will rewrite them to `$1, $2, ...`).
//
// A connection is used by one thread at a time; the engine's store guarantees it.
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string_view>
#include <type_traits>
#include <variant>

namespace ordercast::store {

// A bound parameter. Views must stay valid until execute() returns.
using sql_param = std::variant<std::monostate, std::int64_t, double, std::string_view>;

inline sql_param sql_text_or_null(std::string_view s) {
    return s.empty() ? sql_param{} : sql_param{s};
}

// One result row, valid only inside the row callback. Columns are 0-based.
class sql_row {
public:
    [[nodiscard]] virtual bool is_null(int column) const = 0;
    // "" for NULL. The view dies with the row.
    [[nodiscard]] virtual std::string_view text(int column) const = 0;
    // 0 for NULL.
    [[nodiscard]] virtual std::int64_t int64(int column) const = 0;
    [[nodiscard]] virtual double real(int column) const = 0;

protected:
    ~sql_row() = default;
};

// A non-owning callable reference for rows, so executing a query allocates nothing.
class row_sink {
public:
    // `f` must outlive the call that receives this sink (a lambda written inline does).
    template <class F>
    requires(!std::is_same_v<std::remove_cvref_t<F>, row_sink>) row_sink(F&& f)
    noexcept  // NOLINT(google-explicit-constructor): passed inline as a lambda
        : object_(const_cast<void*>(static_cast<const void*>(&f))),
          call_([](void* o, const sql_row& r) { (*static_cast<std::remove_reference_t<F>*>(o))(r); }) {}
    void operator()(const sql_row& r) const { call_(object_, r); }

private:
    void* object_;
    void (*call_)(void*, const sql_row&);
};

class sql_connection {
public:
    virtual ~sql_connection() = default;

    // Transactions, in the engine's own words (SQLite: BEGIN IMMEDIATE for writers so that
    // they queue on the lock instead of failing at their first write). Throw store_error.
    virtual void begin(bool write) = 0;
    virtual void commit() = 0;
    // Never throws: used on unwinding paths.
    virtual void rollback() noexcept = 0;

    // Runs a script of one or more statements without parameters (migrations, BEGIN ...).
    // Throws store_error.
    virtual void exec_script(std::string_view sql) = 0;

    // Runs one statement with `params` bound to its `?` in order, calling `on_row` for each
    // result row. Returns the number of rows changed (INSERT/UPDATE/DELETE), 0 for queries.
    // Statements are prepared once per connection and cached by their text, so callers keep
    // SQL text stable (build dynamic filters from a bounded set of shapes). Throws
    // store_error, or unique_violation when a UNIQUE or PRIMARY KEY constraint refused a row.
    virtual std::int64_t run(std::string_view sql, std::span<const sql_param> params, row_sink on_row) = 0;

    std::int64_t execute(std::string_view sql, std::initializer_list<sql_param> params, row_sink on_row) {
        return run(sql, std::span<const sql_param>(params.begin(), params.size()), on_row);
    }
    std::int64_t execute(std::string_view sql, std::initializer_list<sql_param> params) {
        return execute(sql, params, [](const sql_row&) {});
    }
};

}  // namespace ordercast::store
