#include "sync/device_name.h"

#include <utility>

namespace stocktake::server {
namespace {

bool Has(const std::string& text, const char* part) {
    return text.find(part) != std::string::npos;
}

// Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari", and Android
// also says "Linux".
const char* Browser(const std::string& ua) {
    static const std::pair<const char*, const char*> kBrowsers[] = {
        {"Edg", "Edge"},       {"OPR/", "Opera"},     {"Firefox/", "Firefox"},
        {"FxiOS", "Firefox"},  {"CriOS", "Chrome"},   {"HeadlessChrome", "Headless Chrome"},
        {"Chrome/", "Chrome"}, {"Safari/", "Safari"},
    };
    for (const auto& [token, name] : kBrowsers) {
        if (Has(ua, token)) return name;
    }
    return "";
}

const char* System(const std::string& ua) {
    static const std::pair<const char*, const char*> kSystems[] = {
        {"Android", "Android"}, {"iPhone", "iPhone"},   {"iPad", "iPad"},   {"CrOS", "ChromeOS"},
        {"Windows", "Windows"}, {"Macintosh", "macOS"}, {"Linux", "Linux"},
    };
    for (const auto& [token, name] : kSystems) {
        if (Has(ua, token)) return name;
    }
    return "";
}

}  // namespace

std::string DeviceNameFromUserAgent(const std::string& user_agent) {
    const std::string browser = Browser(user_agent);
    const std::string system = System(user_agent);
    if (browser.empty()) return system;
    if (system.empty()) return browser;
    return browser + " on " + system;
}

std::string CleanDeviceName(const std::string& name) {
    std::string clean;
    for (const char c : name) {
        if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) clean += c;
    }
    const size_t first = clean.find_first_not_of(' ');
    if (first == std::string::npos) return "";
    clean = clean.substr(first, clean.find_last_not_of(' ') - first + 1);
    if (clean.size() <= kMaxDeviceNameBytes) return clean;
    size_t end = kMaxDeviceNameBytes;
    // Back to the start of a UTF-8 character (not a continuation byte 10xxxxxx).
    while (end > 0 && (static_cast<unsigned char>(clean[end]) & 0xC0) == 0x80) --end;
    clean.resize(end);
    return clean;
}

}  // namespace stocktake::server
