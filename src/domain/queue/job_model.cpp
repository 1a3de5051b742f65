#include "domain/queue/job_model.hpp"

#include <algorithm>
#include <cctype>

namespace ordercast::domain::queue {
namespace {

namespace s = job_status;

constexpr std::string_view k_from_queued[] = {s::queued};
constexpr std::string_view k_from_processing[] = {s::processing};
constexpr std::string_view k_from_cancellable[] = {s::pending, s::queued, s::paused, s::failed};
constexpr std::string_view k_from_failed[] = {s::failed};
constexpr std::string_view k_from_holdable[] = {s::pending, s::queued};
constexpr std::string_view k_from_held[] = {s::pending, s::paused};
constexpr std::string_view k_from_waiting[] = {s::pending, s::queued, s::paused, s::failed};

// The job lifecycle of the factory's cutter queue. fail's target is FAILED; a transient failure under
// the retry limit goes back to QUEUED instead (queue_service::fail).
const job_transition k_transitions[] = {
    {job_op::process, k_from_queued, s::processing}, {job_op::complete, k_from_processing, s::completed},
    {job_op::fail, k_from_processing, s::failed},    {job_op::cancel, k_from_cancellable, s::cancelled},
    {job_op::retry, k_from_failed, s::queued},       {job_op::hold, k_from_holdable, s::paused},
    {job_op::release, k_from_held, s::queued},       {job_op::prioritize, k_from_waiting, ""},
};

bool iequals(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::toupper(static_cast<unsigned char>(x)) ==
                      std::toupper(static_cast<unsigned char>(y));
           });
}

}  // namespace

std::string_view priority_name(int priority) noexcept {
    switch (priority) {
        case 1:
            return "URGENT";
        case 2:
            return "HIGH";
        case 3:
            return "NORMAL";
        case 4:
            return "LOW";
        default:
            return "";
    }
}

std::optional<int> parse_priority(std::string_view text) noexcept {
    if (text.size() == 1 && text[0] >= '1' && text[0] <= '4') return text[0] - '0';
    for (int p = 1; p <= 4; ++p)
        if (iequals(text, priority_name(p))) return p;
    return std::nullopt;
}

std::string_view to_string(job_op op) noexcept {
    switch (op) {
        case job_op::process:
            return "process";
        case job_op::complete:
            return "complete";
        case job_op::fail:
            return "fail";
        case job_op::cancel:
            return "cancel";
        case job_op::retry:
            return "retry";
        case job_op::hold:
            return "pause";
        case job_op::release:
            return "resume";
        case job_op::prioritize:
            return "change the priority of";
    }
    return "";
}

const job_transition& transition_of(job_op op) noexcept {
    for (const auto& t : k_transitions)
        if (t.op == op) return t;
    return k_transitions[0];  // unreachable: every op has a row
}

bool allows(job_op op, std::string_view status) noexcept {
    const auto& from = transition_of(op).from;
    return std::find(from.begin(), from.end(), status) != from.end();
}

bool is_final(std::string_view status) noexcept {
    return status == s::completed || status == s::cancelled;
}

std::string_view spool_folder_of(std::string_view status) noexcept {
    if (status == s::processing) return "processing";
    if (status == s::completed) return "completed";
    if (status == s::failed) return "failed";
    if (status == s::cancelled) return "";
    return "pending";
}

}  // namespace ordercast::domain::queue
