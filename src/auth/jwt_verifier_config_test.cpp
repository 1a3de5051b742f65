#include <gtest/gtest.h>

#include "auth/error.hpp"
#include "auth/jwt_verifier.hpp"
#include "auth/test_keys.hpp"

namespace ordercast::auth {
namespace {

jwt_key_config hs_config() {
    jwt_key_config c;
    c.algorithm = jwt_algorithm::hs256;
    c.secret = "0123456789abcdef0123456789abcdef";
    return c;
}

jwt_key_config public_key_config(jwt_algorithm alg, const std::string& pem) {
    jwt_key_config c;
    c.algorithm = alg;
    c.public_key_pem = pem;
    return c;
}

std::string construction_error(const jwt_key_config& c) {
    try {
        jwt_verifier v(c);
    } catch (const config_error& e) {
        return e.what();
    }
    return "";
}

TEST(jwt_verifier_config, empty_secret_is_refused) {
    jwt_key_config c = hs_config();
    c.secret.clear();
    EXPECT_NE(construction_error(c).find("auth.jwt_secret is empty"), std::string::npos);
}

TEST(jwt_verifier_config, pem_as_hs256_secret_is_refused) {
    jwt_key_config c = hs_config();
    c.secret = test::rsa_2048().public_pem;
    EXPECT_NE(construction_error(c).find("PEM"), std::string::npos);
}

TEST(jwt_verifier_config, public_key_config_must_not_carry_a_secret) {
    jwt_key_config c = public_key_config(jwt_algorithm::rs256, test::rsa_2048().public_pem);
    c.secret = "0123456789abcdef0123456789abcdef";
    EXPECT_NE(construction_error(c).find("auth.jwt_secret is set"), std::string::npos);
}

TEST(jwt_verifier_config, unreadable_or_missing_pem_is_refused) {
    EXPECT_NE(construction_error(public_key_config(jwt_algorithm::rs256, ""))
                  .find("auth.jwt_public_key_file is empty"),
              std::string::npos);
    EXPECT_NE(construction_error(public_key_config(jwt_algorithm::rs256, "hello")).find("not PEM"),
              std::string::npos);
    const std::string garbage = "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n";
    EXPECT_NE(construction_error(public_key_config(jwt_algorithm::rs256, garbage)).find("could not be read"),
              std::string::npos);
}

TEST(jwt_verifier_config, private_key_pem_is_refused) {
    EXPECT_NE(construction_error(public_key_config(jwt_algorithm::rs256, test::rsa_2048().private_pem))
                  .find("private key"),
              std::string::npos);
}

TEST(jwt_verifier_config, key_type_must_match_algorithm) {
    EXPECT_NE(construction_error(public_key_config(jwt_algorithm::rs256, test::ec_p256().public_pem))
                  .find("RS256 needs an RSA"),
              std::string::npos);
    EXPECT_NE(construction_error(public_key_config(jwt_algorithm::es256, test::rsa_2048().public_pem))
                  .find("ES256 needs an EC"),
              std::string::npos);
    EXPECT_NE(
        construction_error(public_key_config(jwt_algorithm::es256, test::generate_ec("P-384").public_pem))
            .find("P-256"),
        std::string::npos);
    EXPECT_NE(construction_error(public_key_config(jwt_algorithm::rs256, test::generate_rsa(1024).public_pem))
                  .find("2048"),
              std::string::npos);
}

TEST(jwt_verifier_config, negative_or_huge_leeway_is_refused) {
    jwt_key_config c = hs_config();
    c.leeway_seconds = -1;
    EXPECT_NE(construction_error(c).find("leeway"), std::string::npos);
    c.leeway_seconds = 100000;
    EXPECT_NE(construction_error(c).find("leeway"), std::string::npos);
}

TEST(jwt_verifier_config, algorithm_names_parse_case_insensitively) {
    EXPECT_EQ(parse_jwt_algorithm("hs256"), jwt_algorithm::hs256);
    EXPECT_EQ(parse_jwt_algorithm("RS256"), jwt_algorithm::rs256);
    EXPECT_EQ(parse_jwt_algorithm("Es256"), jwt_algorithm::es256);
    EXPECT_EQ(parse_jwt_algorithm("none"), std::nullopt);
    EXPECT_EQ(parse_jwt_algorithm("HS384"), std::nullopt);
}

}  // namespace
}  // namespace ordercast::auth
