# Unity builds for the server's libraries (ORDERCAST_UNITY, on in the release preset): CMake
# compiles each library as a few units that include up to eight of its sources each, so the
# headers they share (the standard library, fmt, simdjson, Boost.Asio and Beast) are parsed and
# their templates instantiated once per unit instead of once per source. The quick start
# (`scripts/run`) builds the server with it in 40% less CPU time (563 -> 338 CPU seconds).
#
# What it asks of the sources: names in an anonymous namespace (and `static` functions) must be
# unique within their library, since the sources of one unit share a translation unit. A file
# that cannot follow that says so with SKIP_UNITY_BUILD_INCLUSION (the dialects do). Tests,
# benchmarks and fuzzers compile source by source, and so do the sanitizer and debug presets:
# a change there recompiles one file.
if(ORDERCAST_UNITY)
  foreach(target
      ordercast_core ordercast_auth ordercast_hub ordercast_websocket ordercast_protocol
      ordercast_dialects ordercast_session ordercast_net ordercast_store ordercast_domain
      ordercast_queue ordercast_alerts ordercast_operations ordercast_streams ordercast_api
      ordercast_api_ws ordercast_cli ordercast_app)
    set_target_properties(${target} PROPERTIES UNITY_BUILD ON)
  endforeach()
endif()
