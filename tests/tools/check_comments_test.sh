#!/usr/bin/env bash
# The comment check must refuse a comment that cites an issue number, DESIGN, a seed by number
# or a § of anything but an RFC, in every comment syntax it reads, and pass clean comments, RFC
# sections and the same words in string literals: a small tree of C++, CMake, SQL, Python and
# shell files, checked clean, then with one citing comment added at a time.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
check=$here/../../scripts/check_comments
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/src/auth" "$work/src/store/migrations" "$work/fuzz" "$work/bench/harness"
cat > "$work/src/auth/base64url.hpp" <<'EOF'
#pragma once
// Base64url without padding (RFC 4648 §5, as used by JWS, RFC 7515 §2).
// Duplicate member names are refused (RFC 7515, §4); frames follow RFC 6455 §5.2 and §5.5,
// and a close code is RFC 6455
// §7.4.1's.
/* A JWS header (RFC 7515 §4.1) is
 * base64url-encoded. The token issuer's clock may drift; a design whose publisher issues 4 requests
 * at once is fine. */
// The fuzzer seeds the chunking; seed=1 repeats a run; a seed of 0x9e3779b9 is the default.
constexpr const char* k_text = "issue 6, DESIGN §2, seed 000 §3.4.6";  // the strings are not comments
constexpr const char* k_raw = R"x(// Seed 001's rooms (issue 7) "quoted")x";
constexpr char k_quote = '"';
constexpr int k_big = 1'000'000;  // digit separators are not quotes
constexpr const char* k_url = "http://example.test/#issue-6";
EOF
cat > "$work/src/store/CMakeLists.txt" <<'EOF'
# The store and its migrations.
add_custom_command(OUTPUT x COMMENT "Embedding # issue 6 as text")
ordercast_add_unit_test(store_test store_test.cpp LIBS ordercast_store)  # the SQLite engine
EOF
cat > "$work/src/store/migrations/002_job_queue.sql" <<'EOF'
-- ordercast schema, version 2: the production job queue (the factory's cutter queue).
INSERT INTO notes (text) VALUES ('-- issue 6, seed 000 §9'); -- a string is not a comment
EOF
cat > "$work/fuzz/frame_fuzzer.cpp" <<'EOF'
// Frames of RFC 6455 §5.2 cut into chunks; the first byte seeds the chunking.
int main() { return 0; }
EOF
cat > "$work/bench/harness/workloads.py" <<'EOF'
"""The benchmark's workloads W1-W5 and how one run turns into a command line."""
REPORT = """Figures from issue 3 and seed 002's model: a string, not a docstring."""


def sizes(quick):
    """Full sizes are those docs/benchmarks.md reports."""
    label = "# issue 3"  # a string, then a clean comment
    return label
EOF
cat > "$work/bench/run" <<'EOF'
#!/usr/bin/env bash
# bench/run: ordercast against its peers on workloads W1-W5.
args=(a b); n=${#args[@]}; echo "# issue 3 $n"
/usr/bin/python3 - <<'PY'
# A clean comment in the embedded Python.
print("seed 000")
PY
echo '# DESIGN §2 is text here'
cat <<TXT
# issue 3: a heredoc's text is data, not a comment
TXT
EOF
chmod +x "$work/bench/run"

fail() { echo "FAIL: $*" >&2; exit 1; }
run_check() { (cd "$work" && "$check" src fuzz bench); }

out=$(run_check) || fail "a clean tree was refused: $out"

expect_refused() {  # file, comment text to append, what the report must say, line of the text it is on (1)
    local file=$1 text=$2 want=$3 at=${4:-1} out line
    cp "$work/$file" "$work/$file.orig"
    line=$(( $(wc -l < "$work/$file") + at ))
    printf '%s\n' "$text" >> "$work/$file"
    if out=$(run_check); then fail "$file with '$text' passed the check"; fi
    grep -qF "$file:$line: cites $want" <<<"$out" || fail "the report does not say '$file:$line: cites $want': $out"
    [[ $(grep -c ': cites ' <<<"$out") == 1 ]] || fail "'$text' was reported more than once: $out"
    mv "$work/$file.orig" "$work/$file"
}
cpp=src/auth/base64url.hpp
expect_refused $cpp '// The operations and alerts (issue 6) on the SQLite engine.' 'an issue by number'
expect_refused $cpp '// Issue #12: the dialects.' 'an issue by number'
expect_refused $cpp '// See issues 3 and 6.' 'an issue by number'
expect_refused $cpp 'int x;  // the channel grammar of DESIGN §2' 'DESIGN, a document outside the repository, a section'
expect_refused $cpp '// Settings whose defaults follow DESIGN.md.' 'DESIGN, a document outside the repository'
expect_refused $cpp "// Seed 001's rooms on the channel grammar." 'a seed by number'
expect_refused $cpp '// Alerts (seeds 000 and 003).' 'a seed by number'
expect_refused $cpp '// the matrix of seeds/003_af9c4c21876e6986.txt' 'a seed by number'
expect_refused $cpp '// Seed 000 §3.4.6: "Unauthorized: connection closed with code 1008".' \
    'a seed by number, a section (§) of a document that is not an RFC'
expect_refused $cpp '// The spool folder of the operations manual §9.5.' 'a section (§) of a document that is not an RFC'
expect_refused $cpp '// Frames as RFC 6455 describes them; the job lifecycle as §9.3 says.' \
    'a section (§) of a document that is not an RFC'
expect_refused $cpp $'/* The roles a token may carry,\n * as DESIGN says. */' 'DESIGN, a document outside the repository' 2
expect_refused src/store/CMakeLists.txt 'add_test(NAME t COMMAND t)  # issue 6' 'an issue by number'
expect_refused src/store/migrations/002_job_queue.sql 'CREATE TABLE jobs (id TEXT); -- seed 000 §9' 'a seed by number'
expect_refused fuzz/frame_fuzzer.cpp '/* DESIGN */' 'DESIGN, a document outside the repository'
expect_refused bench/harness/workloads.py '# The workloads of issue 3.' 'an issue by number'
expect_refused bench/harness/workloads.py $'def peer():\n    """Written the way\n    seed 002 describes it."""' \
    'a seed by number' 3
expect_refused bench/run 'echo done  # W1-W5 (issue 3)' 'an issue by number'
expect_refused bench/run $'/usr/bin/python3 - <<\'PY\'\n"""Renders what seed 002 says."""\nPY' 'a seed by number' 2
echo "check_comments refuses every citation it was shown and passes RFC sections, ordinary words and strings"
