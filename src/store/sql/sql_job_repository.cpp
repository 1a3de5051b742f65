// The job queue's repository (migrations/002_job_queue.sql: jobs, job_day_counters,
// queue_pauses), in portable SQL.
#include <vector>

#include "core/assert.hpp"
#include "store/sql/sql_repositories.hpp"
#include "store/sql/sql_table.hpp"

namespace ordercast::store {
namespace {

using i64 = std::int64_t;
using j = job_record;

// Oldest first. What a job is made with stays; its progress through the queue is updated.
constexpr sql_table<j, 28> k_jobs{"jobs",
                                  {{fixed(col("id", &j::id)),
                                    fixed(nullable_col("order_id", &j::order_id)),
                                    fixed(col("site_id", &j::site_id)),
                                    nullable_col("station_id", &j::station_id),
                                    nullable_col("operator_id", &j::operator_id),
                                    col("priority", &j::priority),
                                    fixed(nullable_col("customer_tier", &j::customer_tier)),
                                    fixed(col("tier_bonus", &j::tier_bonus)),
                                    col("status", &j::status),
                                    fixed(nullable_col("garment_type", &j::garment_type)),
                                    fixed(col("fabric_required_cm", &j::fabric_required_cm)),
                                    fixed(nullable_col("plot_file", &j::plot_file)),
                                    col("notes", &j::notes),
                                    nullable_col("error", &j::error),
                                    nullable_col("error_code", &j::error_code),
                                    col("attempts", &j::attempts),
                                    col("auto_retries", &j::auto_retries),
                                    col("not_before_ms", &j::not_before_ms),
                                    col("version", &j::version),
                                    fixed(nullable_col("created_by", &j::created_by)),
                                    fixed(col("created_at_ms", &j::created_at_ms)),
                                    col("updated_at_ms", &j::updated_at_ms),
                                    nullable_col("queued_at_ms", &j::queued_at_ms),
                                    nullable_col("started_at_ms", &j::started_at_ms),
                                    nullable_col("completed_at_ms", &j::completed_at_ms),
                                    nullable_col("failed_at_ms", &j::failed_at_ms),
                                    nullable_col("cancelled_at_ms", &j::cancelled_at_ms),
                                    nullable_col("paused_at_ms", &j::paused_at_ms)}},
                                  {"created_at_ms", "id", false}};

using p = queue_pause_record;
constexpr sql_table<p, 4> k_pauses{
    "queue_pauses",
    {{col("site_id", &p::site_id), col("station_id", &p::station_id),
      nullable_col("paused_by", &p::paused_by), col("paused_at_ms", &p::paused_at_ms)}},
    {"site_id", "station_id", false}};  // not paged

const std::string k_select_jobs = select_sql(k_jobs);
const std::string k_insert_job = insert_sql(k_jobs);
const std::string k_find_job = k_select_jobs + " WHERE id = ?";
const std::string k_update_job = update_sql(k_jobs, "id = ? AND version = ?");

// The claim's ORDER BY is the queue's score (docs/queue.md); PostgreSQL appends FOR UPDATE
// SKIP LOCKED. A job of a paused station is skipped when no station is named (the station's
// own claims are refused by the service before they get here).
const std::string k_claim_any =
    k_select_jobs +
    " WHERE site_id = ? AND status = 'QUEUED' AND not_before_ms <= ? "
    "AND (station_id IS NULL OR station_id NOT IN "
    "(SELECT station_id FROM queue_pauses WHERE site_id = ?)) "
    "ORDER BY priority - tier_bonus - (? - queued_at_ms) * ?, queued_at_ms, id LIMIT 1";
const std::string k_claim_station =
    k_select_jobs +
    " WHERE site_id = ? AND status = 'QUEUED' AND not_before_ms <= ? "
    "AND (station_id IS NULL OR station_id = ?) "
    "ORDER BY priority - tier_bonus - (? - queued_at_ms) * ?, queued_at_ms, id LIMIT 1";

const std::string k_insert_pause = insert_sql(k_pauses) + " ON CONFLICT (site_id, station_id) DO NOTHING";
const std::string k_all_pauses = select_sql(k_pauses) + " ORDER BY site_id, station_id";
const std::string k_site_pauses = select_sql(k_pauses) + " WHERE site_id = ? ORDER BY station_id";

}  // namespace

std::int64_t sql_job_repository::next_number(std::string_view day) {
    OC_DEBUG_ASSERT(writable());
    c_.execute(
        "INSERT INTO job_day_counters (day, last) VALUES (?, 1) "
        "ON CONFLICT (day) DO UPDATE SET last = job_day_counters.last + 1",
        {day});
    i64 n = 0;
    c_.execute("SELECT last FROM job_day_counters WHERE day = ?", {day},
               [&](const sql_row& r) { n = r.int64(0); });
    return n;
}

void sql_job_repository::insert(const job_record& job) {
    OC_DEBUG_ASSERT(writable());
    c_.run(k_insert_job, insert_params(k_jobs, job).span(), [](const sql_row&) {});
}

std::optional<job_record> sql_job_repository::find(std::string_view id) {
    std::optional<job_record> found;
    c_.execute(k_find_job, {id}, [&](const sql_row& r) { found = read_row(k_jobs, r); });
    return found;
}

bool sql_job_repository::update(const job_record& job, std::int64_t expected_version) {
    OC_DEBUG_ASSERT(writable());
    sql_params params = update_params(k_jobs, job);
    params.push(std::string_view(job.id));
    params.push(expected_version);
    return c_.run(k_update_job, params.span(), [](const sql_row&) {}) == 1;
}

std::vector<job_record> sql_job_repository::list(const job_filter& f) {
    return sql_list_query(k_jobs, k_select_jobs)
        .equals("site_id", f.site_id)
        .equals("status", f.status)
        .equals("station_id", f.station_id)
        .equals("order_id", f.order_id)
        .after(f.after_created_at_ms, f.after_id)
        .run(c_, f.limit);
}

std::optional<job_record> sql_job_repository::claim_next(const job_claim& claim) {
    OC_DEBUG_ASSERT(writable());
    std::optional<job_record> job;
    auto take = [&](const sql_row& r) { job = read_row(k_jobs, r); };
    if (claim.station_id.empty())
        c_.execute(k_claim_any,
                   {claim.site_id, claim.now_ms, claim.site_id, claim.now_ms, claim.aging_per_ms}, take);
    else
        c_.execute(k_claim_station,
                   {claim.site_id, claim.now_ms, claim.station_id, claim.now_ms, claim.aging_per_ms}, take);
    if (!job) return std::nullopt;
    const i64 expected = job->version;
    job->status = "PROCESSING";
    if (!claim.station_id.empty()) job->station_id = claim.station_id;
    job->operator_id = claim.operator_id;
    job->started_at_ms = claim.now_ms;
    job->updated_at_ms = claim.now_ms;
    job->attempts += 1;
    job->version += 1;
    if (!update(*job, expected)) return std::nullopt;  // taken meanwhile (an engine without one writer)
    return job;
}

std::vector<job_count> sql_job_repository::count(std::string_view site_id) {
    std::vector<job_count> out;
    auto add = [&](const sql_row& r) {
        out.push_back(
            {std::string(r.text(0)), std::string(r.text(1)), static_cast<int>(r.int64(2)), r.int64(3)});
    };
    if (site_id.empty())
        c_.execute("SELECT site_id, status, priority, COUNT(*) FROM jobs GROUP BY site_id, status, priority",
                   {}, add);
    else
        c_.execute(
            "SELECT site_id, status, priority, COUNT(*) FROM jobs WHERE site_id = ? "
            "GROUP BY site_id, status, priority",
            {site_id}, add);
    return out;
}

std::vector<job_backlog> sql_job_repository::backlogs(std::string_view site_id) {
    std::vector<job_backlog> out;
    auto add = [&](const sql_row& r) {
        out.push_back({std::string(r.text(0)), std::string(r.text(1)), r.int64(2), r.int64(3), r.int64(4)});
    };
    constexpr std::string_view k_columns =
        "SELECT site_id, COALESCE(station_id, ''), COUNT(*), SUM(queued_at_ms), MIN(queued_at_ms) FROM jobs ";
    if (site_id.empty())
        c_.execute(
            std::string(k_columns) + "WHERE status = 'QUEUED' GROUP BY site_id, COALESCE(station_id, '')", {},
            add);
    else
        c_.execute(std::string(k_columns) +
                       "WHERE site_id = ? AND status = 'QUEUED' GROUP BY site_id, COALESCE(station_id, '')",
                   {site_id}, add);
    return out;
}

std::vector<std::int64_t> sql_job_repository::waits(std::int64_t since_ms, int limit) {
    std::vector<i64> out;
    c_.execute(
        "SELECT started_at_ms - queued_at_ms FROM jobs WHERE started_at_ms >= ? AND queued_at_ms IS NOT NULL "
        "ORDER BY started_at_ms DESC LIMIT ?",
        {since_ms, i64{limit}}, [&](const sql_row& r) { out.push_back(r.int64(0)); });
    return out;
}

bool sql_job_repository::set_pause(const queue_pause_record& pause, bool paused) {
    OC_DEBUG_ASSERT(writable());
    if (!paused)
        return c_.execute("DELETE FROM queue_pauses WHERE site_id = ? AND station_id = ?",
                          {pause.site_id, pause.station_id}) > 0;
    return c_.run(k_insert_pause, insert_params(k_pauses, pause).span(), [](const sql_row&) {}) > 0;
}

std::vector<queue_pause_record> sql_job_repository::list_pauses(std::string_view site_id) {
    std::vector<queue_pause_record> out;
    auto add = [&](const sql_row& r) { out.push_back(read_row(k_pauses, r)); };
    if (site_id.empty())
        c_.execute(k_all_pauses, {}, add);
    else
        c_.execute(k_site_pauses, {site_id}, add);
    return out;
}

}  // namespace ordercast::store
