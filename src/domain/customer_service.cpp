#include "domain/customer_service.hpp"

#include <simdjson.h>

#include <charconv>

#include <fmt/format.h>

#include "auth/channel_name.hpp"
#include "core/clock.hpp"
#include "core/uuid.hpp"
#include "domain/order_access.hpp"
#include "domain/order_json.hpp"
#include "store/store.hpp"
#include "store/store_error.hpp"

namespace ordercast::domain {
namespace {

using core::error_code;

domain_error customer_not_found(std::string_view id) {
    return fail(error_code::not_found,
                fmt::format("customer '{}' does not exist or is not yours to see", id));
}

}  // namespace

outcome<customer_draft> parse_customer_draft(std::string_view body) {
    thread_local simdjson::dom::parser parser;
    simdjson::dom::element root;
    simdjson::dom::object obj;
    if (parser.parse(body.data(), body.size(), true).get(root) != simdjson::SUCCESS)
        return fail(error_code::invalid_message, "the body is not valid JSON");
    if (root.get_object().get(obj) != simdjson::SUCCESS)
        return fail(error_code::invalid_message, "the body must be a JSON object");
    customer_draft d;
    for (auto [key, v] : obj) {
        if (key == "defaultMeasurements") {
            if (!v.is_object())
                return fail(error_code::invalid_message, "\"defaultMeasurements\" must be an object");
            d.default_measurements = simdjson::minify(v);
            continue;
        }
        std::string* target = key == "id"       ? &d.id
                              : key == "name"   ? &d.name
                              : key == "email"  ? &d.email
                              : key == "phone"  ? &d.phone
                              : key == "siteId" ? &d.site_id
                                                : nullptr;
        if (target == nullptr)
            return fail(error_code::invalid_message,
                        fmt::format("unknown field \"{}\"; the fields are id, name, email, phone, siteId, "
                                    "defaultMeasurements (docs/rest.md)",
                                    key));
        std::string_view s;
        if (v.get_string().get(s) != simdjson::SUCCESS)
            return fail(error_code::invalid_message, fmt::format("\"{}\" must be a string", key));
        if (s.size() > 200)
            return fail(error_code::invalid_value, fmt::format("\"{}\" is longer than 200 characters", key));
        if ((key == "id" || key == "siteId") && !auth::is_valid_channel_id(s))
            return fail(error_code::invalid_value,
                        fmt::format("\"{}\" must be 1-128 characters of A-Z a-z 0-9 _ . @ -", key));
        *target = s;
    }
    if (d.name.empty()) return fail(error_code::invalid_message, "\"name\" is required");
    if (!d.email.empty() && d.email.find('@') == std::string::npos)
        return fail(error_code::invalid_value, "\"email\" must be an e-mail address");
    return d;
}

customer_service::customer_service(store::store& store, const core::clock& clock, int max_page_size)
    : store_(store), clock_(clock), max_page_size_(max_page_size) {}

outcome<created> customer_service::create(const auth::principal& who, const customer_draft& d,
                                          const idempotency* idem) {
    store::customer_record c{d.id, d.name, d.email, d.phone, d.site_id, d.default_measurements, 0, 0};
    if (who.role == auth::role::customer) {
        if (!c.id.empty() && c.id != who.user_id)
            return fail(error_code::insufficient_permissions,
                        "a customer may only create their own record; leave id out");
        c.id = who.user_id;
        if (c.site_id.empty()) c.site_id = who.site;
    } else if (!auth::is_privileged(who.role)) {
        if (who.site.empty())
            return fail(error_code::insufficient_permissions,
                        "your token names no site; staff add customers to their site");
        if (!c.site_id.empty() && c.site_id != who.site)
            return fail(error_code::insufficient_permissions,
                        fmt::format("you work at site '{}' and cannot add customers to site '{}'", who.site,
                                    c.site_id));
        c.site_id = who.site;
    }
    if (c.id.empty()) c.id = core::new_id();
    c.created_at_ms = c.updated_at_ms = clock_.now_ms();
    try {
        auto uow = store_.begin(store::tx_mode::write);
        if (idem) {
            if (auto seen = uow->idempotency().find(who.user_id, idem->key)) {
                if (seen->request_hash != idem->request_hash)
                    return fail(error_code::idempotency_key_reused,
                                "this Idempotency-Key was used for a different request; use a new key");
                return created{seen->status, std::move(seen->response_body), {}, true};
            }
        }
        try {
            uow->customers().insert(c);
        } catch (const store::unique_violation&) {
            return fail(
                error_code::already_exists,
                fmt::format("customer '{}' already exists; GET /api/v1/customers/{} reads it", c.id, c.id));
        }
        created result{201, customer_json(c), c.id, false};
        if (idem)
            uow->idempotency().insert({who.user_id, std::string(idem->key), idem->request_hash, result.status,
                                       result.body, c.created_at_ms});
        uow->commit();
        return result;
    } catch (const store::store_error& e) {
        return store_failure("create the customer", e);
    }
}

outcome<store::customer_record> customer_service::get(const auth::principal& who, std::string_view id) {
    try {
        auto c = store_.begin(store::tx_mode::read)->customers().find(id);
        if (!c || !may_read(who, *c)) return customer_not_found(id);
        return std::move(*c);
    } catch (const store::store_error& e) {
        return store_failure("read the customer", e);
    }
}

outcome<customer_page> customer_service::list(const auth::principal& who, customer_query q) {
    if (q.limit < 1 || q.limit > max_page_size_)
        return fail(error_code::invalid_value, fmt::format("limit must be between 1 and {}", max_page_size_));
    customer_page page;
    try {
        if (who.role == auth::role::customer) {
            // A customer's list is their own record, when it exists.
            if (auto self = store_.begin(store::tx_mode::read)->customers().find(who.user_id))
                page.customers.push_back(std::move(*self));
            return page;
        }
        if (!auth::is_privileged(who.role)) {
            if (who.site.empty())
                return fail(error_code::insufficient_permissions,
                            "your token names no site; staff list their site's customers");
            if (!q.site_id.empty() && q.site_id != who.site)
                return fail(
                    error_code::insufficient_permissions,
                    fmt::format("you work at site '{}' and cannot list site '{}'", who.site, q.site_id));
            q.site_id = who.site;
        }
        store::customer_filter f;
        f.site_id = q.site_id;
        f.limit = q.limit + 1;
        if (!q.cursor.empty()) {
            auto sep = q.cursor.find('_');
            std::int64_t ms = 0;
            auto [end, ec] =
                std::from_chars(q.cursor.data(), q.cursor.data() + std::min(sep, q.cursor.size()), ms, 16);
            if (sep == std::string::npos || ec != std::errc{} || end != q.cursor.data() + sep)
                return fail(error_code::invalid_message,
                            "cursor is not one this server issued; list again without it");
            f.after_created_at_ms = ms;
            f.after_id = q.cursor.substr(sep + 1);
        }
        page.customers = store_.begin(store::tx_mode::read)->customers().list(f);
        if (page.customers.size() > static_cast<std::size_t>(q.limit)) {
            page.customers.pop_back();
            page.next_cursor =
                fmt::format("{:x}_{}", page.customers.back().created_at_ms, page.customers.back().id);
        }
        return page;
    } catch (const store::store_error& e) {
        return store_failure("list customers", e);
    }
}

}  // namespace ordercast::domain
