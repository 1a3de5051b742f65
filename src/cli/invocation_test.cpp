#include "cli/invocation.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ordercast::cli {
namespace {

struct args {
    explicit args(std::vector<std::string> words) : words_(std::move(words)) {
        for (auto& w : words_) pointers_.push_back(w.data());
    }
    int argc() const { return static_cast<int>(words_.size()); }
    char** argv() { return pointers_.data(); }

private:
    std::vector<std::string> words_;
    std::vector<char*> pointers_;
};

TEST(invocation, the_symlink_name_answers_as_sds_with_every_argument) {
    args a({"/usr/local/bin/sds", "queue", "process"});
    auto inv = read_invocation(a.argc(), a.argv());
    EXPECT_TRUE(inv.as_sds);
    ASSERT_EQ(inv.argc, 3);
    EXPECT_EQ(std::string(inv.argv[1]), "queue");
}

TEST(invocation, ordercast_sds_drops_the_program_name_and_reads_sds_as_it) {
    args a({"build/ordercast", "sds", "db", "status"});
    auto inv = read_invocation(a.argc(), a.argv());
    EXPECT_TRUE(inv.as_sds);
    ASSERT_EQ(inv.argc, 3);
    EXPECT_EQ(std::string(inv.argv[0]), "sds");
    EXPECT_EQ(std::string(inv.argv[1]), "db");
}

TEST(invocation, ordercast_and_names_that_merely_contain_sds_stay_ordercast) {
    for (auto words :
         {std::vector<std::string>{"ordercast", "queue", "status"},
          std::vector<std::string>{"./sds-old", "queue"}, std::vector<std::string>{"/opt/sds/ordercast"},
          std::vector<std::string>{"ordercast", "queue", "sds"}}) {
        args a(words);
        auto inv = read_invocation(a.argc(), a.argv());
        EXPECT_FALSE(inv.as_sds) << words[0];
        EXPECT_EQ(inv.argc, a.argc());
    }
}

}  // namespace
}  // namespace ordercast::cli
