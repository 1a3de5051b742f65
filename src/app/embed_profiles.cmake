# Writes OUTPUT, a C++ source that defines ordercast::app::shipped_profiles() from the profile
# files in DIR (NAME.yaml), sorted by name, so the binary carries every profile it names.
# Usage: cmake -DDIR=<profiles dir> -DOUTPUT=<file.cpp> -P embed_profiles.cmake
file(GLOB files RELATIVE ${DIR} ${DIR}/*.yaml)
list(SORT files)
set(body "")
foreach(file ${files})
  if(NOT file MATCHES "^([a-z][a-z0-9_]*)\\.yaml$")
    message(FATAL_ERROR "profile file '${file}' is not named NAME.yaml (lower case)")
  endif()
  set(name ${CMAKE_MATCH_1})
  file(READ ${DIR}/${file} text)
  if(text MATCHES "\\)ordercast_yaml\"")
    message(FATAL_ERROR "profile '${file}' contains the raw-string delimiter )ordercast_yaml\"")
  endif()
  string(APPEND body "    {\"${name}\", R\"ordercast_yaml(${text})ordercast_yaml\"},\n")
endforeach()
set(content "// Generated from profiles/*.yaml by embed_profiles.cmake. Do not edit.
#include \"app/profiles.hpp\"

namespace ordercast::app {
namespace {
constexpr profile k_profiles[] = {
${body}};
}  // namespace

std::span<const profile> shipped_profiles() noexcept { return k_profiles; }

}  // namespace ordercast::app
")
include(${CMAKE_CURRENT_LIST_DIR}/../../cmake/write_if_changed.cmake)
write_if_changed(${OUTPUT} "${content}")
