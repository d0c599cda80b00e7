// Status and Result<T>: the error path for expected failures (bad input,
// missing file, corrupt record). Exceptions from libraries are caught at module
// boundaries and turned into a Status with context.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace newstrace {

// Stable, machine-readable error codes. ToString() gives the snake_case name
// used in JSON output and error rows ("not_found", "too_large", ...).
enum class ErrorCode {
  kOk = 0,
  kInvalidArgument,  // usage errors
  kNotFound,         // input path does not exist
  kNotReadable,      // permission denied, I/O error, a directory where a file was expected
  kNotHtml,          // content is not a page we can read (image, PDF, ...)
  kBinary,           // content is binary data
  kEmpty,            // nothing left after extraction
  kTooLarge,         // over a size limit
  kBadGzip,          // corrupt compressed data
  kBadRecord,        // a malformed record in a container format (WARC, JSON lines)
  kHttpError,        // an archived response with an HTTP error status
  kDuplicate,        // the record is already in the store
  kIoError,          // storage or output failure
  kInternal,         // a bug: should never happen
};

std::string_view ToString(ErrorCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}
  static Status Ok() { return Status(); }

  bool ok() const { return code_ == ErrorCode::kOk; }
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "code: message", for logs.
  std::string ToString() const;

 private:
  ErrorCode code_ = ErrorCode::kOk;
  std::string message_;
};

// Either a value or a non-ok Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}        // NOLINT: implicit by design
  Result(Status status) : value_(std::move(status)) {  // NOLINT: implicit by design
    assert(!std::get<Status>(value_).ok());
  }
  bool ok() const { return std::holds_alternative<T>(value_); }
  const Status& status() const {
    static const Status kOkStatus;
    return ok() ? kOkStatus : std::get<Status>(value_);
  }
  T& value() & { return std::get<T>(value_); }
  const T& value() const& { return std::get<T>(value_); }
  T&& value() && { return std::get<T>(std::move(value_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> value_;
};

}  // namespace newstrace
