#include "net/websocket/error.hpp"
#include "net/websocket/opcode.hpp"
#include "net/websocket/utf8_validator.hpp"

#include <gtest/gtest.h>

namespace ordercast::websocket {
namespace {

constexpr error k_all_errors[] = {
    error::unmasked_frame,        error::reserved_bits_set,        error::reserved_opcode,
    error::control_frame_too_big, error::fragmented_control_frame, error::unexpected_continuation,
    error::expected_continuation, error::bad_length_encoding,      error::close_payload_too_short,
    error::invalid_close_code,    error::invalid_utf8_text,        error::invalid_utf8_close_reason,
    error::message_too_big,
};

TEST(websocket_error, every_reason_fits_a_close_frame_and_names_its_error) {
    for (error e : k_all_errors) {
        const std::string_view reason = close_reason_for(e);
        EXPECT_LE(reason.size(), k_max_close_reason) << reason;
        EXPECT_TRUE(is_valid_utf8(reason)) << reason;
        // "name: what to do" - the part after the colon tells the client what to change.
        const auto colon = reason.find(": ");
        ASSERT_NE(colon, std::string_view::npos) << reason;
        EXPECT_GT(reason.size(), colon + 10) << reason;
    }
}

TEST(websocket_error, utf8_errors_close_with_1007_size_with_1009_others_with_1002) {
    for (error e : k_all_errors) {
        close_code want = close_code::protocol_error;
        if (e == error::invalid_utf8_text || e == error::invalid_utf8_close_reason)
            want = close_code::invalid_payload;
        if (e == error::message_too_big) want = close_code::message_too_big;
        EXPECT_EQ(close_code_for(e), want) << close_reason_for(e);
    }
}

TEST(websocket_error, converts_to_std_error_code_in_the_websocket_category) {
    const std::error_code ec = error::unmasked_frame;
    EXPECT_EQ(ec.category().name(), std::string_view("websocket"));
    EXPECT_EQ(ec.message(), close_reason_for(error::unmasked_frame));
    EXPECT_TRUE(ec);
}

TEST(websocket_close_code, accepts_the_rfc_6455_codes_and_the_application_range_only) {
    for (std::uint16_t code : {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999})
        EXPECT_TRUE(is_valid_received_close_code(code)) << code;
    // 1005/1006 are never sent; 1004 and 1012-2999 are reserved or not ours to accept.
    for (std::uint16_t code :
         {0, 999, 1004, 1005, 1006, 1012, 1013, 1014, 1015, 1016, 1100, 2000, 2999, 5000, 65535})
        EXPECT_FALSE(is_valid_received_close_code(code)) << code;
}

}  // namespace
}  // namespace ordercast::websocket
