// The job queue's repository methods of sql_unit_of_work (schema: migrations/002_job_queue.sql),
// kept apart from the orders' so each file stays about one table family.
#include <vector>

#include "core/assert.hpp"
#include "store/sql/sql_unit_of_work.hpp"

namespace ordercast::store {
namespace {

using i64 = std::int64_t;

// k_job_columns and read_job() list the columns in the same order.
#define OC_JOB_COLUMNS                                                                                \
    "id, order_id, site_id, station_id, operator_id, priority, customer_tier, tier_bonus, status, "   \
    "garment_type, fabric_required_cm, plot_file, notes, error, error_code, attempts, auto_retries, " \
    "not_before_ms, version, created_by, created_at_ms, updated_at_ms, queued_at_ms, started_at_ms, " \
    "completed_at_ms, failed_at_ms, cancelled_at_ms, paused_at_ms"

job_record read_job(const sql_row& r) {
    job_record j;
    j.id = r.text(0);
    j.order_id = r.text(1);
    j.site_id = r.text(2);
    j.station_id = r.text(3);
    j.operator_id = r.text(4);
    j.priority = static_cast<int>(r.int64(5));
    j.customer_tier = r.text(6);
    j.tier_bonus = r.real(7);
    j.status = r.text(8);
    j.garment_type = r.text(9);
    if (!r.is_null(10)) j.fabric_required_cm = r.real(10);
    j.plot_file = r.text(11);
    j.notes = r.text(12);
    j.error = r.text(13);
    j.error_code = r.text(14);
    j.attempts = static_cast<int>(r.int64(15));
    j.auto_retries = static_cast<int>(r.int64(16));
    j.not_before_ms = r.int64(17);
    j.version = r.int64(18);
    j.created_by = r.text(19);
    j.created_at_ms = r.int64(20);
    j.updated_at_ms = r.int64(21);
    j.queued_at_ms = r.int64(22);
    j.started_at_ms = r.int64(23);
    j.completed_at_ms = r.int64(24);
    j.failed_at_ms = r.int64(25);
    j.cancelled_at_ms = r.int64(26);
    j.paused_at_ms = r.int64(27);
    return j;
}

sql_param time_or_null(i64 v) {
    return v != 0 ? sql_param{v} : sql_param{};
}
sql_param real_or_null(const std::optional<double>& v) {
    return v ? sql_param{*v} : sql_param{};
}

constexpr std::string_view k_insert_job =
    "INSERT INTO jobs (" OC_JOB_COLUMNS
    ") VALUES "
    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view k_find_job = "SELECT " OC_JOB_COLUMNS " FROM jobs WHERE id = ?";
constexpr std::string_view k_update_job =
    "UPDATE jobs SET station_id = ?, operator_id = ?, priority = ?, status = ?, notes = ?, error = ?, "
    "error_code = ?, attempts = ?, auto_retries = ?, not_before_ms = ?, version = ?, updated_at_ms = ?, "
    "queued_at_ms = ?, started_at_ms = ?, completed_at_ms = ?, failed_at_ms = ?, cancelled_at_ms = ?, "
    "paused_at_ms = ? WHERE id = ? AND version = ?";

// The claim's ORDER BY is the score of DESIGN §4; PostgreSQL appends FOR UPDATE SKIP LOCKED.
// A job of a paused station is skipped when no station is named (the station's own claims
// are refused by the service before they get here).
constexpr std::string_view k_claim_any =
    "SELECT " OC_JOB_COLUMNS
    " FROM jobs WHERE site_id = ? AND status = 'QUEUED' AND not_before_ms <= ? "
    "AND (station_id IS NULL OR station_id NOT IN "
    "(SELECT station_id FROM queue_pauses WHERE site_id = ?)) "
    "ORDER BY priority - tier_bonus - (? - queued_at_ms) * ?, queued_at_ms, id LIMIT 1";
constexpr std::string_view k_claim_station =
    "SELECT " OC_JOB_COLUMNS
    " FROM jobs WHERE site_id = ? AND status = 'QUEUED' AND not_before_ms <= ? "
    "AND (station_id IS NULL OR station_id = ?) "
    "ORDER BY priority - tier_bonus - (? - queued_at_ms) * ?, queued_at_ms, id LIMIT 1";

void append_condition(std::string& sql, bool& first, std::string_view condition) {
    sql += first ? " WHERE " : " AND ";
    sql += condition;
    first = false;
}

}  // namespace

std::int64_t sql_unit_of_work::next_job_number(std::string_view day) {
    OC_DEBUG_ASSERT(mode_ == tx_mode::write);
    c_.execute(
        "INSERT INTO job_day_counters (day, last) VALUES (?, 1) "
        "ON CONFLICT (day) DO UPDATE SET last = job_day_counters.last + 1",
        {day});
    i64 n = 0;
    c_.execute("SELECT last FROM job_day_counters WHERE day = ?", {day},
               [&](const sql_row& r) { n = r.int64(0); });
    return n;
}

void sql_unit_of_work::insert_job(const job_record& j) {
    OC_DEBUG_ASSERT(mode_ == tx_mode::write);
    c_.execute(k_insert_job, {j.id,
                              sql_text_or_null(j.order_id),
                              j.site_id,
                              sql_text_or_null(j.station_id),
                              sql_text_or_null(j.operator_id),
                              i64{j.priority},
                              sql_text_or_null(j.customer_tier),
                              j.tier_bonus,
                              j.status,
                              sql_text_or_null(j.garment_type),
                              real_or_null(j.fabric_required_cm),
                              sql_text_or_null(j.plot_file),
                              j.notes,
                              sql_text_or_null(j.error),
                              sql_text_or_null(j.error_code),
                              i64{j.attempts},
                              i64{j.auto_retries},
                              j.not_before_ms,
                              j.version,
                              sql_text_or_null(j.created_by),
                              j.created_at_ms,
                              j.updated_at_ms,
                              time_or_null(j.queued_at_ms),
                              time_or_null(j.started_at_ms),
                              time_or_null(j.completed_at_ms),
                              time_or_null(j.failed_at_ms),
                              time_or_null(j.cancelled_at_ms),
                              time_or_null(j.paused_at_ms)});
}

std::optional<job_record> sql_unit_of_work::find_job(std::string_view id) {
    std::optional<job_record> found;
    c_.execute(k_find_job, {id}, [&](const sql_row& r) { found = read_job(r); });
    return found;
}

bool sql_unit_of_work::update_job(const job_record& j, std::int64_t expected_version) {
    OC_DEBUG_ASSERT(mode_ == tx_mode::write);
    return c_.execute(k_update_job, {sql_text_or_null(j.station_id),
                                     sql_text_or_null(j.operator_id),
                                     i64{j.priority},
                                     j.status,
                                     j.notes,
                                     sql_text_or_null(j.error),
                                     sql_text_or_null(j.error_code),
                                     i64{j.attempts},
                                     i64{j.auto_retries},
                                     j.not_before_ms,
                                     j.version,
                                     j.updated_at_ms,
                                     time_or_null(j.queued_at_ms),
                                     time_or_null(j.started_at_ms),
                                     time_or_null(j.completed_at_ms),
                                     time_or_null(j.failed_at_ms),
                                     time_or_null(j.cancelled_at_ms),
                                     time_or_null(j.paused_at_ms),
                                     j.id,
                                     expected_version}) == 1;
}

std::vector<job_record> sql_unit_of_work::list_jobs(const job_filter& f) {
    std::string sql = "SELECT " OC_JOB_COLUMNS " FROM jobs";
    std::vector<sql_param> params;
    bool first = true;
    auto equals = [&](std::string_view condition, const std::string& value) {
        if (value.empty()) return;
        append_condition(sql, first, condition);
        params.emplace_back(std::string_view(value));
    };
    equals("site_id = ?", f.site_id);
    equals("status = ?", f.status);
    equals("station_id = ?", f.station_id);
    equals("order_id = ?", f.order_id);
    if (f.after_created_at_ms) {
        append_condition(sql, first, "(created_at_ms > ? OR (created_at_ms = ? AND id > ?))");
        params.emplace_back(*f.after_created_at_ms);
        params.emplace_back(*f.after_created_at_ms);
        params.emplace_back(std::string_view(f.after_id));
    }
    sql += " ORDER BY created_at_ms, id LIMIT ?";
    params.emplace_back(i64{f.limit});
    std::vector<job_record> out;
    c_.run(sql, params, [&](const sql_row& r) { out.push_back(read_job(r)); });
    return out;
}

std::optional<job_record> sql_unit_of_work::claim_next_job(const job_claim& c) {
    OC_DEBUG_ASSERT(mode_ == tx_mode::write);
    std::optional<job_record> job;
    auto take = [&](const sql_row& r) { job = read_job(r); };
    if (c.station_id.empty())
        c_.execute(k_claim_any, {c.site_id, c.now_ms, c.site_id, c.now_ms, c.aging_per_ms}, take);
    else
        c_.execute(k_claim_station, {c.site_id, c.now_ms, c.station_id, c.now_ms, c.aging_per_ms}, take);
    if (!job) return std::nullopt;
    const i64 expected = job->version;
    job->status = "PROCESSING";
    if (!c.station_id.empty()) job->station_id = c.station_id;
    job->operator_id = c.operator_id;
    job->started_at_ms = c.now_ms;
    job->updated_at_ms = c.now_ms;
    job->attempts += 1;
    job->version += 1;
    if (!update_job(*job, expected)) return std::nullopt;  // taken meanwhile (an engine without one writer)
    return job;
}

std::vector<job_count> sql_unit_of_work::count_jobs(std::string_view site_id) {
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

std::vector<job_backlog> sql_unit_of_work::job_backlogs(std::string_view site_id) {
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

std::vector<std::int64_t> sql_unit_of_work::job_waits(std::int64_t since_ms, int limit) {
    std::vector<i64> out;
    c_.execute(
        "SELECT started_at_ms - queued_at_ms FROM jobs WHERE started_at_ms >= ? AND queued_at_ms IS NOT NULL "
        "ORDER BY started_at_ms DESC LIMIT ?",
        {since_ms, i64{limit}}, [&](const sql_row& r) { out.push_back(r.int64(0)); });
    return out;
}

bool sql_unit_of_work::set_queue_pause(const queue_pause_record& p, bool paused) {
    OC_DEBUG_ASSERT(mode_ == tx_mode::write);
    if (!paused)
        return c_.execute("DELETE FROM queue_pauses WHERE site_id = ? AND station_id = ?",
                          {p.site_id, p.station_id}) > 0;
    return c_.execute(
               "INSERT INTO queue_pauses (site_id, station_id, paused_by, paused_at_ms) VALUES (?, ?, ?, ?) "
               "ON CONFLICT (site_id, station_id) DO NOTHING",
               {p.site_id, p.station_id, sql_text_or_null(p.paused_by), p.paused_at_ms}) > 0;
}

std::vector<queue_pause_record> sql_unit_of_work::list_queue_pauses(std::string_view site_id) {
    std::vector<queue_pause_record> out;
    auto add = [&](const sql_row& r) {
        out.push_back({std::string(r.text(0)), std::string(r.text(1)), std::string(r.text(2)), r.int64(3)});
    };
    constexpr std::string_view k_all =
        "SELECT site_id, station_id, paused_by, paused_at_ms FROM queue_pauses ORDER BY site_id, station_id";
    constexpr std::string_view k_site =
        "SELECT site_id, station_id, paused_by, paused_at_ms FROM queue_pauses WHERE site_id = ? ORDER BY "
        "station_id";
    if (site_id.empty())
        c_.execute(k_all, {}, add);
    else
        c_.execute(k_site, {site_id}, add);
    return out;
}

}  // namespace ordercast::store
