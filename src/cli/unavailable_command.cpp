#include "cli/unavailable_command.hpp"

#include <fmt/format.h>

namespace ordercast::cli {

int report_unavailable(std::ostream& err, std::string_view program, const unavailable_command& c) {
    err << fmt::format("{}: `{}` is not available yet: {}; {}.\n", program, c.command, c.why, c.meanwhile);
    return 1;
}

}  // namespace ordercast::cli
