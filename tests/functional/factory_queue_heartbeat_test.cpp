// The factory dashboard's queue counters: while a factory (/ws) connection is open, each site's
// queue_update is sent again every dialect_factory.queue_heartbeat_ms when its queue did not
// change, so the dashboard's counters stay fresh and a new dashboard of a quiet site gets them.
#include "functional/queue_fixture.hpp"

#include "support/temp_dir.hpp"

namespace ordercast::test {
namespace {

class factory_queue_heartbeat : public queue_test {
protected:
    // A site with one waiting job, then a restart: the new server has seen no change at all.
    void start_quiet_site(const std::string& heartbeat_ms) {
        start_server({}, {}, data_.path().string());
        submit_id("{}");
        start_server({{"ORDERCAST_DIALECT_FACTORY_QUEUE_HEARTBEAT_MS", heartbeat_ms}}, {},
                     data_.path().string());
    }
    std::unique_ptr<ws_client> factory_client(const std::string& query) {
        auto client = connect_raw(ws_opts("/ws" + query));
        if (!client->upgraded()) throw std::runtime_error("the /ws upgrade was refused");
        return client;
    }
    temp_dir data_{"ordercast-heartbeat"};
};

TEST_F(factory_queue_heartbeat, a_quiet_site_gets_its_counters_every_interval) {
    start_quiet_site("300");
    auto dashboard = factory_client("?token=" + manager());
    std::vector<std::string> stamps;
    std::chrono::steady_clock::time_point first_at;
    for (int i = 0; i < 3; ++i) {
        auto update = dashboard->receive_type("queue_update", k_frame_timeout);
        ASSERT_TRUE(update) << "heartbeat " << i;
        // The factory's flat queue_update with the site's unchanged counters.
        EXPECT_EQ(update->i64("/pending"), 1) << update->dump();
        EXPECT_EQ(update->i64("/processing"), 0) << update->dump();
        EXPECT_EQ(update->i64("/completed"), 0) << update->dump();
        EXPECT_FALSE(update->has("/data")) << update->dump();
        stamps.push_back(update->str("/timestamp").value_or(""));
        if (i == 0) first_at = std::chrono::steady_clock::now();
    }
    EXPECT_GE(std::chrono::steady_clock::now() - first_at, std::chrono::milliseconds(450))
        << "two more heartbeats take two intervals of 300 ms (less a tick's lateness)";
    EXPECT_LT(stamps[0], stamps[1]);
    EXPECT_LT(stamps[1], stamps[2]);
    dashboard->close();
}

TEST_F(factory_queue_heartbeat, the_anonymous_dashboards_site_gets_counters_before_it_has_jobs) {
    start_server({{"ORDERCAST_DIALECT_FACTORY_QUEUE_HEARTBEAT_MS", "200"},
                  {"ORDERCAST_DIALECT_FACTORY_ANONYMOUS_ROLE", "manager"},
                  {"ORDERCAST_DIALECT_FACTORY_ANONYMOUS_SITE", "f1"}});
    auto dashboard = factory_client("");
    auto update = dashboard->receive_type("queue_update", k_frame_timeout);
    ASSERT_TRUE(update);
    EXPECT_EQ(update->i64("/pending"), 0) << update->dump();
    EXPECT_EQ(update->i64("/completed"), 0) << update->dump();
    dashboard->close();
}

TEST_F(factory_queue_heartbeat, zero_turns_it_off) {
    start_quiet_site("0");
    auto dashboard = factory_client("?token=" + manager());
    EXPECT_FALSE(dashboard->receive_type("queue_update", std::chrono::milliseconds(1000)));
    dashboard->close();
}

}  // namespace
}  // namespace ordercast::test
