#include "domain/queue/job_model.hpp"

#include <gtest/gtest.h>

namespace ordercast::domain::queue {
namespace {

TEST(job_model, priorities_parse_from_numbers_seed_names_and_order_names) {
    EXPECT_EQ(parse_priority("1"), 1);
    EXPECT_EQ(parse_priority("URGENT"), 1);
    EXPECT_EQ(parse_priority("high"), 2);
    EXPECT_EQ(parse_priority("Normal"), 3);
    EXPECT_EQ(parse_priority("LOW"), 4);
    EXPECT_FALSE(parse_priority("5"));
    EXPECT_FALSE(parse_priority("asap"));
    EXPECT_EQ(priority_name(2), "HIGH");
    EXPECT_EQ(priority_name(9), "");
}

TEST(job_model, transitions_table_follows_the_seed_lifecycle) {
    EXPECT_TRUE(allows(job_op::process, job_status::queued));
    EXPECT_FALSE(allows(job_op::process, job_status::pending));
    EXPECT_TRUE(allows(job_op::complete, job_status::processing));
    EXPECT_FALSE(allows(job_op::complete, job_status::queued));
    EXPECT_TRUE(allows(job_op::fail, job_status::processing));
    EXPECT_FALSE(allows(job_op::cancel, job_status::processing));
    EXPECT_FALSE(allows(job_op::cancel, job_status::completed));
    EXPECT_TRUE(allows(job_op::retry, job_status::failed));
    EXPECT_FALSE(allows(job_op::retry, job_status::cancelled));
    EXPECT_TRUE(allows(job_op::hold, job_status::queued));
    EXPECT_TRUE(allows(job_op::release, job_status::paused));
    EXPECT_TRUE(allows(job_op::prioritize, job_status::queued));
    EXPECT_FALSE(allows(job_op::prioritize, job_status::processing));
    EXPECT_EQ(transition_of(job_op::complete).to, job_status::completed);
}

TEST(job_model, spool_folders_group_waiting_jobs_under_pending_and_skip_cancelled) {
    EXPECT_EQ(spool_folder_of(job_status::pending), "pending");
    EXPECT_EQ(spool_folder_of(job_status::queued), "pending");
    EXPECT_EQ(spool_folder_of(job_status::paused), "pending");
    EXPECT_EQ(spool_folder_of(job_status::processing), "processing");
    EXPECT_EQ(spool_folder_of(job_status::completed), "completed");
    EXPECT_EQ(spool_folder_of(job_status::failed), "failed");
    EXPECT_EQ(spool_folder_of(job_status::cancelled), "");
}

}  // namespace
}  // namespace ordercast::domain::queue
