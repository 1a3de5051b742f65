#pragma once
// Shared by the queue_* functional tests: the orders fixture (tokens, REST calls, error
// shape) plus the job queue's REST calls as a station would make them.
#include "functional/orders_fixture.hpp"

#include <string>

namespace ordercast::test {

class queue_test : public orders_test {
protected:
    // An operator of site s1 at cutter c1, and one at cutter c2.
    std::string operator_c1() const { return token("op1", "operator", "s1", {"c1"}); }
    std::string operator_c2() const { return token("op2", "operator", "s1", {"c2"}); }

    // POST /api/v1/queue/jobs as staff of s1; throws unless 201; returns the job.
    json_value submit(const std::string& body, const std::string& bearer = {}) {
        auto res = call("POST", "/api/v1/queue/jobs", bearer.empty() ? staff() : bearer, body);
        if (res.status != 201)
            throw std::runtime_error("submit answered " + std::to_string(res.status) + " " + res.body +
                                     res.error);
        return res.json();
    }
    std::string submit_id(const std::string& body, const std::string& bearer = {}) {
        return submit(body, bearer).str("/id").value_or("");
    }
    // POST /api/v1/queue/jobs/{id}/{action}.
    http_response act(const std::string& id, const std::string& action, const std::string& body = "{}",
                      const std::string& bearer = {}) {
        return call("POST", "/api/v1/queue/jobs/" + id + "/" + action, bearer.empty() ? staff() : bearer,
                    body);
    }
    // POST /api/v1/queue/process-next; returns the claimed job id ("" when none is due).
    std::string next_job(const std::string& body = "{}", const std::string& bearer = {}) {
        auto res = call("POST", "/api/v1/queue/process-next", bearer.empty() ? staff() : bearer, body);
        if (res.status != 200)
            throw std::runtime_error("process-next answered " + std::to_string(res.status) + " " + res.body +
                                     res.error);
        return res.json().str("/job/id").value_or("");
    }
    json_value queue_status(const std::string& bearer = {}) {
        return call("GET", "/api/v1/queue/status", bearer.empty() ? staff() : bearer).json();
    }
    std::string job_status(const std::string& id) {
        return call("GET", "/api/v1/queue/jobs/" + id, admin()).json().str("/status").value_or("?");
    }
};

}  // namespace ordercast::test
