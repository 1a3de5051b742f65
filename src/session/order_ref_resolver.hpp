#pragma once
// Turns what a client calls an order into the order's id. The factory dashboard's clients
// subscribe with the order's external number ("ORDER-001"); channels are named by id.
//
// Threads: called on a session's worker thread, possibly from several at once; one store
// read at most (as the ownership hook).
#include <optional>
#include <string>
#include <string_view>

namespace ordercast::session {

class order_ref_resolver {
public:
    virtual ~order_ref_resolver() = default;
    // The id of the order whose id or number is `id_or_number`; nullopt when none has it.
    virtual std::optional<std::string> order_id(std::string_view id_or_number) const = 0;
};

}  // namespace ordercast::session
