#include "domain/queue/spool_folder.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstring>
#include <set>
#include <stdexcept>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "domain/queue/job_json.hpp"
#include "domain/queue/job_model.hpp"
#include "store/store.hpp"

namespace ordercast::domain::queue {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view k_folders[] = {"pending", "processing", "completed", "failed"};

// The spool's own files: "<job_id>.json", and ".<job_id>.json.tmp" left by a write that a crash
// interrupted. Anything else in the folders (a cutter's .plt links, an operator's notes,
// subfolders) belongs to someone else and is left alone.
bool is_spool_file(std::string_view name) {
    return name.ends_with(".json") || (name.starts_with('.') && name.ends_with(".json.tmp"));
}

bool write_all(int fd, std::string_view data) {
    while (!data.empty()) {
        ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

}  // namespace

spool_folder::spool_folder(fs::path root) : root_(std::move(root)) {
    for (auto folder : k_folders) {
        std::error_code ec;
        fs::create_directories(root_ / folder, ec);
        if (ec)
            throw std::runtime_error(fmt::format("queue.spool_dir: cannot create '{}': {}",
                                                 (root_ / folder).string(), ec.message()));
    }
}

bool spool_folder::write_file(const fs::path& folder, const store::job_record& job) noexcept {
    const std::string content = spool_json(job);
    const fs::path final_path = folder / (job.id + ".json");
    const fs::path temp_path = folder / ("." + job.id + ".json.tmp");
    int fd = ::open(temp_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        spdlog::error("spool: cannot write {}: {}", temp_path.string(), std::strerror(errno));
        return false;
    }
    const bool ok = write_all(fd, content);
    ::close(fd);
    if (!ok || ::rename(temp_path.c_str(), final_path.c_str()) != 0) {
        spdlog::error("spool: cannot write {}: {}", final_path.string(), std::strerror(errno));
        ::unlink(temp_path.c_str());
        return false;
    }
    return true;
}

void spool_folder::write(const store::job_record& job) noexcept {
    const std::string_view target = spool_folder_of(job.status);
    // The copies in the other folders go even when the new one cannot be written: a job
    // missing from the folder is safer for a cutter than one it still finds in pending/
    // (the next start-up rebuild brings the folder back in step with the store).
    if (!target.empty()) write_file(root_ / target, job);
    const std::string name = job.id + ".json";
    for (auto folder : k_folders) {
        if (folder == target) continue;
        std::error_code ec;
        fs::remove(root_ / folder / name, ec);
    }
}

std::size_t spool_folder::rebuild(store::store& s) {
    // Every job, page by page, in one read snapshot.
    std::set<std::string> wanted;  // "<folder>/<id>.json"
    std::size_t written = 0;
    {
        auto uow = s.begin(store::tx_mode::read);
        store::job_filter f;
        f.limit = 1000;
        for (;;) {
            auto page = uow->jobs().list(f);
            for (const auto& job : page) {
                const std::string_view folder = spool_folder_of(job.status);
                if (folder.empty()) continue;
                write_file(root_ / folder, job);
                wanted.insert(fmt::format("{}/{}.json", folder, job.id));
                ++written;
            }
            if (page.size() < static_cast<std::size_t>(f.limit)) break;
            f.after_created_at_ms = page.back().created_at_ms;
            f.after_id = page.back().id;
        }
    }
    for (auto folder : k_folders) {
        std::error_code ec;
        for (fs::directory_iterator it(root_ / folder, ec), end; !ec && it != end; it.increment(ec)) {
            const std::string name = it->path().filename().string();
            std::error_code type_ec;
            if (!is_spool_file(name) || it->is_directory(type_ec)) continue;
            if (wanted.contains(fmt::format("{}/{}", folder, name))) continue;
            std::error_code rm;
            fs::remove(it->path(), rm);
            if (rm) spdlog::warn("spool: cannot remove stray {}: {}", it->path().string(), rm.message());
        }
    }
    return written;
}

}  // namespace ordercast::domain::queue
