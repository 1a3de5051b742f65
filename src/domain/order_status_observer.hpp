#pragma once
// Told of every committed order status change. The order service knows only this interface
// (the job queue implements it), so the dependency runs one way: queue -> orders.
#include <string_view>

#include "store/records.hpp"

namespace ordercast::domain {

class order_status_observer {
public:
    // Called by order_service::update after the change is committed and its events are
    // published, with no store transaction open, on the thread that made the change. May
    // write to the store and call back into the order service. Must not throw.
    virtual void on_order_status_changed(const store::order_record& order,
                                         std::string_view previous_status) noexcept = 0;

protected:
    ~order_status_observer() = default;
};

}  // namespace ordercast::domain
