// HTTPS: a throwaway self-signed certificate made with OpenSSL, the server on it, and
// cpp-httplib's SSLClient trusting exactly that certificate.
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "server_test_util.h"

namespace {

using stocktake::server::HttpServer;
using stocktake::server::Logger;
using stocktake::server::Services;
using stocktake::server::StaticFiles;
using stocktake::server::TlsFiles;
using stocktake::server::testing::RunningServer;
using stocktake::server::testing::ServerOptions;
using stocktake::server::testing::TempDir;
using stocktake::server::testing::WriteFile;

// Writes a P-256 key and a self-signed certificate for 127.0.0.1 (CN and IP SAN).
TlsFiles MakeSelfSigned(const std::filesystem::path& dir) {
    TlsFiles files{(dir / "cert.pem").string(), (dir / "key.pem").string()};
    EVP_PKEY* key = EVP_EC_gen("P-256");
    REQUIRE(key != nullptr);
    X509* cert = X509_new();
    REQUIRE(cert != nullptr);
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert), -60);
    X509_gmtime_adj(X509_getm_notAfter(cert), 60L * 60 * 24);
    X509_set_pubkey(cert, key);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
    X509_set_issuer_name(cert, name);
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    X509_EXTENSION* san = X509V3_EXT_conf_nid(nullptr, &ctx, NID_subject_alt_name, "IP:127.0.0.1");
    REQUIRE(san != nullptr);
    X509_add_ext(cert, san, -1);
    X509_EXTENSION_free(san);
    REQUIRE(X509_sign(cert, key, EVP_sha256()) > 0);

    FILE* out = std::fopen(files.cert_path.c_str(), "wb");
    REQUIRE(out != nullptr);
    PEM_write_X509(out, cert);
    std::fclose(out);
    out = std::fopen(files.key_path.c_str(), "wb");
    REQUIRE(out != nullptr);
    PEM_write_PrivateKey(out, key, nullptr, nullptr, 0, nullptr, nullptr);
    std::fclose(out);
    X509_free(cert);
    EVP_PKEY_free(key);
    return files;
}

}  // namespace

TEST_CASE("with a certificate and key the server speaks HTTPS", "[server][http][tls]") {
    TempDir dir;
    WriteFile(dir.path() / "public" / "index.html", "<!doctype html>");
    ServerOptions options;
    options.tls = MakeSelfSigned(dir.path());
    RunningServer server((dir.path() / "public").string(), (dir.path() / "data").string(), nullptr,
                         options);

    httplib::SSLClient client("127.0.0.1", server.port());
    client.set_ca_cert_path(options.tls.cert_path.c_str());
    client.enable_server_certificate_verification(true);
    auto res = client.Get("/healthz");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(nlohmann::json::parse(res->body)["status"] == "ok");
    CHECK_FALSE(res->get_header_value("Content-Security-Policy").empty());

    // Plain HTTP to the TLS port gets no HTTP answer.
    auto plain = server.Client()->Get("/healthz");
    CHECK_FALSE(plain);
}

TEST_CASE("a certificate OpenSSL cannot load makes Bind fail by name", "[server][http][tls]") {
    TempDir dir;
    TlsFiles files{(dir.path() / "cert.pem").string(), (dir.path() / "key.pem").string()};
    WriteFile(files.cert_path, "not a certificate\n");
    WriteFile(files.key_path, "not a key\n");
    std::ostringstream log;
    Logger logger(log);
    StaticFiles static_files(dir.str());
    auto storage =
        stocktake::server::OpenStorage(stocktake::server::DefaultDatabaseUrl(dir.str()), 1);
    REQUIRE(storage.ok());
    Services services;
    services.db = storage->get();
    services.static_files = &static_files;
    services.logger = &logger;
    HttpServer server(services, files);
    auto bound = server.Bind("127.0.0.1", 0);
    REQUIRE_FALSE(bound.ok());
    CHECK_THAT(bound.status().message(), Catch::Contains("APP_TLS_CERT"));
}
