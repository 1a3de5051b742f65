#include "core/config.hpp"
#include "core/config_environment.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

using namespace ordercast::core;

namespace {
// Core's own sections; the composition root adds the modules' (app/settings_test.cpp).
const bound_section k_core_schema[] = {
    bind_section<config, &config::server>(k_server_section),
    bind_section<config, &config::tls>(k_tls_section),
    bind_section<config, &config::auth>(k_auth_section),
    bind_section<config, &config::limits>(k_limits_section),
    bind_section<config, &config::hub>(k_hub_section),
    bind_section<config, &config::store>(k_store_section),
    bind_section<config, &config::dialect_v1>(k_dialect_v1_section),
    bind_section<config, &config::dialect_factory>(k_dialect_factory_section),
    bind_section<config, &config::dialect_rooms>(k_dialect_rooms_section),
    bind_section<config, &config::dialect_progress>(k_dialect_progress_section),
    bind_section<config, &config::dialect_shop>(k_dialect_shop_section),
    bind_section<config, &config::log>(k_log_section),
};

config load_core(const std::string& path, char** envp) {
    config c;
    load_config(c, k_core_schema, path, envp);
    return c;
}

std::string write_temp(const std::string& text) {
    char name[] = "/tmp/ordercast-config-XXXXXX";
    int fd = mkstemp(name);
    std::FILE* f = fdopen(fd, "w");
    std::fputs(text.c_str(), f);
    std::fclose(f);
    return name;
}
}  // namespace

TEST(config, defaults_run_in_development_mode_on_port_8000) {
    auto c = load_core("", nullptr);
    EXPECT_EQ(c.server.port, 8000);
    EXPECT_TRUE(c.development_mode);
    EXPECT_EQ(c.server.data_dir, "./data");
}

TEST(config, environment_overrides_the_file) {
    auto path = write_temp("server:\n  port: 9000\n  threads: 2\n");
    std::string port = "ORDERCAST_SERVER_PORT=9100";
    std::string secret = "ORDERCAST_AUTH_JWT_SECRET=0123456789abcdef0123456789abcdef";
    std::string origins = "ORDERCAST_SERVER_ALLOWED_ORIGINS=https://a.example, https://b.example";
    std::string perms = "ORDERCAST_PERMISSIONS_CUSTOMER=user:{sub}";
    char* env[] = {port.data(), secret.data(), origins.data(), perms.data(), nullptr};
    auto c = load_core(path, env);
    EXPECT_EQ(c.server.port, 9100);
    EXPECT_EQ(c.server.threads, 2);
    EXPECT_FALSE(c.development_mode);
    ASSERT_EQ(c.server.allowed_origins.size(), 2u);
    EXPECT_EQ(c.server.allowed_origins[1], "https://b.example");
    ASSERT_EQ(c.permissions["customer"].size(), 1u);
    std::remove(path.c_str());
}

TEST(config, unknown_key_is_named_in_the_error) {
    auto path = write_temp("server:\n  prot: 9000\n");
    try {
        load_core(path, nullptr);
        FAIL() << "expected config_error";
    } catch (const config_error& e) {
        EXPECT_NE(std::string(e.what()).find("server.prot"), std::string::npos) << e.what();
    }
    std::remove(path.c_str());
}

TEST(config, nested_keys_are_read_as_nested_maps_with_dots_or_from_the_environment) {
    auto path = write_temp(
        "auth:\n  claims:\n    user: userId\n    site: branchId\n  claims.role: userType\n  role_map: "
        "[staff=employee]\n");
    std::string stations = "ORDERCAST_AUTH_CLAIMS_STATIONS=machines";
    char* env[] = {stations.data(), nullptr};
    auto c = load_core(path, env);
    EXPECT_EQ(c.auth.claims_user, "userId");
    EXPECT_EQ(c.auth.claims_site, "branchId");
    EXPECT_EQ(c.auth.claims_role, "userType");
    EXPECT_EQ(c.auth.claims_stations, "machines");
    EXPECT_EQ(c.auth.role_map, (std::vector<std::string>{"staff=employee"}));
    std::remove(path.c_str());

    path = write_temp("auth:\n  claims:\n    usr: userId\n");
    try {
        load_core(path, nullptr);
        ADD_FAILURE() << "a misspelt nested key was accepted";
    } catch (const config_error& e) {
        EXPECT_NE(std::string(e.what()).find("auth.claims.usr"), std::string::npos) << e.what();
    }
    std::remove(path.c_str());
}

