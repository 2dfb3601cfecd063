// Status and Result<T>: the error currency of every Stocktake layer.
// Expected failures are returned as values, never thrown. A Status is cheap when OK.
// Thread safety: values; safe to copy between threads.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace stocktake {

// One code set serves the engine, the server and the wire (the names are the wire codes).
enum class Code {
    kOk = 0,
    kInvalidArgument,
    kNotFound,
    kAlreadyExists,
    kConflict,
    kUnauthenticated,
    kPermissionDenied,
    kPayloadTooLarge,
    kRateLimited,
    kUnavailable,
    kCorruption,
    kIOError,
    kUnsupported,
    kInternal,
};

const char* CodeName(Code code);

class [[nodiscard]] Status {
  public:
    Status() = default;
    Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}

    static Status Ok() { return Status(); }
    static Status InvalidArgument(std::string m) { return {Code::kInvalidArgument, std::move(m)}; }
    static Status NotFound(std::string m) { return {Code::kNotFound, std::move(m)}; }
    static Status Corruption(std::string m) { return {Code::kCorruption, std::move(m)}; }
    static Status IOError(std::string m) { return {Code::kIOError, std::move(m)}; }
    static Status Unsupported(std::string m) { return {Code::kUnsupported, std::move(m)}; }
    static Status Internal(std::string m) { return {Code::kInternal, std::move(m)}; }

    bool ok() const { return code_ == Code::kOk; }
    Code code() const { return code_; }
    const std::string& message() const { return message_; }
    // "InvalidArgument: message", or "OK".
    std::string ToString() const;

  private:
    Code code_ = Code::kOk;
    std::string message_;
};

// Holds either a T or a non-OK Status. REQUIRES: value() only when ok().
template <typename T>
class [[nodiscard]] Result {
  public:
    Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
    Result(Status status) : status_(std::move(status)) { assert(!status_.ok()); }  // NOLINT

    bool ok() const { return value_.has_value(); }
    const Status& status() const { return status_; }
    T& value() & {
        assert(ok());
        return *value_;
    }
    const T& value() const& {
        assert(ok());
        return *value_;
    }
    T&& value() && {
        assert(ok());
        return std::move(*value_);
    }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() { return value(); }

  private:
    std::optional<T> value_;
    Status status_;
};

}  // namespace stocktake
