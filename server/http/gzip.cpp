#include "http/gzip.h"

#include <zlib.h>

#include <algorithm>
#include <limits>

namespace stocktake::server {

Result<std::string> GzipCompress(std::string_view data) {
    z_stream stream{};
    // windowBits 15 + 16: write a gzip header and trailer instead of a zlib wrapper.
    if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
        Z_OK) {
        return Status::Internal("gzip: deflateInit2 failed");
    }
    std::string out;
    out.resize(deflateBound(&stream, static_cast<uLong>(data.size())));
    // zlib counts in uInt: feed input and take output in chunks that fit.
    constexpr size_t kChunk = std::numeric_limits<uInt>::max();
    const auto* next_in = reinterpret_cast<const Bytef*>(data.data());
    size_t in_left = data.size();
    size_t produced = 0;
    int rc = Z_OK;
    do {
        const size_t in_now = std::min(in_left, kChunk);
        stream.next_in = const_cast<Bytef*>(next_in);
        stream.avail_in = static_cast<uInt>(in_now);
        const int flush = in_left == in_now ? Z_FINISH : Z_NO_FLUSH;
        do {
            if (produced == out.size()) out.resize(out.size() * 2 + 64);
            const size_t out_now = std::min(out.size() - produced, kChunk);
            stream.next_out = reinterpret_cast<Bytef*>(out.data() + produced);
            stream.avail_out = static_cast<uInt>(out_now);
            rc = deflate(&stream, flush);
            produced += out_now - stream.avail_out;
        } while (stream.avail_out == 0 && rc != Z_STREAM_END);
        next_in += in_now - stream.avail_in;
        in_left -= in_now - stream.avail_in;
    } while (rc != Z_STREAM_END && (rc == Z_OK || rc == Z_BUF_ERROR));
    deflateEnd(&stream);
    if (rc != Z_STREAM_END) return Status::Internal("gzip: deflate failed");
    out.resize(produced);
    return out;
}

}  // namespace stocktake::server
