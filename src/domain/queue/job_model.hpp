#pragma once
// The job queue's vocabulary (the factory's cutter queue's): statuses, priorities and the transitions table.
// The table is data: the service, the refusals and docs/queue.md all read it.
#include <array>
#include <optional>
#include <span>
#include <string_view>

namespace ordercast::domain::queue {

namespace job_status {
inline constexpr std::string_view pending = "PENDING";
inline constexpr std::string_view queued = "QUEUED";
inline constexpr std::string_view processing = "PROCESSING";
inline constexpr std::string_view completed = "COMPLETED";
inline constexpr std::string_view failed = "FAILED";
inline constexpr std::string_view cancelled = "CANCELLED";
inline constexpr std::string_view paused = "PAUSED";
inline constexpr std::array<std::string_view, 7> all = {pending, queued,    processing, completed,
                                                        failed,  cancelled, paused};
}  // namespace job_status

inline constexpr int k_priority_urgent = 1;
inline constexpr int k_priority_low = 4;
inline constexpr int k_priority_normal = 3;

// "URGENT", "HIGH", "NORMAL", "LOW" for 1-4; "" otherwise.
std::string_view priority_name(int priority) noexcept;
// 1-4 from a name (any case, also the orders' "urgent", "high", "normal", "low") or a digit.
std::optional<int> parse_priority(std::string_view text) noexcept;

// What a caller asks of a job. `submit` creates it; the others move it.
enum class job_op { process, complete, fail, cancel, retry, hold, release, prioritize };

std::string_view to_string(job_op op) noexcept;

struct job_transition {
    job_op op;
    std::span<const std::string_view> from;  // statuses the operation is allowed in
    std::string_view to;                     // "" for prioritize (status unchanged)
};

// The row of `op`. Every op has exactly one.
const job_transition& transition_of(job_op op) noexcept;
// True when `op` may be applied to a job in `status`.
bool allows(job_op op, std::string_view status) noexcept;
// Statuses a job never leaves by itself (retry moves FAILED back to QUEUED).
bool is_final(std::string_view status) noexcept;
// The spool folder of a status: "pending" (PENDING, QUEUED, PAUSED), "processing",
// "completed", "failed", or "" for CANCELLED (not in the spool).
std::string_view spool_folder_of(std::string_view status) noexcept;

}  // namespace ordercast::domain::queue
