// Streaming WARC 1.0/1.1 reader: plain or gzip (one member per record, or a
// whole-file gzip stream), records framed by WARC headers and Content-Length.
// Framing only: no HTML knowledge, no storage.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/article.h"
#include "core/status.h"

namespace newstrace::ingest {

// One WARC record, with the HTTP layer of response records decoded.
struct WarcRecord {
  // Byte offset of the record in the file: of its gzip member when the record
  // starts a member (per-record gzip, as CDX indexes give), otherwise of the
  // record in the uncompressed stream (plain files; records inside a
  // whole-file gzip stream after the first).
  uint64_t offset = 0;
  std::string type;        // WARC-Type: response, resource, request, metadata, revisit, warcinfo...
  std::string target_uri;  // WARC-Target-URI
  std::string date;        // WARC-Date (ISO 8601 as written)
  std::string record_id;   // WARC-Record-ID
  std::string content_type;  // WARC Content-Type (e.g. "application/http; msgtype=response")
  // For response records: the HTTP status (0 when not HTTP), the response's
  // Content-Type header, and the body with chunked transfer and gzip/deflate
  // content-encoding undone. For resource records: the block as is.
  // http_content_encoding is a Content-Encoding still applied to `body`:
  // empty when there was none or it was undone; "br", "zstd", ... when not
  // supported; "gzip"/"deflate" when the body does not inflate.
  int http_status = 0;
  std::string http_content_type;
  std::string http_content_encoding;
  std::string body;
};

struct WarcOptions {
  size_t max_record_bytes = 50u << 20;  // larger records are skipped with too_large
};

// Reads records one at a time from a file. Memory is bounded by the largest
// record (capped by max_record_bytes), never by the file size.
//
// Errors are per record: Next() returns a non-ok Status for a record it
// cannot read (bad_gzip for a corrupt member, bad_record for a truncated or
// malformed record, too_large) together with the offset in error_offset(),
// and the following call resumes at the next record when the format allows it
// (the next gzip member, or the next "WARC/1." line in plain files).
// Not thread-safe; use one reader per thread.
class WarcReader {
 public:
  static Result<std::unique_ptr<WarcReader>> Open(const std::string& path,
                                                  const WarcOptions& options = {});
  // The same over bytes in memory (tests, fuzzing); offsets are into `data`.
  static Result<std::unique_ptr<WarcReader>> OpenBuffer(std::string data,
                                                        const WarcOptions& options = {});
  virtual ~WarcReader() = default;

  // The next record; std::nullopt at the end of the file.
  virtual Result<std::optional<WarcRecord>> Next() = 0;
  // The offset of the record that the last non-ok Next() was about.
  virtual uint64_t error_offset() const = 0;
  // Bytes of the (possibly compressed) file consumed so far, for progress.
  virtual uint64_t bytes_read() const = 0;
};

// True when `head` (the first bytes of a file, possibly gzip-compressed
// content already inflated by the caller) starts like a WARC file.
bool LooksLikeWarc(std::string_view head);

// Converts a response/resource record with an HTML or text payload into a
// RawPage (source = "<path>#<offset>", uri = WARC-Target-URI, fetched_at =
// WARC-Date, charset from the HTTP Content-Type). HTML is text/html or
// application/xhtml+xml (media_type "text/html"), text/plain and
// text/markdown are kept as such, a missing Content-Type is sniffed as HTML.
// Errors: not_html (non-HTML content type such as images, PDFs, JSON, the
// type in the message; a response record without HTTP; an unsupported
// Content-Encoding such as br or zstd), http_error (status >= 400, and 3xx
// redirects, which carry no article: the message says "redirect"; 1xx),
// bad_gzip (a gzip/deflate Content-Encoding that does not inflate), empty.
// Revisit, request, metadata and warcinfo records are not pages: the caller
// skips them (they are counted, not errors).
// The rvalue form moves the body into the page instead of copying it.
Result<RawPage> PageFromRecord(WarcRecord&& record, std::string_view path);
Result<RawPage> PageFromRecord(const WarcRecord& record, std::string_view path);

}  // namespace newstrace::ingest
