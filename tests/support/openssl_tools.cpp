#include "support/openssl_tools.hpp"

#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <stdexcept>

namespace ordercast::test {
namespace {

void openssl(const std::vector<std::string>& args) {
    auto r = run_process("openssl", args, {}, std::chrono::seconds(30));
    if (r.exit_code != 0) {
        std::string cmd = "openssl";
        for (const auto& a : args) cmd += " " + a;
        throw std::runtime_error(cmd + " failed (" + std::to_string(r.exit_code) + "): " + r.err);
    }
}

key_pair finish(const temp_dir& dir, const std::string& name) {
    key_pair k;
    k.private_key_file = dir / (name + ".key");
    k.public_key_file = dir / (name + ".pub");
    openssl({"pkey", "-in", k.private_key_file.string(), "-pubout", "-out", k.public_key_file.string()});
    k.private_pem = read_file(k.private_key_file);
    k.public_pem = read_file(k.public_key_file);
    return k;
}

}  // namespace

key_pair generate_rsa_key(const temp_dir& dir, const std::string& name) {
    openssl({"genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out",
             (dir / (name + ".key")).string()});
    return finish(dir, name);
}

key_pair generate_ec_key(const temp_dir& dir, const std::string& name) {
    openssl({"genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out",
             (dir / (name + ".key")).string()});
    return finish(dir, name);
}

certificate generate_self_signed_certificate(const temp_dir& dir) {
    certificate c{dir / "tls.crt", dir / "tls.key"};
    openssl({"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
             "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", c.key_file.string(), "-out",
             c.cert_file.string()});
    return c;
}

}  // namespace ordercast::test
