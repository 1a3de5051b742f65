#pragma once
// Commands the factory's operations manual names whose server side this build does not have
// yet: `db sync` and `db watch` (the PostgreSQL sync of the local store) and `sizes` (the size
// chart and pattern scaling). They exist so that an operator who types them learns that, and
// what to use meanwhile, instead of a parser's "unexpected argument"; each exits 1.
#include <ostream>
#include <string_view>

namespace ordercast::cli {

struct unavailable_command {
    std::string_view command;    // as typed: "db sync"
    std::string_view why;        // what this version lacks
    std::string_view meanwhile;  // what to do instead
};

inline constexpr unavailable_command k_db_sync{
    "db sync",
    "this version of ordercast does not sync its local store to a remote PostgreSQL (Supabase) database",
    "the local store is the only copy of the orders (`db status` shows it)"};
inline constexpr unavailable_command k_db_watch{"db watch",
                                                "there is no sync to watch: this version of ordercast does "
                                                "not sync its local store to a remote PostgreSQL "
                                                "(Supabase) database",
                                                "`orders watch --site SITE` follows a site's orders live"};
inline constexpr unavailable_command k_sizes{"sizes",
                                             "this version of ordercast has no size chart or pattern scaling",
                                             "keep measurements in an order's attributes"};

// Prints "<program>: `<command>` is not available yet: <why>; <meanwhile>."
// on `err` and returns 1.
int report_unavailable(std::ostream& err, std::string_view program, const unavailable_command& c);

}  // namespace ordercast::cli
