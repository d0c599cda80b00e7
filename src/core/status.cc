#include "core/status.h"

namespace newstrace {

std::string_view ToString(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk:
      return "ok";
    case ErrorCode::kInvalidArgument:
      return "invalid_argument";
    case ErrorCode::kNotFound:
      return "not_found";
    case ErrorCode::kNotReadable:
      return "not_readable";
    case ErrorCode::kNotHtml:
      return "not_html";
    case ErrorCode::kBinary:
      return "binary";
    case ErrorCode::kEmpty:
      return "empty";
    case ErrorCode::kTooLarge:
      return "too_large";
    case ErrorCode::kBadGzip:
      return "bad_gzip";
    case ErrorCode::kBadRecord:
      return "bad_record";
    case ErrorCode::kHttpError:
      return "http_error";
    case ErrorCode::kDuplicate:
      return "duplicate";
    case ErrorCode::kIoError:
      return "io_error";
    case ErrorCode::kInternal:
      return "internal";
  }
  return "internal";
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  return std::string(newstrace::ToString(code_)) + ": " + message_;
}

}  // namespace newstrace
