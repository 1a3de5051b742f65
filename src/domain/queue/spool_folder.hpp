#pragma once
// The factory's spool folder, for cutters that read folders:
//   <root>/pending/<job_id>.json     PENDING, QUEUED and PAUSED jobs
//   <root>/processing/<job_id>.json
//   <root>/completed/<job_id>.json
//   <root>/failed/<job_id>.json      (CANCELLED jobs have no file)
// The store is the source of truth; this is a mirror. Each file is written to a temporary
// name in its folder and renamed over the final one, so a reader never sees half a file.
#include <filesystem>

#include "store/records.hpp"

namespace ordercast::store {
class store;
}

namespace ordercast::domain::queue {

class spool_folder {
public:
    // Creates the root and its four folders. Throws std::runtime_error when it cannot.
    explicit spool_folder(std::filesystem::path root);

    // Puts the job's file in its status's folder, then removes it from the others (so a
    // crash in between leaves a duplicate, never a missing job; rebuild() removes it).
    // Callers serialize writes of one job in commit order (the queue service calls it
    // while it still holds the store's writer). I/O errors are logged, not thrown: the
    // next rebuild repairs the folder.
    void write(const store::job_record& job) noexcept;

    // Makes the folder match the store: every job's file rewritten where it belongs, and every
    // other file of the spool's own kind (stale, duplicate, temporary: "*.json", ".*.json.tmp")
    // removed; files of other kinds and subfolders are left alone. Returns the number of jobs
    // written. Throws store_error when the store cannot be read.
    std::size_t rebuild(store::store& s);

    const std::filesystem::path& root() const noexcept { return root_; }

private:
    bool write_file(const std::filesystem::path& folder, const store::job_record& job) noexcept;

    std::filesystem::path root_;
};

}  // namespace ordercast::domain::queue
