// The shop's side of orders over the real server: a PATCH of totalAmount and items, the
// order_updated event every changing PATCH publishes (and a PATCH that changes nothing does
// not), orders addressed by their number, and the shop dialect's order_update with the order's
// number and shop as JSON numbers. Bad input changes nothing.
#include "functional/orders_fixture.hpp"

namespace ordercast::test {
namespace {

class orders_shop : public orders_test {
protected:
    void SetUp() override { start_server(); }

    static std::vector<std::string> types(const std::vector<json_value>& frames) {
        std::vector<std::string> out;
        for (const auto& f : frames) out.push_back(f.str("/type").value_or("?"));
        return out;
    }
    // A shop-dialect connection of `customer`, with a token naming them.
    std::unique_ptr<ws_client> shop_device(const std::string& customer) {
        auto c =
            connect_raw(ws_opts("/ws/orders/" + customer + "?token=" + token(customer, "customer", "s1")));
        if (!c->upgraded()) throw std::runtime_error("the shop upgrade was refused");
        return c;
    }
    // Waits until the shop connections have joined (orders:customer:{id} and user:{id} each).
    void wait_joined(std::size_t connections) {
        const bool joined = eventually(
            [&] {
                return metric_value(metrics_text(), "ordercast_subscriptions_current") ==
                       static_cast<double>(connections * 2);
            },
            k_frame_timeout);
        if (!joined) throw std::runtime_error("the shop connections did not join their channels");
    }
};

TEST_F(orders_shop, a_patch_of_total_and_items_is_stored_and_published_as_order_updated) {
    auto id = create_order_id(
        staff(), R"({"customerId":"alice","items":[{"name":"rice","qty":1}],"totalAmount":400})");
    auto follower = connect(alice());
    subscribe(*follower, {"orders:customer:alice"});

    auto patched =
        patch_order(id, R"({"totalAmount":450.0,"items":[{"name":"rice","qty":1},{"name":"dal","qty":2}]})");
    EXPECT_EQ(patched.number("/totalAmount"), 450.0);
    EXPECT_EQ(patched.str("/items/1/name"), "dal");
    EXPECT_EQ(patched.i64("/version"), 2);
    auto frames = receive_until(*follower, [](const std::vector<json_value>& fs) { return !fs.empty(); });
    ASSERT_EQ(types(frames), (std::vector<std::string>{"order_updated"})) << describe(frames);
    EXPECT_EQ(frames[0].str("/data/orderId"), id);
    EXPECT_EQ(frames[0].strings("/data/changes"), (std::vector<std::string>{"totalAmount", "items"}));
    EXPECT_EQ(frames[0].number("/data/order/totalAmount"), 450.0);
    EXPECT_EQ(frames[0].str("/data/items/1/name"), "dal");
    EXPECT_EQ(frames[0].str("/data/updatedBy"), "e1");

    // The same values again change nothing: no new version, no event.
    auto same =
        patch_order(id, R"({"totalAmount":450,"items":[{"name":"rice","qty":1},{"name":"dal","qty":2}]})");
    EXPECT_EQ(same.i64("/version"), 2);
    EXPECT_FALSE(follower->receive(k_quiet_period).has_value());

    // A status change with a new total: the status's own event, then order_updated naming both.
    patch_order(id, R"({"status":"confirmed","totalAmount":460})");
    auto status = receive_until(*follower, [](const std::vector<json_value>& fs) {
        return !fs.empty() && fs.back().str("/type") == "order_updated";
    });
    EXPECT_EQ(types(status), (std::vector<std::string>{"order_status_changed", "order_updated"}))
        << describe(status);
    EXPECT_EQ(status.back().strings("/data/changes"), (std::vector<std::string>{"status", "totalAmount"}));
    // What the specific events describe completely publishes only them (as before).
    patch_order(id, R"({"priority":"high"})");
    auto priority = receive_until(*follower, [](const std::vector<json_value>& fs) { return !fs.empty(); });
    EXPECT_EQ(types(priority), (std::vector<std::string>{"order_priority_changed"})) << describe(priority);

    // totalAmount null clears it.
    auto cleared = patch_order(id, R"({"totalAmount":null})");
    EXPECT_TRUE(cleared.at("/totalAmount").is_null());
    follower->close();
}

TEST_F(orders_shop, bad_totals_and_items_are_refused_and_nothing_changes) {
    auto id = create_order_id(staff(), R"({"customerId":"alice","totalAmount":400})");
    auto follower = connect(alice());
    subscribe(*follower, {"orders:customer:alice"});
    const std::string path = "/api/v1/orders/" + id;
    expect_error(call("PATCH", path, staff(), R"({"totalAmount":"450"})"), 400, "INVALID_MESSAGE");
    expect_error(call("PATCH", path, staff(), R"({"totalAmount":-1})"), 422, "INVALID_VALUE");
    expect_error(call("PATCH", path, staff(), R"({"items":{"name":"rice"}})"), 400, "INVALID_MESSAGE");
    expect_error(call("PATCH", path, staff(), R"({"items":null})"), 400, "INVALID_MESSAGE");
    expect_error(call("PATCH", path, staff(), R"({"total_amount":450})"), 400, "INVALID_MESSAGE");
    expect_error(call("PATCH", path, alice(), R"({"totalAmount":1})"), 403, "INSUFFICIENT_PERMISSIONS");
    expect_error(call("PATCH", path, other_site_staff(), R"({"totalAmount":1})"), 404, "NOT_FOUND");
    auto stored = call("GET", path, staff()).json();
    EXPECT_EQ(stored.number("/totalAmount"), 400.0);
    EXPECT_EQ(stored.i64("/version"), 1);
    EXPECT_FALSE(follower->receive(k_quiet_period).has_value()) << "a refused PATCH published";
    follower->close();
}

TEST_F(orders_shop, orders_are_addressed_by_number_as_well_as_by_id) {
    auto made = create_order(staff(), R"({"number":7,"customerId":"alice","totalAmount":400})");
    const std::string id = made.str("/id").value_or("");
    EXPECT_EQ(made.str("/number"), "7") << "an integer number is kept as its digits";
    auto by_number = call("GET", "/api/v1/orders/7", staff());
    ASSERT_EQ(by_number.status, 200u) << by_number.body;
    EXPECT_EQ(by_number.json().str("/id"), id);
    EXPECT_EQ(patch_order("7", R"({"totalAmount":450})").str("/id"), id);
    auto note = call("POST", "/api/v1/orders/7/notes", staff(), R"({"text":"packed"})");
    ASSERT_EQ(note.status, 201u) << note.body;
    EXPECT_EQ(note.json().str("/orderId"), id);
    auto logs = call("GET", "/api/v1/orders/7/logs", staff());
    ASSERT_EQ(logs.status, 200u) << logs.body;
    EXPECT_EQ(logs.json().str("/orderId"), id);

    // The same number again is refused; the number is not a way around permissions.
    expect_error(call("POST", "/api/v1/orders", staff(), R"({"number":"7"})"), 409, "ALREADY_EXISTS");
    expect_error(call("GET", "/api/v1/orders/7", other_site_staff()), 404, "NOT_FOUND");
    expect_error(call("GET", "/api/v1/orders/7", bob()), 404, "NOT_FOUND");
    expect_error(call("GET", "/api/v1/orders/8", staff()), 404, "NOT_FOUND");
    expect_error(call("POST", "/api/v1/orders", staff(), R"({"number":-7})"), 400, "INVALID_MESSAGE");
    expect_error(call("POST", "/api/v1/orders", staff(), R"({"number":7.5})"), 400, "INVALID_MESSAGE");

    // An id wins over a number that spells it: the order whose id it is, not the one numbered so.
    auto other = create_order(staff(), R"({"customerId":"alice","number":")" + id + R"("})");
    EXPECT_EQ(call("GET", "/api/v1/orders/" + id, staff()).json().str("/id"), id);
    EXPECT_NE(other.str("/id"), id);
}

TEST_F(orders_shop, the_shop_dialect_names_the_order_by_number_and_shop_and_order_as_numbers) {
    auto phone = shop_device("42");
    auto tablet = shop_device("42");
    wait_joined(2);
    const std::string shopkeeper = token("k1", "manager", "1");
    auto res =
        call("POST", "/api/v1/orders", shopkeeper, R"({"number":7,"customerId":"42","totalAmount":400})");
    ASSERT_EQ(res.status, 201u) << res.body;
    ASSERT_EQ(call("PATCH", "/api/v1/orders/7", shopkeeper, R"({"totalAmount":450.0})").status, 200u);
    for (auto* device : {phone.get(), tablet.get()}) {
        auto frames = receive_until(*device, [](const std::vector<json_value>& fs) { return !fs.empty(); });
        ASSERT_EQ(frames.size(), 1u) << describe(frames);
        const auto& f = frames[0];
        EXPECT_EQ(f.str("/type"), "order_update");
        EXPECT_TRUE(f.at("/order_id").is_number()) << f.dump();
        EXPECT_EQ(f.i64("/order_id"), 7);
        EXPECT_TRUE(f.at("/shop_id").is_number()) << f.dump();
        EXPECT_EQ(f.i64("/shop_id"), 1);
        EXPECT_EQ(f.number("/total_amount"), 450.0);
        EXPECT_EQ(f.str("/status"), "pending");
    }
    // A status change with a new total is one order_update per device too, though it publishes
    // two events (order_status_changed, order_updated); so is a status change alone.
    ASSERT_EQ(
        call("PATCH", "/api/v1/orders/7", shopkeeper, R"({"status":"confirmed","totalAmount":455})").status,
        200u);
    for (auto* device : {phone.get(), tablet.get()}) {
        auto frames = receive_until(*device, [](const std::vector<json_value>& fs) { return !fs.empty(); });
        ASSERT_EQ(frames.size(), 1u) << describe(frames);
        EXPECT_EQ(frames[0].str("/status"), "confirmed");
        EXPECT_EQ(frames[0].number("/total_amount"), 455.0);
    }
    ASSERT_EQ(call("PATCH", "/api/v1/orders/7", shopkeeper, R"({"status":"in_progress"})").status, 200u);
    for (auto* device : {phone.get(), tablet.get()}) {
        auto frames = receive_until(*device, [](const std::vector<json_value>& fs) { return !fs.empty(); });
        ASSERT_EQ(frames.size(), 1u) << describe(frames);
        EXPECT_EQ(frames[0].str("/status"), "in_progress");
    }
    // An order without a number, at a shop whose id is not a decimal integer: strings.
    const std::string elsewhere = token("k2", "manager", "shop-9");
    auto plain = call("POST", "/api/v1/orders", elsewhere, R"({"customerId":"42"})").json();
    const std::string id = plain.str("/id").value_or("");
    ASSERT_EQ(call("PATCH", "/api/v1/orders/" + id, elsewhere, R"({"totalAmount":12})").status, 200u);
    auto frames = receive_until(*phone, [](const std::vector<json_value>& fs) { return !fs.empty(); });
    ASSERT_EQ(frames.size(), 1u) << describe(frames);
    EXPECT_EQ(frames[0].str("/order_id"), id);
    EXPECT_EQ(frames[0].str("/shop_id"), "shop-9");
    phone->close();
    tablet->close();
}

}  // namespace
}  // namespace ordercast::test
