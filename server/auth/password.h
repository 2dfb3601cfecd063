// Passwords: the policy new passwords must meet, and PBKDF2-HMAC-SHA256 hashes stored as
// self-describing text, "pbkdf2-sha256$<iterations>$<salt base64>$<hash base64>", so the
// cost can rise later without breaking stored hashes (Verify reads the cost from the text).
// Thread safety: PasswordHasher is immutable; use it from any thread.
#pragma once

#include <string>
#include <string_view>

#include "stocktake/status.h"

namespace stocktake::server {

// OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. Production never hashes below it.
inline constexpr int kPasswordIterations = 600000;
inline constexpr size_t kMinPasswordLength = 12;

// OK, or InvalidArgument saying what is wrong ("password must be at least 12 characters").
// Length counts UTF-8 characters, not bytes.
Status CheckPasswordPolicy(std::string_view password);

class PasswordHasher {
  public:
    // The production cost, kPasswordIterations.
    PasswordHasher() = default;
    // A cheaper cost for tests only: production code has no way to lower the default, since
    // nothing reads a cost from configuration.
    static PasswordHasher ForTesting(int iterations) { return PasswordHasher(iterations); }

    int iterations() const { return iterations_; }

    // A new 16-byte random salt each call. Does not check the policy.
    Result<std::string> Hash(std::string_view password) const;

    // True when password matches stored. False for a wrong password and for stored text that
    // is not a hash this code made (never an error: a login fails the same way). The hash
    // comparison is constant-time.
    bool Verify(std::string_view password, std::string_view stored) const;

  private:
    explicit PasswordHasher(int iterations) : iterations_(iterations) {}
    int iterations_ = kPasswordIterations;
};

}  // namespace stocktake::server
