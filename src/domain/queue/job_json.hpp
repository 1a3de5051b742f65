#pragma once
// A job as JSON: the REST/`/v1` shape (camelCase, ISO 8601 ms timestamps, `id` first) and
// the factory's spool file shape (snake_case, `job_id`), which cutters read.
#include <string>

#include "core/json_writer.hpp"
#include "store/records.hpp"

namespace ordercast::domain::queue {

// {"id","orderId","siteId","stationId","operatorId","priority","priorityName","status",
//  "customerTier","garmentType","fabricRequiredCm","plotFile","notes","error","errorCode",
//  "attempts","autoRetries","notBefore","version","createdBy","createdAt","updatedAt",
//  "queuedAt","startedAt","completedAt","failedAt","cancelledAt","pausedAt"}; absent values null.
void write_job(core::json_writer& w, const store::job_record& job);
std::string job_json(const store::job_record& job);

// The factory's spool file, pretty-printed with a trailing newline.
std::string spool_json(const store::job_record& job);

}  // namespace ordercast::domain::queue
