#include "auth/password.h"

#include <openssl/evp.h>

#include <charconv>
#include <vector>

#include "auth/crypto.h"

namespace stocktake::server {
namespace {

constexpr std::string_view kScheme = "pbkdf2-sha256";
constexpr size_t kSaltBytes = 16;
constexpr size_t kHashBytes = 32;
// A stored cost above this is refused rather than run: a corrupt or hostile row must not make
// one login burn minutes of CPU.
constexpr int kMaxIterations = 100000000;

std::string Derive(std::string_view password, std::string_view salt, int iterations) {
    std::string out(kHashBytes, '\0');
    PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                      reinterpret_cast<const unsigned char*>(salt.data()),
                      static_cast<int>(salt.size()), iterations, EVP_sha256(),
                      static_cast<int>(out.size()), reinterpret_cast<unsigned char*>(out.data()));
    return out;
}

std::vector<std::string_view> Split(std::string_view text, char sep) {
    std::vector<std::string_view> parts;
    size_t start = 0;
    for (size_t i = 0; i <= text.size(); ++i) {
        if (i == text.size() || text[i] == sep) {
            parts.push_back(text.substr(start, i - start));
            start = i + 1;
        }
    }
    return parts;
}

}  // namespace

Status CheckPasswordPolicy(std::string_view password) {
    size_t characters = 0;
    for (char c : password) {
        // Count every byte that does not continue a UTF-8 sequence.
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++characters;
    }
    if (characters < kMinPasswordLength) {
        return Status::InvalidArgument("password must be at least " +
                                       std::to_string(kMinPasswordLength) + " characters");
    }
    return Status::Ok();
}

Result<std::string> PasswordHasher::Hash(std::string_view password) const {
    Result<std::string> salt = RandomBytes(kSaltBytes);
    if (!salt.ok()) return salt.status();
    return std::string(kScheme) + "$" + std::to_string(iterations_) + "$" + Base64Encode(*salt) +
           "$" + Base64Encode(Derive(password, *salt, iterations_));
}

bool PasswordHasher::Verify(std::string_view password, std::string_view stored) const {
    const std::vector<std::string_view> parts = Split(stored, '$');
    if (parts.size() != 4 || parts[0] != kScheme) return false;
    int iterations = 0;
    auto [end, ec] =
        std::from_chars(parts[1].data(), parts[1].data() + parts[1].size(), iterations);
    if (ec != std::errc() || end != parts[1].data() + parts[1].size() || iterations < 1 ||
        iterations > kMaxIterations) {
        return false;
    }
    Result<std::string> salt = Base64Decode(parts[2]);
    Result<std::string> expected = Base64Decode(parts[3]);
    if (!salt.ok() || !expected.ok() || expected->size() != kHashBytes) return false;
    return ConstantTimeEquals(Derive(password, *salt, iterations), *expected);
}

}  // namespace stocktake::server
