#pragma once
// Keys and certificates for tests, made with the `openssl` command line tool in a
// temporary directory (the way an operator would make them).
#include <filesystem>
#include <string>

namespace ordercast::test {

class temp_dir;

struct key_pair {
    std::filesystem::path private_key_file;
    std::filesystem::path public_key_file;
    std::string private_pem;
    std::string public_pem;
};

// `openssl genpkey` an RSA-2048 or P-256 key into `dir` as <name>.key / <name>.pub.
// Throws std::runtime_error with openssl's output when it fails.
key_pair generate_rsa_key(const temp_dir& dir, const std::string& name = "rsa");
key_pair generate_ec_key(const temp_dir& dir, const std::string& name = "ec");

struct certificate {
    std::filesystem::path cert_file;
    std::filesystem::path key_file;
};

// A self-signed certificate (`openssl req -x509`) for CN=localhost with subjectAltName
// DNS:localhost and IP:127.0.0.1, valid for a day.
certificate generate_self_signed_certificate(const temp_dir& dir);

}  // namespace ordercast::test
