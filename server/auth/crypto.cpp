#include "auth/crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <array>
#include <cstdint>

namespace stocktake::server {
namespace {

constexpr char kStandard[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char kUrl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string Encode(std::string_view bytes, const char* alphabet, bool pad) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const uint32_t n = (uint32_t{static_cast<unsigned char>(bytes[i])} << 16) |
                           (uint32_t{static_cast<unsigned char>(bytes[i + 1])} << 8) |
                           uint32_t{static_cast<unsigned char>(bytes[i + 2])};
        out += alphabet[(n >> 18) & 63];
        out += alphabet[(n >> 12) & 63];
        out += alphabet[(n >> 6) & 63];
        out += alphabet[n & 63];
    }
    const size_t rest = bytes.size() - i;
    if (rest > 0) {
        uint32_t n = uint32_t{static_cast<unsigned char>(bytes[i])} << 16;
        if (rest == 2) n |= uint32_t{static_cast<unsigned char>(bytes[i + 1])} << 8;
        out += alphabet[(n >> 18) & 63];
        out += alphabet[(n >> 12) & 63];
        if (rest == 2) out += alphabet[(n >> 6) & 63];
        if (pad) out.append(rest == 1 ? "==" : "=");
    }
    return out;
}

// padded: the text must be padded to a multiple of 4 (standard); otherwise it must not be
// padded at all (base64url as JWTs use it).
Result<std::string> Decode(std::string_view text, const char* alphabet, bool padded) {
    std::array<int, 256> value;
    value.fill(-1);
    for (int i = 0; i < 64; ++i) value[static_cast<unsigned char>(alphabet[i])] = i;
    if (padded) {
        if (text.size() % 4 != 0) return Status::InvalidArgument("base64 length is not 4n");
        size_t pads = 0;
        while (pads < 2 && pads < text.size() && text[text.size() - 1 - pads] == '=') ++pads;
        text.remove_suffix(pads);
    }
    if (text.size() % 4 == 1) return Status::InvalidArgument("base64 has an impossible length");
    std::string out;
    out.reserve(text.size() * 3 / 4);
    uint32_t acc = 0;
    int bits = 0;
    for (char c : text) {
        const int v = value[static_cast<unsigned char>(c)];
        if (v < 0) return Status::InvalidArgument("base64 has a character outside its alphabet");
        acc = (acc << 6) | static_cast<uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((acc >> bits) & 0xff);
        }
    }
    // Leftover bits must be zero, so each byte string has exactly one encoding (a JWT whose
    // signature differs only in them would otherwise verify).
    if (bits > 0 && (acc & ((1u << bits) - 1)) != 0) {
        return Status::InvalidArgument("base64 has non-zero trailing bits");
    }
    return out;
}

std::string Hex(const unsigned char* bytes, size_t n) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(2 * n);
    for (size_t i = 0; i < n; ++i) {
        hex += kHex[bytes[i] >> 4];
        hex += kHex[bytes[i] & 15];
    }
    return hex;
}

}  // namespace

Result<std::string> RandomBytes(size_t n) {
    std::string bytes(n, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(n)) != 1) {
        return Status::Internal("the system random generator failed");
    }
    return bytes;
}

Result<std::string> RandomHex(size_t n) {
    Result<std::string> bytes = RandomBytes(n);
    if (!bytes.ok()) return bytes.status();
    return Hex(reinterpret_cast<const unsigned char*>(bytes->data()), n);
}

std::string Sha256Hex(std::string_view data) {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
    return Hex(digest, sizeof digest);
}

std::string HmacSha256(std::string_view key, std::string_view data) {
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
         reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &length);
    return std::string(reinterpret_cast<const char*>(mac), length);
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string Base64Encode(std::string_view bytes) {
    return Encode(bytes, kStandard, true);
}
std::string Base64UrlEncode(std::string_view bytes) {
    return Encode(bytes, kUrl, false);
}
Result<std::string> Base64Decode(std::string_view text) {
    return Decode(text, kStandard, true);
}
Result<std::string> Base64UrlDecode(std::string_view text) {
    return Decode(text, kUrl, false);
}

}  // namespace stocktake::server
