#pragma once
// Customers (the factory's customers table). A customer who signs in is the customer whose id
// is their token's `sub`.
//   customer            creates and reads only their own record
//   staff               create for their site; read customers of their site or of none
//   admin, service      everything
// Threads: any; each call blocks for one unit of work.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/principal.hpp"
#include "core/clock.hpp"
#include "domain/domain_error.hpp"
#include "domain/order_service.hpp"
#include "store/records.hpp"

namespace ordercast::domain {

struct customer_draft {
    std::string id;  // empty: generated (or the caller's sub for a customer)
    std::string name;
    std::string email;
    std::string phone;
    std::string site_id;
    std::string default_measurements = "{}";
};

// POST /customers body: {"id"?, "name", "email"?, "phone"?, "siteId"?, "defaultMeasurements"?}.
outcome<customer_draft> parse_customer_draft(std::string_view body);

struct customer_query {
    std::string site_id;
    std::string cursor;
    int limit = 50;
};

struct customer_page {
    std::vector<store::customer_record> customers;
    std::string next_cursor;
};

class customer_service {
public:
    // Both must outlive the service; `clock` stamps the customers it creates.
    customer_service(store::store& store, const core::clock& clock, int max_page_size);

    // 409 ALREADY_EXISTS when the id is taken, 403 for a customer creating someone else.
    outcome<created> create(const auth::principal& who, const customer_draft& draft, const idempotency* idem);
    // 404 for missing customers and those the caller may not see.
    outcome<store::customer_record> get(const auth::principal& who, std::string_view id);
    outcome<customer_page> list(const auth::principal& who, customer_query query);

private:
    store::store& store_;
    const core::clock& clock_;
    int max_page_size_;
};

}  // namespace ordercast::domain
