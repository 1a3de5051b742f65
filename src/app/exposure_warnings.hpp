#pragma once
// What a configuration opens beyond the defaults, said at start-up: tokenless clients a profile
// admits because its seed's clients send none (the operator must know what anyone who can
// reach the port then reads), and tokens that never expire.
#include <string>
#include <vector>

#include "app/settings.hpp"

namespace ordercast::app {

// One sentence per exposure, empty when every connection needs a token.
std::vector<std::string> exposure_warnings(const settings& cfg);

}  // namespace ordercast::app
