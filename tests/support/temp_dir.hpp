#pragma once
// A directory under $TMPDIR (or /tmp) that is removed with everything in it on destruction.
#include <filesystem>
#include <string>
#include <string_view>

namespace ordercast::test {

class temp_dir {
public:
    // Throws std::runtime_error when the directory cannot be created.
    explicit temp_dir(std::string_view prefix = "ordercast-test");
    ~temp_dir();
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;

    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(std::string_view name) const { return path_ / name; }

    // Writes `content` to path()/name and returns the full path.
    std::filesystem::path write_file(std::string_view name, std::string_view content) const;

private:
    std::filesystem::path path_;
};

// The whole content of a file; empty when it cannot be read.
std::string read_file(const std::filesystem::path& path);

}  // namespace ordercast::test
