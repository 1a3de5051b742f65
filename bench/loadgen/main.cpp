// ordercast_loadgen: see bench/loadgen/options.hpp for the flags and docs/benchmarks.md for
// how bench/run drives it. Exit status: 0 when the run completed, 1 when it was aborted,
// 2 for bad flags.
#include <cstdio>
#include <fstream>
#include <iostream>

#include "bench/loadgen/loadgen.hpp"

int main(int argc, char** argv) {
    using namespace ordercast::bench;
    int exit_code = 0;
    auto opts = parse_options(argc, argv, exit_code);
    if (!opts) return exit_code;
    run_result r = run_load(*opts);
    std::cout << r.to_text() << std::flush;
    if (!opts->json_path.empty()) {
        std::ofstream f(opts->json_path);
        f << r.to_json() << "\n";
        if (!f) {
            std::cerr << "E_JSON: could not write " << opts->json_path
                      << "; check the directory exists and is writable\n";
            return 1;
        }
    }
    return r.aborted ? 1 : 0;
}
