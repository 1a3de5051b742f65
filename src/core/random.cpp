#include "core/random.hpp"

#include <openssl/rand.h>

#include <stdexcept>
#include <vector>

namespace ordercast::core {

std::string random_hex(std::size_t bytes) {
    static constexpr char k_hex[] = "0123456789abcdef";
    std::vector<unsigned char> raw(bytes);
    if (RAND_bytes(raw.data(), static_cast<int>(raw.size())) != 1)
        throw std::runtime_error("the system random generator failed; check /dev/urandom");
    std::string out;
    out.reserve(bytes * 2);
    for (unsigned char b : raw) {
        out.push_back(k_hex[b >> 4]);
        out.push_back(k_hex[b & 0xF]);
    }
    return out;
}

}  // namespace ordercast::core
