#include "core/metrics.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <thread>

namespace ordercast::core {
namespace {

TEST(worker_metrics, traffic_is_the_sum_over_every_worker) {
    metrics registry;
    worker_metrics a(registry);
    worker_metrics b(registry);
    a.messages_out.add(3);
    b.messages_out.add(4);
    a.bytes_out.add(100);
    b.bytes_in.add(7);
    a.publish_to_write.observe_us(5);       // first bucket (<= 10 µs)
    b.publish_to_write.observe_us(200000);  // +Inf
    const traffic_totals t = registry.traffic();
    EXPECT_EQ(t.messages_out, 7u);
    EXPECT_EQ(t.bytes_out, 100u);
    EXPECT_EQ(t.bytes_in, 7u);
    EXPECT_EQ(t.publish_to_write.count, 2u);
    EXPECT_EQ(t.publish_to_write.sum_us, 200005u);
    EXPECT_EQ(t.publish_to_write.buckets.front(), 1u);
    EXPECT_EQ(t.publish_to_write.buckets.back(), 1u);
    const std::string text = registry.render_prometheus();
    EXPECT_NE(text.find("ordercast_messages_out_total 7\n"), std::string::npos) << text;
    EXPECT_NE(text.find("ordercast_publish_to_write_seconds_count 2\n"), std::string::npos) << text;
}

TEST(worker_metrics, counts_of_a_worker_that_ended_are_kept) {
    metrics registry;
    std::optional<worker_metrics> gone(std::in_place, registry);
    gone->messages_out.add(5);
    gone->publish_to_write.observe_us(30);
    gone->count_http("publish", 202);
    gone.reset();
    worker_metrics live(registry);
    live.messages_out.add(1);
    live.count_http("publish", 202);
    EXPECT_EQ(registry.traffic().messages_out, 6u);
    EXPECT_EQ(registry.traffic().publish_to_write.count, 1u);
    const auto http = registry.http_requests();
    ASSERT_EQ(http.size(), 1u);
    EXPECT_EQ(http.at({"publish", 202}), 2u);
}

TEST(worker_metrics, http_requests_merge_by_route_and_status_and_overflow_into_the_registry) {
    metrics registry;
    worker_metrics a(registry);
    worker_metrics b(registry);
    a.count_http("publish", 202);
    a.count_http("publish", 202);
    a.count_http("publish", 400);
    b.count_http("publish", 202);
    registry.count_http("publish", 202);  // counted outside a worker
    // More distinct (route, status) pairs than a worker keeps: the rest go to the registry.
    for (int status = 0; status < 100; ++status) {
        a.count_http("many", status);
        a.count_http("many", status);
    }
    const auto http = registry.http_requests();
    EXPECT_EQ(http.at({"publish", 202}), 4u);
    EXPECT_EQ(http.at({"publish", 400}), 1u);
    for (int status = 0; status < 100; ++status) EXPECT_EQ(http.at({"many", status}), 2u) << status;
}

TEST(worker_metrics, a_reader_on_another_thread_sees_counts_grow_to_the_exact_total) {
    metrics registry;
    worker_metrics w(registry);
    constexpr std::uint64_t k_adds = 200000;
    std::thread writer([&] {
        for (std::uint64_t i = 0; i < k_adds; ++i) {
            w.messages_out.add(1);
            w.count_http(i % 2 == 0 ? "even" : "odd", 200);
        }
    });
    std::uint64_t last = 0;
    for (int i = 0; i < 1000; ++i) {
        const std::uint64_t now = registry.traffic().messages_out;
        ASSERT_GE(now, last);
        last = now;
    }
    writer.join();
    EXPECT_EQ(registry.traffic().messages_out, k_adds);
    const auto http = registry.http_requests();
    EXPECT_EQ(http.at({"even", 200}) + http.at({"odd", 200}), k_adds);
}

}  // namespace
}  // namespace ordercast::core
