#include "domain/queue/queue_update_coalescer.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace ordercast::domain::queue {
namespace {

TEST(queue_update_coalescer, many_marks_of_a_site_become_one_update_until_taken) {
    queue_update_coalescer c;
    EXPECT_TRUE(c.take().empty());
    for (int i = 0; i < 100; ++i) c.mark("s1");
    c.mark("s2");
    EXPECT_EQ(c.take(), (std::vector<std::string>{"s1", "s2"}));
    EXPECT_TRUE(c.take().empty()) << "taken sites are forgotten";
    c.mark("s1");
    EXPECT_EQ(c.take(), std::vector<std::string>{"s1"});
}

TEST(queue_update_coalescer, marks_from_many_threads_are_all_seen) {
    queue_update_coalescer c;
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&c, t] {
            for (int i = 0; i < 1000; ++i) c.mark("site-" + std::to_string((t * 1000 + i) % 50));
        });
    for (auto& th : threads) th.join();
    EXPECT_EQ(c.take().size(), 50u);
}

TEST(queue_update_coalescer, quiet_names_known_sites_without_an_update_for_the_interval) {
    queue_update_coalescer c;
    c.mark("s9");
    EXPECT_TRUE(c.quiet(100000, 100).empty()) << "a mark alone makes no site known";
    c.know("s0", 900);
    c.know("s0", 1000);  // known already: still from 900
    EXPECT_TRUE(c.quiet(999, 100).empty()) << "a site's quiet time counts from when it became known";
    EXPECT_EQ(c.quiet(1000, 100), std::vector<std::string>{"s0"});
    c.published("s1", 1000);
    c.published("s0", 950);
    EXPECT_EQ(c.quiet(1049, 100), std::vector<std::string>{});
    EXPECT_EQ(c.quiet(1050, 100), std::vector<std::string>{"s0"});
    EXPECT_EQ(c.quiet(1100, 100), (std::vector<std::string>{"s0", "s1"}));
    c.published("s0", 1100);
    EXPECT_EQ(c.quiet(1100, 100), std::vector<std::string>{"s1"});
    EXPECT_EQ(c.take(), std::vector<std::string>{"s9"}) << "knowing and publishing mark nothing";
}

}  // namespace
}  // namespace ordercast::domain::queue
