#pragma once
// One bounded load-generator run: connect and subscribe, read the server's idle memory,
// publish through a warm-up and a measurement window, drain, report. Every phase has a
// deadline and the whole run a hard one, so a stuck server cannot hold the run.
#include "bench/loadgen/options.hpp"
#include "bench/loadgen/run_result.hpp"

namespace ordercast::bench {

// Runs on the calling thread until the run ends (SIGINT/SIGTERM end it early, with a result
// marked aborted). Raises this process's soft descriptor limit to its hard limit first.
run_result run_load(const loadgen_options& opts);

}  // namespace ordercast::bench
