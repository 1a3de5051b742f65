#pragma once
// The schema's versioned migrations: the .sql files of src/store/migrations/, embedded into
// the binary at build time (cmake/embed_migrations.cmake), in version order. The same
// files serve every engine.
#include <span>
#include <string_view>

namespace ordercast::store {

struct migration {
    int version;            // 1, 2, 3 ... from the file name "001_initial.sql"
    std::string_view name;  // "initial"
    std::string_view sql;   // the whole script
};

// Every migration, oldest first; versions are consecutive from 1.
std::span<const migration> all_migrations() noexcept;

}  // namespace ordercast::store
