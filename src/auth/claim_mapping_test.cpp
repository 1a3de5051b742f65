// Tokens from issuers with their own claim names and role names: the claim mapping, the role
// map and auth.require_exp, through the real verifier.
#include "auth/claim_mapping.hpp"

#include <gtest/gtest.h>

#include "auth/jwt_signer.hpp"
#include "auth/jwt_verifier.hpp"

namespace ordercast::auth {
namespace {

constexpr std::int64_t k_now = 1'700'000'000;
const std::string k_secret = "0123456789abcdef0123456789abcdef";

jwt_key_config config_with(claim_mapping claims, bool require_exp = true) {
    jwt_key_config c;
    c.secret = k_secret;
    c.claims = std::move(claims);
    c.require_exp = require_exp;
    return c;
}

claim_mapping manufacturing_claims() {
    claim_mapping m;
    m.user = "userId";
    m.site = "branchId";
    return m;
}

std::string exp_member() {
    return ",\"exp\":" + std::to_string(k_now + 600);
}

TEST(claim_mapping, defaults_are_ordercasts_own_claims) {
    const claim_mapping m;
    EXPECT_EQ(m.user, "sub");
    EXPECT_EQ(m.role, "role");
    EXPECT_EQ(m.site, "site");
    EXPECT_EQ(m.stations, "stations");
    EXPECT_EQ(m.map_role("manager"), role::manager);
    EXPECT_EQ(m.map_role("staff"), std::nullopt);
}

TEST(claim_mapping, a_manufacturing_token_names_user_and_branch_by_its_own_claims) {
    const jwt_verifier v(config_with(manufacturing_claims()));
    auto r = v.verify(
        sign_hs256(k_secret, R"({"userId":"def456","role":"admin","branchId":"abc123")" + exp_member() + "}"),
        k_now);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->user_id, "def456");
    EXPECT_EQ(r->role, role::admin);
    EXPECT_EQ(r->site, "abc123");
}

TEST(claim_mapping, unmapped_default_claims_are_ignored_once_others_are_named) {
    const jwt_verifier v(config_with(manufacturing_claims()));
    // `sub` and `site` are not the configured claims: the user is missing, the site is not read.
    auto r = v.verify(sign_hs256(k_secret, R"({"sub":"u1","role":"admin","site":"s1")" + exp_member() + "}"),
                      k_now);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, errc::missing_subject);
    EXPECT_NE(r.error().message.find("userId"), std::string::npos) << r.error().message;
}

TEST(claim_mapping, a_restaurant_token_carries_its_role_as_user_type_and_its_site_as_cafe) {
    claim_mapping m;
    m.user = "userId";
    m.role = "userType";
    m.site = "cafeId";
    m.role_map = parse_role_map({"staff=employee"});
    const jwt_verifier v(config_with(m));
    auto employee = v.verify(
        sign_hs256(k_secret, R"({"userId":"e1","userType":"staff","cafeId":"cafe_1")" + exp_member() + "}"),
        k_now);
    ASSERT_TRUE(employee.ok()) << employee.error().message;
    EXPECT_EQ(employee->role, role::employee);
    EXPECT_EQ(employee->site, "cafe_1");
    auto customer =
        v.verify(sign_hs256(k_secret,
                            R"({"userId":"c1","userType":"customer","cafeId":"cafe_1")" + exp_member() + "}"),
                 k_now);
    ASSERT_TRUE(customer.ok()) << customer.error().message;
    EXPECT_EQ(customer->role, role::customer);
}

TEST(claim_mapping, role_map_translates_issuer_roles_and_refuses_unknown_ones) {
    claim_mapping m;
    m.role_map = parse_role_map({"staff = employee", "authenticated=customer", "supervisor=manager"});
    EXPECT_EQ(m.map_role("staff"), role::employee);
    EXPECT_EQ(m.map_role("authenticated"), role::customer);
    EXPECT_EQ(m.map_role("supervisor"), role::manager);
    EXPECT_EQ(m.map_role("admin"), role::admin);  // ordercast's own names still work
    EXPECT_EQ(m.map_role("janitor"), std::nullopt);
    const jwt_verifier v(config_with(m));
    auto r = v.verify(sign_hs256(k_secret, R"({"sub":"u1","role":"janitor")" + exp_member() + "}"), k_now);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, errc::invalid_role);
    EXPECT_NE(r.error().message.find("auth.role_map"), std::string::npos) << r.error().message;
}

