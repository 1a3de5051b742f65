// An issuer's JWKS document: which keys are kept, which are skipped, which documents are refused.
#include "auth/jwk_set.hpp"

#include <gtest/gtest.h>

#include "auth/test_keys.hpp"

namespace ordercast::auth {
namespace {

std::string document(std::initializer_list<std::string> keys) {
    std::string json = R"({"keys":[)";
    bool first = true;
    for (const auto& k : keys) {
        if (!first) json += ',';
        first = false;
        json += k;
    }
    return json + "]}";
}

TEST(jwk_set, rsa_keys_are_kept_by_kid) {
    auto set = jwk_set::parse(
        document({test::public_jwk(test::rsa_2048(), "k1"),
                  test::public_jwk(test::rsa_2048_other(), "k2", R"("use":"sig","alg":"RS256")")}),
        jwt_algorithm::rs256);
    ASSERT_TRUE(set.ok()) << set.error();
    EXPECT_EQ((*set)->size(), 2u);
    EXPECT_NE((*set)->find("k1"), nullptr);
    EXPECT_NE((*set)->find("k2"), nullptr);
    EXPECT_NE((*set)->find("k1"), (*set)->find("k2"));
    EXPECT_EQ((*set)->find("k3"), nullptr);
    EXPECT_EQ((*set)->sole_key(), nullptr) << "two keys: a token must name its kid";
}

TEST(jwk_set, ec_p256_keys_are_kept_for_es256) {
    auto set = jwk_set::parse(document({test::public_jwk(test::ec_p256(), "e1")}), jwt_algorithm::es256);
    ASSERT_TRUE(set.ok()) << set.error();
    EXPECT_NE((*set)->find("e1"), nullptr);
    EXPECT_EQ((*set)->sole_key(), (*set)->find("e1"));
}

TEST(jwk_set, keys_of_another_algorithm_or_use_are_skipped_with_a_reason) {
    auto set = jwk_set::parse(
        document({test::public_jwk(test::rsa_2048(), "rsa"), test::public_jwk(test::ec_p256(), "ec"),
                  test::public_jwk(test::rsa_2048_other(), "enc", R"("use":"enc")"),
                  test::public_jwk(test::rsa_2048_other(), "ps", R"("alg":"PS256")"),
                  R"({"kid":"oct","kty":"oct","k":"c2VjcmV0"})", R"("not an object")"}),
        jwt_algorithm::rs256);
    ASSERT_TRUE(set.ok()) << set.error();
    EXPECT_EQ((*set)->size(), 1u);
    EXPECT_NE((*set)->find("rsa"), nullptr);
    EXPECT_EQ((*set)->skipped().size(), 5u);
    for (const auto& why : (*set)->skipped()) EXPECT_FALSE(why.empty());
}

TEST(jwk_set, small_rsa_keys_and_points_off_the_curve_are_skipped) {
    const std::string off_curve =
        R"({"kid":"bad","kty":"EC","crv":"P-256","x":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAE","y":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAE"})";
    auto ec = jwk_set::parse(document({off_curve, test::public_jwk(test::ec_p256(), "good")}),
                             jwt_algorithm::es256);
    ASSERT_TRUE(ec.ok()) << ec.error();
    EXPECT_EQ((*ec)->find("bad"), nullptr);
    EXPECT_NE((*ec)->find("good"), nullptr);
    auto small =
        jwk_set::parse(document({test::public_jwk(test::generate_rsa(1024), "small")}), jwt_algorithm::rs256);
    ASSERT_FALSE(small.ok());
    EXPECT_NE(small.error().find("2048"), std::string::npos) << small.error();
}

TEST(jwk_set, unusable_documents_are_refused_with_a_sentence) {
    for (const std::string& bad :
         {std::string("not json"), std::string("[]"), std::string(R"({"keys":{}})"),
          std::string(R"({"keys":[]})"), document({test::public_jwk(test::ec_p256(), "only-ec")}),
          document({test::public_jwk(test::rsa_2048(), "same"),
                    test::public_jwk(test::rsa_2048_other(), "same")})}) {
        auto set = jwk_set::parse(bad, jwt_algorithm::rs256);
        EXPECT_FALSE(set.ok()) << bad;
        if (!set.ok()) {
            EXPECT_FALSE(set.error().empty());
        }
    }
}

TEST(jwk_set, every_parsed_set_has_its_own_generation) {
    const std::string doc = document({test::public_jwk(test::rsa_2048(), "k1")});
    auto a = jwk_set::parse(doc, jwt_algorithm::rs256);
    auto b = jwk_set::parse(doc, jwt_algorithm::rs256);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_NE((*a)->generation(), (*b)->generation());
}

}  // namespace
}  // namespace ordercast::auth
