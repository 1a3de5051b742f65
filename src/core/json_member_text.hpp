#pragma once
// Finds a member of a JSON object in the text itself, so a caller can copy a value as it was
// sent instead of serialising it again from a parsed tree (the publish API copies each
// event's `data` this way).
#include <optional>
#include <string_view>

namespace ordercast::core {

// The text of the value of `object_text`'s first top-level member named `name` (the one a
// parser's lookup returns), e.g. `{"a":1}` for `data` in `{"data":{"a":1}}`.
//
// `object_text` must be JSON a parser has already accepted, with an object at its root: this
// does not validate. Returns nullopt when the member is absent, and also when this cannot tell
// without decoding escapes (a key with a backslash before the match, or text not starting with
// '{' such as a byte-order mark): then the caller takes the slow path.
std::optional<std::string_view> find_member_text(std::string_view object_text, std::string_view name);

}  // namespace ordercast::core