TEST(config, bad_values_name_their_key) {
    auto expect_error = [](const char* var, const char* key) {
        std::string s = var;
        char* env[] = {s.data(), nullptr};
        try {
            load_core("", env);
            ADD_FAILURE() << var << " was accepted";
        } catch (const config_error& e) {
            EXPECT_NE(std::string(e.what()).find(key), std::string::npos) << e.what();
        }
    };
    expect_error("ORDERCAST_SERVER_PORT=70000", "server.port");
    expect_error("ORDERCAST_SERVER_PORT=eighty", "server.port");
    expect_error("ORDERCAST_AUTH_JWT_SECRET=short", "auth.jwt_secret");
    expect_error("ORDERCAST_AUTH_JWT_ALGORITHM=none", "auth.jwt_algorithm");
    expect_error("ORDERCAST_AUTH_JWT_ALGORITHM=RS256", "auth.jwt_public_key_file");
    expect_error("ORDERCAST_LOG_LEVEL=loud", "log.level");
    expect_error("ORDERCAST_TLS_CERT_FILE=/x.pem", "tls.key_file");
    expect_error("ORDERCAST_AUTH_JWKS_URL=http://issuer.example/jwks", "auth.jwks_url");  // HS256
    expect_error("ORDERCAST_AUTH_REQUIRE_EXP=maybe", "auth.require_exp");
}

TEST(config, every_key_is_described_with_its_environment_name) {
    config defaults;
    auto docs = describe_config(k_core_schema, defaults);
    ASSERT_FALSE(docs.empty());
    bool found = false;
    for (const auto& d : docs) found |= d.env == "ORDERCAST_AUTH_JWT_SECRET" && d.name == "auth.jwt_secret";
    EXPECT_TRUE(found);
}

namespace {
// The config_error load_config throws for this one environment entry, or "" when it loads.
std::string environment_error(std::string entry) {
    char* env[] = {entry.data(), nullptr};
    try {
        load_core("", env);
    } catch (const config_error& e) {
        return e.what();
    }
    return {};
}
}  // namespace

TEST(config, misspelt_environment_variable_is_refused_naming_it_and_the_nearest_key) {
    auto error = environment_error("ORDERCAST_SERVR_PORT=1");
    EXPECT_NE(error.find("ORDERCAST_SERVR_PORT"), std::string::npos) << error;
    EXPECT_NE(error.find("Did you mean ORDERCAST_SERVER_PORT (server.port)?"), std::string::npos) << error;
}

TEST(config, environment_variable_far_from_every_key_is_refused_without_a_hint) {
    auto error = environment_error("ORDERCAST_COMPLETELY_UNRELATED_THING=yes");
    EXPECT_NE(error.find("ORDERCAST_COMPLETELY_UNRELATED_THING: names no configuration key"),
              std::string::npos)
        << error;
    EXPECT_EQ(error.find("Did you mean"), std::string::npos) << error;
}

TEST(config, environment_variable_for_an_unknown_role_is_refused_naming_the_role) {
    auto error = environment_error("ORDERCAST_PERMISSIONS_EMPEROR=site:{site}:general");
    EXPECT_NE(error.find("ORDERCAST_PERMISSIONS_EMPEROR"), std::string::npos) << error;
    EXPECT_NE(error.find("permissions.emperor: unknown role"), std::string::npos) << error;
}

TEST(config, documented_variables_that_are_not_keys_are_accepted) {
    for (auto name : k_environment_non_keys) {
        EXPECT_EQ(environment_error(std::string(name) + "=x"), "") << name;
    }
    EXPECT_EQ(environment_error("ORDERCAST_AUTO_JOIN_EMPLOYEE=site:{site}:staff"), "");
    EXPECT_EQ(environment_error("NOT_ORDERCAST_SERVR_PORT=1"), "") << "only the ORDERCAST_ prefix is ours";
}

TEST(config, docs_configuration_lists_every_variable_that_is_not_a_key) {
    std::ifstream in(std::string(ORDERCAST_SOURCE_DIR) + "/docs/configuration.md");
    std::stringstream ss;
    ss << in.rdbuf();
    for (auto name : k_environment_non_keys)
        EXPECT_NE(ss.str().find("| `" + std::string(name) + "` |"), std::string::npos)
            << "docs/configuration.md does not list " << name;
}
