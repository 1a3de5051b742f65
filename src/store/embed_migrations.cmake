# Writes OUTPUT, a C++ source that defines ordercast::store::all_migrations() from the
# migration scripts in DIR (files named NNN_name.sql), in version order.
# Usage: cmake -DDIR=<migrations dir> -DOUTPUT=<file.cpp> -P embed_migrations.cmake
file(GLOB scripts RELATIVE ${DIR} ${DIR}/*.sql)
list(SORT scripts)
set(body "")
set(expected 1)
foreach(script ${scripts})
  if(NOT script MATCHES "^([0-9]+)_([a-z0-9_]+)\\.sql$")
    message(FATAL_ERROR "migration file '${script}' is not named NNN_name.sql")
  endif()
  math(EXPR version "${CMAKE_MATCH_1}")
  set(name ${CMAKE_MATCH_2})
  if(NOT version EQUAL expected)
    message(FATAL_ERROR "migration '${script}': expected version ${expected}; versions must be consecutive from 1")
  endif()
  math(EXPR expected "${expected} + 1")
  file(READ ${DIR}/${script} sql)
  if(sql MATCHES "\\)ordercast_sql\"")
    message(FATAL_ERROR "migration '${script}' contains the raw-string delimiter )ordercast_sql\"")
  endif()
  string(APPEND body "    {${version}, \"${name}\", R\"ordercast_sql(${sql})ordercast_sql\"},\n")
endforeach()
set(content "// Generated from src/store/migrations/*.sql by embed_migrations.cmake. Do not edit.
#include \"store/migrations.hpp\"

namespace ordercast::store {
namespace {
constexpr migration k_migrations[] = {
${body}};
}  // namespace

std::span<const migration> all_migrations() noexcept { return k_migrations; }

}  // namespace ordercast::store
")
include(${CMAKE_CURRENT_LIST_DIR}/../../cmake/write_if_changed.cmake)
write_if_changed(${OUTPUT} "${content}")
