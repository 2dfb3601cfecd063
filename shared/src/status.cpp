#include "stocktake/status.h"

namespace stocktake {

const char* CodeName(Code code) {
    switch (code) {
        case Code::kOk: return "OK";
        case Code::kInvalidArgument: return "InvalidArgument";
        case Code::kNotFound: return "NotFound";
        case Code::kAlreadyExists: return "AlreadyExists";
        case Code::kConflict: return "Conflict";
        case Code::kUnauthenticated: return "Unauthenticated";
        case Code::kPermissionDenied: return "PermissionDenied";
        case Code::kPayloadTooLarge: return "PayloadTooLarge";
        case Code::kRateLimited: return "RateLimited";
        case Code::kUnavailable: return "Unavailable";
        case Code::kCorruption: return "Corruption";
        case Code::kIOError: return "IOError";
        case Code::kUnsupported: return "Unsupported";
        case Code::kInternal: return "Internal";
    }
    return "Unknown";
}

std::string Status::ToString() const {
    if (ok()) return "OK";
    return std::string(CodeName(code_)) + ": " + message_;
}

}  // namespace stocktake