TEST(claim_mapping, a_role_map_entry_may_shadow_an_ordercast_role_name) {
    claim_mapping m;
    m.role_map = parse_role_map({"admin=manager"});  // the issuer's "admin" is a site manager here
    EXPECT_EQ(m.map_role("admin"), role::manager);
}

TEST(claim_mapping, bad_role_map_entries_are_refused_naming_the_key) {
    for (const std::vector<std::string>& entries : std::vector<std::vector<std::string>>{
             {"staff"}, {"=employee"}, {"staff=janitor"}, {"staff=employee", "staff=manager"}}) {
        try {
            (void)parse_role_map(entries);
            ADD_FAILURE() << "accepted " << entries.back();
        } catch (const config_error& e) {
            EXPECT_NE(std::string(e.what()).find("auth.role_map"), std::string::npos) << e.what();
        }
    }
}

TEST(claim_mapping, claim_names_must_be_distinct_and_not_registered_claims) {
    const auto refused = [](claim_mapping m, const char* key) {
        try {
            validate_claim_mapping(m);
            ADD_FAILURE() << "accepted a mapping that " << key << " should refuse";
        } catch (const config_error& e) {
            EXPECT_NE(std::string(e.what()).find(key), std::string::npos) << e.what();
        }
    };
    claim_mapping same;
    same.site = "sub";
    refused(same, "auth.claims.site");
    claim_mapping registered;
    registered.user = "iss";
    refused(registered, "auth.claims.user");
    claim_mapping empty;
    empty.role = "";
    refused(empty, "auth.claims.role");
    EXPECT_THROW(jwt_verifier{config_with(same)}, config_error);
}

TEST(claim_mapping, minted_tokens_follow_the_mapping) {
    claim_mapping m = manufacturing_claims();
    m.role_map = parse_role_map({"staff=employee"});
    token_claims claims{.subject = "u9", .role = role::employee, .site = "b1"};
    claims.names = m;
    const std::string json = render_claims_json(claims, k_now, k_now + 60);
    EXPECT_NE(json.find(R"("userId":"u9")"), std::string::npos) << json;
    EXPECT_NE(json.find(R"("role":"staff")"), std::string::npos) << json;
    EXPECT_NE(json.find(R"("branchId":"b1")"), std::string::npos) << json;
    const jwt_verifier v(config_with(m));
    auto r = v.verify(mint_hs256(k_secret, claims, std::chrono::seconds(60), k_now), k_now);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->user_id, "u9");
    EXPECT_EQ(r->role, role::employee);
    EXPECT_EQ(r->site, "b1");
}

// ---- auth.require_exp ----------------------------------------------------------------------

TEST(require_exp, a_token_without_exp_is_refused_by_default) {
    const jwt_verifier v(config_with({}));
    auto r = v.verify(sign_hs256(k_secret, R"({"sub":"u1","role":"customer"})"), k_now);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, errc::malformed);
}

TEST(require_exp, when_off_a_token_without_exp_is_accepted_and_never_expires) {
    const jwt_verifier v(config_with({}, false));
    auto r = v.verify(sign_hs256(k_secret, R"({"sub":"u1","role":"customer"})"), k_now);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->expires_at, k_no_expiry);
    EXPECT_TRUE(v.verify(sign_hs256(k_secret, R"({"sub":"u1","role":"customer"})"), k_no_expiry - 1000).ok());
}

TEST(require_exp, when_off_a_token_with_exp_still_expires) {
    const jwt_verifier v(config_with({}, false));
    auto r = v.verify(
        sign_hs256(k_secret, R"({"sub":"u1","role":"customer","exp":)" + std::to_string(k_now - 3600) + "}"),
        k_now);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, errc::expired);
}

}  // namespace
}  // namespace ordercast::auth
