#include "webhooks/shipstation_url.h"

#include <algorithm>
#include <charconv>

#include "stocktake/ascii.h"

namespace stocktake::server {
namespace {

std::string Lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), AsciiLower);
    return text;
}

Status Bad(const std::string& text, const std::string& why) {
    return Status::InvalidArgument("\"" + text + "\" " + why);
}

}  // namespace

Result<HttpUrl> ParseHttpUrl(const std::string& text) {
    HttpUrl url;
    const size_t scheme_end = text.find("://");
    if (scheme_end == std::string::npos) return Bad(text, "is not an http(s) URL");
    url.scheme = Lower(text.substr(0, scheme_end));
    if (url.scheme != "http" && url.scheme != "https") return Bad(text, "is not an http(s) URL");
    if (text.find('#') != std::string::npos) return Bad(text, "has a fragment");
    const size_t authority_start = scheme_end + 3;
    const size_t authority_end = std::min(text.find_first_of("/?", authority_start), text.size());
    const std::string authority = text.substr(authority_start, authority_end - authority_start);
    if (authority.find('@') != std::string::npos) return Bad(text, "has user info");
    // The port follows the last ':' after an IPv6 address's closing bracket.
    const size_t bracket = authority.rfind(']');
    const size_t colon = authority.rfind(':');
    const bool has_port =
        colon != std::string::npos && (bracket == std::string::npos || colon > bracket);
    url.host = Lower(authority.substr(0, has_port ? colon : authority.size()));
    if (url.host.empty()) return Bad(text, "has no host");
    url.port = url.scheme == "https" ? 443 : 80;
    if (has_port) {
        const std::string port = authority.substr(colon + 1);
        const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), url.port);
        if (error != std::errc() || end != port.data() + port.size() || url.port < 1 ||
            url.port > 65535) {
            return Bad(text, "has a bad port");
        }
    }
    const std::string rest = text.substr(authority_end);
    const size_t question = rest.find('?');
    url.path = rest.substr(0, question);
    if (question != std::string::npos) url.query = rest.substr(question + 1);
    return url;
}

bool SameOrigin(const HttpUrl& a, const HttpUrl& b) {
    return a.scheme == b.scheme && a.host == b.host && a.port == b.port;
}

std::string OriginText(const HttpUrl& url) {
    return url.scheme + "://" + url.host + ":" + std::to_string(url.port);
}

std::string WithQueryParameters(const std::string& query,
                                const std::vector<std::pair<std::string, std::string>>& values) {
    std::string out;
    size_t start = 0;
    while (start < query.size()) {
        const size_t end = std::min(query.find('&', start), query.size());
        const std::string pair = query.substr(start, end - start);
        const std::string name = pair.substr(0, pair.find('='));
        const bool replaced = std::any_of(values.begin(), values.end(), [&](const auto& value) {
            return EqualsIgnoreAsciiCase(value.first, name);
        });
        if (!pair.empty() && !replaced) out += (out.empty() ? "" : "&") + pair;
        start = end + 1;
    }
    for (const auto& [name, value] : values) out += (out.empty() ? "" : "&") + name + "=" + value;
    return out;
}

}  // namespace stocktake::server
