#include "cli/orders_command.hpp"

#include <simdjson.h>

#include <fmt/format.h>

#include "cli/http_client.hpp"
#include "cli/order_format.hpp"
#include "cli/order_watch.hpp"
#include "core/json_writer.hpp"

namespace ordercast::cli {
namespace {

// "name[:quantity[:price]]" as an item object.
void write_item(core::json_writer& w, std::string_view spec) {
    auto first = spec.find(':');
    std::string_view name = spec.substr(0, first);
    w.begin_object().field("name", name);
    if (first != std::string_view::npos) {
        std::string_view rest = spec.substr(first + 1);
        auto second = rest.find(':');
        std::string quantity(rest.substr(0, second));
        try {
            w.field("quantity", std::stoi(quantity));
            if (second != std::string_view::npos)
                w.field("price", std::stod(std::string(rest.substr(second + 1))));
        } catch (const std::exception&) {
            throw cli_error(
                fmt::format("--item '{}' must be name[:quantity[:price]], e.g. Cappuccino:2:3.5", spec));
        }
    }
    w.end_object();
}

using named_fields = std::initializer_list<std::pair<const char*, const std::string*>>;

int answer(const http_reply& r, unsigned expected, bool json, std::ostream& out, std::ostream& err) {
    if (r.status != expected && !(expected == 201 && r.status == 200)) {
        print_error(err, r.status, r.body);
        return 1;
    }
    if (json)
        out << r.body << "\n";
    else
        print_order_line(out, r.body);
    return 0;
}

void query_param(std::string& q, std::string_view name, const std::string& value) {
    if (value.empty()) return;
    q += q.empty() ? '?' : '&';
    q += name;
    q += '=';
    q += url_encode(value);
}

}  // namespace

void orders_command::attach(CLI::App& root) {
    orders_ = root.add_subcommand("orders", "Create, read, change and watch orders on a running server");
    orders_->require_subcommand(1);
    orders_->add_option("--server", server_,
                        "Server URL (default $ORDERCAST_SERVER or http://localhost:8000)");
    orders_->add_option("--token", token_, "Bearer token (default $ORDERCAST_TOKEN)");
    orders_->add_flag("--json", json_, "Print the server's JSON instead of a summary");
    // The group's options may also follow the subcommand, as the README and docs write them
    // (`ordercast orders watch --server URL --token T`): its subcommands, added below, inherit
    // this and hand an option they do not know to the group.
    orders_->fallthrough();
    orders_->footer(k_group_options_footer);

    create_ = orders_->add_subcommand("create", "Create an order");
    create_->add_option("--number", number_, "External order number");
    create_->add_option("--customer", customer_, "Customer id");
    create_->add_option("--site", site_, "Site (branch, cafe, shop, factory)");
    create_->add_option("--station", station_, "Station (counter, machine, cutter)");
    create_->add_option("--assignee", assignee_, "Employee or operator");
    create_->add_option("--priority", priority_, "low, normal, high or urgent");
    create_->add_option("--item", items_, "An item as name[:quantity[:price]]; repeat for more");
    create_->add_option("--total", total_, "Total amount");
    create_->add_option("--currency", currency_, "Currency code");
    create_->add_option("--eta", eta_, "Estimated time in minutes");
    create_->add_option("--note", note_, "A first note");
    create_->add_option("--body", body_, "A complete JSON body instead of the options above");
    create_->add_option("--idempotency-key", idempotency_key_, "Makes retries of this create safe");

    get_ = orders_->add_subcommand("get", "Show one order");
    get_->add_option("id", id_, "Order id")->required();

    list_ = orders_->add_subcommand("list", "List orders (newest first)");
    list_->add_option("--status", status_, "Only this status");
    list_->add_option("--site", site_, "Only this site");
    list_->add_option("--station", station_, "Only this station");
    list_->add_option("--customer", customer_, "Only this customer");
    list_->add_option("--assignee", assignee_, "Only this assignee");
    list_->add_option("--since", since_, "Only orders updated since (ISO 8601 UTC or Unix ms)");
    list_->add_option("--limit", limit_, "Orders per page")->capture_default_str();
    list_->add_flag("--all", all_, "Follow every page");

    update_ = orders_->add_subcommand("update", "Change an order");
    update_->add_option("id", id_, "Order id")->required();
    update_->add_option("--status", status_, "New status");
    update_->add_option("--message", message_, "Message for the customer with a status change");
    update_->add_option("--reason", reason_, "Why (cancellation, priority change)");
    update_->add_option("--priority", priority_, "low, normal, high or urgent");
    update_->add_option("--station", station_, "Station");
    update_->add_option("--assignee", assignee_, "Employee or operator");
    update_->add_option("--progress", progress_, "Progress 0-100");
    update_->add_option("--stage", stage_, "Production stage");
    update_->add_option("--eta", eta_, "Estimated time in minutes");
    update_->add_option("--if-match", if_match_, "Only if the order is still at this version");
    update_->add_option("--body", body_, "A complete JSON patch instead of the options above");

    watch_ = orders_->add_subcommand("watch", "Follow an order, a site or any channel live");
    watch_->add_option("id", id_, "Order id to follow");
    watch_->add_option("--site", site_, "Follow every order of a site (site:{site}:orders)");
    watch_->add_option("--channel", channel_, "Follow any channel");
    watch_->add_option("--count", count_, "Stop after this many events");
    watch_->add_option("--timeout", timeout_s_, "Stop after this many seconds");
}

bool orders_command::parsed() const {
    return orders_ != nullptr && orders_->parsed();
}

int orders_command::run(std::ostream& out, std::ostream& err, const char* env_token, const char* env_server) {
    try {
        http_client client = client_for(server_, token_, env_server, env_token);
        if (create_->parsed()) return create(client, out, err);
        if (get_->parsed()) return get(client, out, err);
        if (list_->parsed()) return list(client, out, err);
        if (update_->parsed()) return update(client, out, err);
        return watch(client, out, err);
    } catch (const cli_error& e) {
        err << "ordercast: " << e.what() << "\n";
        return 1;
    }
}

int orders_command::create(http_client& client, std::ostream& out, std::ostream& err) {
    std::string body = body_;
    if (body.empty()) {
        core::json_writer w(body);
        w.begin_object();
        for (auto [key, value] : named_fields{{"number", &number_},
                                              {"customerId", &customer_},
                                              {"siteId", &site_},
                                              {"stationId", &station_},
                                              {"assigneeId", &assignee_},
                                              {"priority", &priority_},
                                              {"currency", &currency_},
                                              {"note", &note_}})
            if (!value->empty()) w.field(key, *value);
        if (!items_.empty()) {
            w.key("items").begin_array();
            for (const auto& item : items_) write_item(w, item);
            w.end_array();
        }
        if (total_ >= 0) w.field("totalAmount", total_);
        if (eta_ >= 0) w.field("estimatedTime", eta_);
        w.end_object();
    }
    std::vector<std::pair<std::string, std::string>> headers;
    if (!idempotency_key_.empty()) headers.emplace_back("Idempotency-Key", idempotency_key_);
    return answer(client.request("POST", "/api/v1/orders", body, headers), 201, json_, out, err);
}

int orders_command::get(http_client& client, std::ostream& out, std::ostream& err) {
    return answer(client.request("GET", "/api/v1/orders/" + url_encode(id_)), 200, json_, out, err);
}

int orders_command::list(http_client& client, std::ostream& out, std::ostream& err) {
    std::string query;
    for (auto [name, value] : named_fields{{"status", &status_},
                                           {"site", &site_},
                                           {"station", &station_},
                                           {"customer", &customer_},
                                           {"assignee", &assignee_},
                                           {"updated_since", &since_}})
        query_param(query, name, *value);
    query_param(query, "limit", std::to_string(limit_));
    std::string cursor;
    simdjson::dom::parser parser;
    for (bool first = true;; first = false) {
        std::string target = "/api/v1/orders" + query;
        if (!cursor.empty()) target += "&cursor=" + url_encode(cursor);
        auto r = client.request("GET", target);
        if (r.status != 200) {
            print_error(err, r.status, r.body);
            return 1;
        }
        if (json_)
            out << r.body << "\n";
        else
            print_order_table(out, r.body, first);
        std::string_view next;
        simdjson::dom::element page;
        if (!all_ || parser.parse(r.body).get(page) != simdjson::SUCCESS ||
            page["nextCursor"].get_string().get(next) != simdjson::SUCCESS)
            return 0;
        cursor = next;
    }
}

int orders_command::update(http_client& client, std::ostream& out, std::ostream& err) {
    std::string body = body_;
    if (body.empty()) {
        core::json_writer w(body);
        w.begin_object();
        for (auto [key, value] : named_fields{{"status", &status_},
                                              {"message", &message_},
                                              {"reason", &reason_},
                                              {"priority", &priority_},
                                              {"stationId", &station_},
                                              {"assigneeId", &assignee_},
                                              {"stage", &stage_}})
            if (!value->empty()) w.field(key, *value);
        if (progress_ >= 0) w.field("progress", progress_);
        if (eta_ >= 0) w.field("estimatedTime", eta_);
        w.end_object();
    }
    std::vector<std::pair<std::string, std::string>> headers;
    if (!if_match_.empty()) headers.emplace_back("If-Match", "\"" + if_match_ + "\"");
    return answer(client.request("PATCH", "/api/v1/orders/" + url_encode(id_), body, headers), 200, json_,
                  out, err);
}

int orders_command::watch(http_client& client, std::ostream& out, std::ostream& err) {
    watch_options options;
    options.json = json_;
    options.max_events = count_;
    options.timeout = std::chrono::seconds(timeout_s_);
    if (!id_.empty()) {
        // Show where the order stands, then follow it.
        auto current = client.request("GET", "/api/v1/orders/" + url_encode(id_));
        if (current.status != 200) {
            print_error(err, current.status, current.body);
            return 1;
        }
        if (json_)
            out << current.body << "\n";
        else
            print_order_line(out, current.body);
        options.channels.push_back("order:" + id_);
    }
    if (!site_.empty()) options.channels.push_back("site:" + site_ + ":orders");
    if (!channel_.empty()) options.channels.push_back(channel_);
    if (options.channels.empty()) {
        err << "ordercast: orders watch needs an order id, --site or --channel\n";
        return 2;
    }
    return cli::watch(client.url(), client.token(), options, out);
}

}  // namespace ordercast::cli
