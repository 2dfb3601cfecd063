// Password hashing and policy (auth/password.h) and the primitives under it (auth/crypto.h).
#include "auth/password.h"

#include <catch2/catch.hpp>

#include "auth/crypto.h"

using stocktake::Code;
using stocktake::server::Base64Decode;
using stocktake::server::Base64Encode;
using stocktake::server::Base64UrlDecode;
using stocktake::server::Base64UrlEncode;
using stocktake::server::CheckPasswordPolicy;
using stocktake::server::kPasswordIterations;
using stocktake::server::PasswordHasher;

TEST_CASE("the production hasher uses at least the OWASP 2023 cost", "[server][auth]") {
    CHECK(kPasswordIterations >= 600000);
    CHECK(PasswordHasher().iterations() == kPasswordIterations);
}

TEST_CASE("a password hash is self-describing and verifies only its password", "[server][auth]") {
    const PasswordHasher hasher = PasswordHasher::ForTesting(1000);
    auto hash = hasher.Hash("correct horse battery staple");
    REQUIRE(hash.ok());
    CHECK(hash->rfind("pbkdf2-sha256$1000$", 0) == 0);
    CHECK(hash->find("correct horse") == std::string::npos);
    CHECK(hasher.Verify("correct horse battery staple", *hash));
    CHECK_FALSE(hasher.Verify("correct horse battery stapl", *hash));
    CHECK_FALSE(hasher.Verify("", *hash));

    // A fresh salt each time: the same password never hashes the same.
    auto again = hasher.Hash("correct horse battery staple");
    REQUIRE(again.ok());
    CHECK(*again != *hash);
    CHECK(hasher.Verify("correct horse battery staple", *again));
}

TEST_CASE("verify reads the cost from the stored hash, so costs can rise", "[server][auth]") {
    auto old_hash = PasswordHasher::ForTesting(500).Hash("an older password 1");
    REQUIRE(old_hash.ok());
    CHECK(PasswordHasher::ForTesting(2000).Verify("an older password 1", *old_hash));
}

TEST_CASE("stored text that is not a hash never verifies", "[server][auth]") {
    const PasswordHasher hasher = PasswordHasher::ForTesting(1000);
    auto hash = hasher.Hash("long enough password");
    REQUIRE(hash.ok());
    CHECK_FALSE(hasher.Verify("long enough password", ""));
    CHECK_FALSE(hasher.Verify("long enough password", "long enough password"));
    std::string other_scheme = *hash;
    other_scheme.replace(0, 13, "pbkdf2-sha512");
    CHECK_FALSE(hasher.Verify("long enough password", other_scheme));
    std::string zero_cost = *hash;
    zero_cost.replace(14, 4, "0");
    CHECK_FALSE(hasher.Verify("long enough password", zero_cost));
    CHECK_FALSE(hasher.Verify("long enough password", *hash + "$extra"));
    CHECK_FALSE(hasher.Verify("long enough password", "pbkdf2-sha256$1000$!!!!$AAAA"));
}

TEST_CASE("passwords shorter than 12 characters are refused with the reason", "[server][auth]") {
    auto short_one = CheckPasswordPolicy("elevenchars");
    CHECK(short_one.code() == Code::kInvalidArgument);
    CHECK(short_one.message() == "password must be at least 12 characters");
    CHECK(CheckPasswordPolicy("twelve chars").ok());
    // Characters, not bytes: eleven two-byte letters are still too short.
    std::string accented;
    for (int i = 0; i < 11; ++i) accented += "\xC3\xA9";
    CHECK_FALSE(CheckPasswordPolicy(accented).ok());
    CHECK(CheckPasswordPolicy(accented + "\xC3\xA9").ok());
}

TEST_CASE("base64 and base64url round-trip and refuse bad text", "[server][auth]") {
    for (const std::string& bytes : {std::string(""), std::string("f"), std::string("fo"),
                                     std::string("foo"), std::string("\xff\xfe\x00\x01", 4)}) {
        auto std_back = Base64Decode(Base64Encode(bytes));
        REQUIRE(std_back.ok());
        CHECK(*std_back == bytes);
        auto url_back = Base64UrlDecode(Base64UrlEncode(bytes));
        REQUIRE(url_back.ok());
        CHECK(*url_back == bytes);
    }
    CHECK(Base64Encode("fo") == "Zm8=");
    CHECK(Base64UrlEncode("\xfb\xff") == "-_8");
    CHECK_FALSE(Base64UrlDecode("Zm8=").ok());  // padding
    CHECK_FALSE(Base64UrlDecode("+/8").ok());   // standard alphabet
    CHECK_FALSE(Base64UrlDecode("Z").ok());     // impossible length
    CHECK_FALSE(Base64UrlDecode("Zm9").ok());   // non-zero trailing bits ("Zm8" is "fo")
    CHECK_FALSE(Base64Decode("Zm8").ok());      // standard needs padding
}
