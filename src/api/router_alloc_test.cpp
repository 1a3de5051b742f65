// The publish path through the router allocates nothing of its own: matching a route without
// {param} segments, verifying a token the cache has seen, checking the role and calling the
// handler. Its own executable, because it replaces the global operator new to count.
#include <gtest/gtest.h>

#include <cstdlib>
#include <new>

#include "api/router.hpp"
#include "auth/jwt_signer.hpp"
#include "auth/jwt_verifier.hpp"

namespace {
thread_local bool counting = false;
thread_local std::size_t allocations = 0;
}  // namespace

// GCC sees free() on memory from (this) operator new and warns; the pair is this file's own.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void* operator new(std::size_t n) {
    if (counting) ++allocations;
    if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
    throw std::bad_alloc();
}
// Every form of new that a library may pair with the deletes below comes from malloc too
// (simdjson allocates with the nothrow form and frees with the sized delete).
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
    if (counting) ++allocations;
    return std::malloc(n == 0 ? 1 : n);
}
void* operator new[](std::size_t n) {
    return operator new(n);
}
void* operator new[](std::size_t n, const std::nothrow_t& tag) noexcept {
    return operator new(n, tag);
}
void operator delete(void* p) noexcept {
    std::free(p);
}
void operator delete[](void* p) noexcept {
    std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
    std::free(p);
}
void operator delete(void* p, const std::nothrow_t&) noexcept {
    std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
    std::free(p);
}
#pragma GCC diagnostic pop

using namespace ordercast;
using namespace ordercast::api;

TEST(router_allocations, a_publish_shaped_request_allocates_nothing_in_the_router_once_the_token_is_cached) {
    auth::jwt_key_config key;
    key.secret = "router-alloc-test-secret-of-enough-length";
    const auth::jwt_verifier verifier(key);
    router r(verifier);
    r.add({.method = "GET", .path = "/api/v1/orders/{id}"},
          [](request&, const caller&) { return response{}; });
    r.add({.method = "POST",
           .path = "/api/v1/publish",
           .who = access::roles({auth::role::service, auth::role::admin}, "publishers only")},
          [](request&, const caller& c) {
              response res;
              res.status = c.who().role == auth::role::service ? 200 : 500;
              return res;
          });
    const std::string bearer =
        "Bearer " + auth::mint_hs256(key.secret, {.subject = "backend-1", .role = auth::role::service},
                                     std::chrono::hours(1));
    auto publish = [&] {
        request req{.method = "POST",
                    .path = "/api/v1/publish",
                    .authorization = bearer,
                    .body = R"({"channel":"x"})"};
        std::string_view route;
        return r.handle(req, route).status;
    };
    ASSERT_EQ(publish(), 200);  // warms the verified-token cache
    counting = true;
    allocations = 0;
    const int status = publish();
    counting = false;
    EXPECT_EQ(status, 200);
    EXPECT_EQ(allocations, 0u) << "the router allocated on the publish path";

    // The counter sees the router's allocations: a route with a {param} fills path_params.
    const std::string staff =
        "Bearer " +
        auth::mint_hs256(key.secret, {.subject = "e1", .role = auth::role::employee}, std::chrono::hours(1));
    auto read_order = [&] {
        request req{.method = "GET", .path = "/api/v1/orders/o-1", .authorization = staff};
        std::string_view route;
        return r.handle(req, route).status;
    };
    ASSERT_EQ(read_order(), 200);
    counting = true;
    allocations = 0;
    EXPECT_EQ(read_order(), 200);
    counting = false;
    EXPECT_GE(allocations, 1u) << "the control request should allocate its path_params";
}
