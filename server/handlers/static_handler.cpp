#include "handlers/static_handler.h"

#include <algorithm>
#include <cctype>
#include <memory>
#include <string>
#include <string_view>

#include "stocktake/ascii.h"
#include "time_text.h"

namespace stocktake::server {
namespace {

std::string_view Trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

// Calls fn(item) for each comma-separated item, trimmed.
template <typename Fn>
void ForEachListItem(std::string_view list, Fn fn) {
    while (!list.empty()) {
        const size_t comma = list.find(',');
        fn(Trim(list.substr(0, comma)));
        if (comma == std::string_view::npos) break;
        list.remove_prefix(comma + 1);
    }
}

void PlainText(httplib::Response& res, int status, const std::string& text) {
    res.status = status;
    res.set_header("Cache-Control", "no-store");
    res.set_content(text + "\n", "text/plain; charset=utf-8");
}

bool NotModified(const httplib::Request& req, const StaticFile& file, const std::string& etag) {
    if (req.has_header("If-None-Match")) {
        return EtagMatches(req.get_header_value("If-None-Match"), etag);
    }
    if (req.has_header("If-Modified-Since")) {
        std::optional<std::time_t> since = ParseHttpDate(req.get_header_value("If-Modified-Since"));
        return since && file.mtime <= *since;
    }
    return false;
}

}  // namespace

bool AcceptsGzip(const std::string& accept_encoding) {
    bool accepted = false;
    ForEachListItem(accept_encoding, [&](std::string_view item) {
        const size_t semi = item.find(';');
        const std::string_view coding = Trim(item.substr(0, semi));
        if (!EqualsIgnoreAsciiCase(coding, "gzip") && !EqualsIgnoreAsciiCase(coding, "x-gzip") &&
            coding != "*") {
            return;
        }
        bool refused = false;
        if (semi != std::string_view::npos) {
            std::string_view param = Trim(item.substr(semi + 1));
            if (param.size() >= 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
                param.remove_prefix(2);
                // q=0, q=0.0, q=0.000 all refuse.
                refused = param.find_first_not_of("0.") == std::string_view::npos;
            }
        }
        if (!refused) accepted = true;
    });
    return accepted;
}

bool EtagMatches(const std::string& if_none_match, const std::string& etag) {
    bool matched = false;
    ForEachListItem(if_none_match, [&](std::string_view item) {
        if (item == "*") matched = true;
        if (item.substr(0, 2) == "W/") item.remove_prefix(2);
        if (item == etag) matched = true;
    });
    return matched;
}

void HandleStatic(StaticFiles& files, const httplib::Request& req, httplib::Response& res) {
    Result<std::shared_ptr<const StaticFile>> found = files.Get(req.path);
    if (!found.ok()) {
        if (found.status().code() == Code::kInvalidArgument) {
            PlainText(res, 400, "bad path: " + found.status().message());
        } else {
            PlainText(res, 404, "not found: " + req.path);
        }
        return;
    }
    const StaticFile& file = **found;

    // Byte ranges apply to the identity bytes; a compressed body is only for whole files.
    const bool gzip = file.gzip_bytes && req.ranges.empty() &&
                      AcceptsGzip(req.get_header_value("Accept-Encoding"));
    const std::string& etag = gzip ? file.gzip_etag : file.etag;
    res.set_header("ETag", etag);
    res.set_header("Last-Modified", FormatHttpDate(file.mtime));
    res.set_header("Cache-Control", file.cache_control);
    if (file.gzip_bytes) res.set_header("Vary", "Accept-Encoding");

    if (NotModified(req, file, etag)) {
        res.status = 304;
        return;
    }

    std::shared_ptr<const std::string> body = gzip ? file.gzip_bytes : file.bytes;
    if (gzip) res.set_header("Content-Encoding", "gzip");
    res.status = req.ranges.empty() ? 200 : 206;
    if (body->empty()) {
        res.set_content("", file.mime_type);
        return;
    }
    // A sized content provider: cpp-httplib writes these bytes as they are (its own
    // compression only touches res.body and chunked providers), so a body we compressed
    // is never compressed twice, and the cached bytes are shared, not copied. The whole
    // range goes in one write: cpp-httplib checks for stop() between provider calls and
    // would cut a download short there, while a graceful shutdown lets it finish (a
    // stalled client is still dropped by the write timeout).
    res.set_content_provider(body->size(), file.mime_type,
                             [body](size_t offset, size_t length, httplib::DataSink& sink) {
                                 return sink.write(body->data() + offset, length);
                             });
}

}  // namespace stocktake::server
