#include "cli/invocation.hpp"

#include <string_view>

namespace ordercast::cli {

invocation read_invocation(int argc, char** argv) {
    if (argc < 1 || argv == nullptr || argv[0] == nullptr) return {false, argc, argv};
    std::string_view program(argv[0]);
    if (auto slash = program.rfind('/'); slash != std::string_view::npos) program.remove_prefix(slash + 1);
    if (program == "sds") return {true, argc, argv};
    if (argc >= 2 && std::string_view(argv[1]) == "sds") return {true, argc - 1, argv + 1};
    return {false, argc, argv};
}

}  // namespace ordercast::cli
