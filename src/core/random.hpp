#pragma once
// Identifiers and secrets from the operating system's CSPRNG (OpenSSL RAND_bytes).
#include <cstddef>
#include <string>

namespace ordercast::core {

// Returns 2*bytes lowercase hex characters of cryptographically strong randomness.
std::string random_hex(std::size_t bytes);

}  // namespace ordercast::core
