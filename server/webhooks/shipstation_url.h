// The URLs the ShipStation client fetches: parsed strictly, so that a resource_url can be
// held to the configured API's scheme, host and port before anything is fetched.
// Thread safety: pure functions over values.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "stocktake/status.h"

namespace stocktake::server {

struct HttpUrl {
    std::string scheme;  // "http" or "https", lowercased
    std::string host;    // lowercased; an IPv6 address keeps its brackets
    int port = 0;        // the explicit port, else 80 or 443
    std::string path;    // "" or from the first '/'
    std::string query;   // after '?', without it
};

// InvalidArgument for anything but http(s)://host[:port][/path][?query]: other schemes,
// user info ("user@host", a classic way to disguise the host), fragments, bad ports.
Result<HttpUrl> ParseHttpUrl(const std::string& text);

bool SameOrigin(const HttpUrl& a, const HttpUrl& b);

// "https://host:443": what httplib::Client takes.
std::string OriginText(const HttpUrl& url);

// query with each named parameter set to its value (earlier occurrences of the name, in any
// letter case, removed): "storeID=1&page=2" + {page, 3} -> "storeID=1&page=3".
std::string WithQueryParameters(const std::string& query,
                                const std::vector<std::pair<std::string, std::string>>& values);

}  // namespace stocktake::server
