#include "protocol/dialect.hpp"

namespace ordercast::protocol {

std::string_view to_string(dialect_id d) noexcept {
    switch (d) {
        case dialect_id::v1: return "v1";
        case dialect_id::factory: return "factory";
        case dialect_id::rooms: return "rooms";
        case dialect_id::progress: return "progress";
        case dialect_id::shop: return "shop";
    }
    return "unknown";
}

}  // namespace ordercast::protocol
