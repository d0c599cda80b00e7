#include "ingest/warc.h"

#include <fcntl.h>
#include <libdeflate.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <deque>
#include <memory>
#include <utility>
#include <vector>

#include "ingest/input.h"

namespace newstrace::ingest {
namespace {

// Raw bytes are read in chunks of this size; never the whole file.
constexpr size_t kReadChunk = 1u << 20;
// Before a gzip member is started, at least this much compressed input is
// buffered so that most members are inflated in one libdeflate call.
constexpr size_t kMemberLookahead = 256u << 10;
// zlib inflates into at least this much free output space per call.
constexpr size_t kInflateChunk = 256u << 10;
// A WARC header block longer than this is malformed.
constexpr size_t kMaxHeaderBytes = 1u << 20;
// libdeflate inflates a whole member at once; members whose output exceeds
// this go through zlib's streaming inflate instead.
constexpr size_t kMaxOneShotOutput = 16u << 20;

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (LowerAscii(a[i]) != LowerAscii(b[i])) return false;
  }
  return true;
}

std::string ToLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = LowerAscii(c);
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

bool IsGzipMagic(const char* p, size_t n) {
  return n >= 3 && static_cast<unsigned char>(p[0]) == 0x1f &&
         static_cast<unsigned char>(p[1]) == 0x8b && static_cast<unsigned char>(p[2]) == 0x08;
}

// Splits `block` at its first line end (LF, optionally preceded by CR).
// Returns false when there is no line end.
bool NextLine(std::string_view& rest, std::string_view* line) {
  const size_t nl = rest.find('\n');
  if (nl == std::string_view::npos) return false;
  std::string_view l = rest.substr(0, nl);
  if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
  *line = l;
  rest.remove_prefix(nl + 1);
  return true;
}

// --- HTTP ----------------------------------------------------------------

// Undoes chunked transfer coding. Returns false when `body` does not start
// with a chunk-size line (the body is then taken as is); a body cut inside a
// chunk keeps what was there.
bool Dechunk(std::string_view body, std::string* out) {
  out->clear();
  std::string_view rest = body;
  bool first = true;
  for (;;) {
    std::string_view line;
    if (!NextLine(rest, &line)) return !first;
    line = Trim(line.substr(0, line.find(';')));
    uint64_t size = 0;
    if (line.empty() || line.size() > 15) return !first;
    auto [ptr, ec] = std::from_chars(line.data(), line.data() + line.size(), size, 16);
    if (ec != std::errc() || ptr != line.data() + line.size()) return !first;
    first = false;
    if (size == 0) return true;
    const size_t take = static_cast<size_t>(std::min<uint64_t>(size, rest.size()));
    out->append(rest.data(), take);
    rest.remove_prefix(take);
    if (take < size) return true;
    if (StartsWith(rest, "\r\n")) {
      rest.remove_prefix(2);
    } else if (StartsWith(rest, "\n")) {
      rest.remove_prefix(1);
    }
  }
}

// Inflates a zlib (window_bits 15) or raw deflate (-15) stream, up to
// max_bytes of output. Returns false on corrupt, truncated or oversized data.
bool InflateAll(std::string_view in, int window_bits, size_t max_bytes, std::string* out) {
  z_stream z{};
  if (inflateInit2(&z, window_bits) != Z_OK) return false;
  out->clear();
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(std::min<size_t>(in.size(), UINT32_MAX));
  int ret = Z_OK;
  while (ret == Z_OK) {
    const size_t old = out->size();
    if (old >= max_bytes) break;
    out->resize(std::min(max_bytes, std::max<size_t>(old * 2, 64u << 10)));
    z.next_out = reinterpret_cast<Bytef*>(out->data() + old);
    z.avail_out = static_cast<uInt>(out->size() - old);
    ret = inflate(&z, Z_NO_FLUSH);
    out->resize(out->size() - z.avail_out);
    if (ret == Z_BUF_ERROR && z.avail_in == 0) break;
  }
  inflateEnd(&z);
  return ret == Z_STREAM_END;
}

// Undoes a Content-Encoding in place. Leaves record->http_content_encoding
// set when the coding is not supported or the body does not decode.
Status DecodeContentEncoding(std::string_view coding, size_t max_bytes, WarcRecord* record) {
  const std::string name = ToLower(Trim(coding));
  if (name.empty() || name == "identity") return Status::Ok();
  std::string& body = record->body;
  if (name == "gzip" || name == "x-gzip") {
    // Crawlers that store decoded bodies keep the header: no magic, no coding.
    if (!(body.size() >= 2 && static_cast<unsigned char>(body[0]) == 0x1f &&
          static_cast<unsigned char>(body[1]) == 0x8b)) {
      return Status::Ok();
    }
    Result<std::string> inflated = Gunzip(body, max_bytes);
    if (inflated.ok()) {
      body = std::move(inflated).value();
      return Status::Ok();
    }
    if (inflated.status().code() == ErrorCode::kTooLarge) return inflated.status();
    record->http_content_encoding = name;
    return Status::Ok();
  }
  if (name == "deflate") {
    std::string out;
    if (InflateAll(body, 15, max_bytes, &out) || InflateAll(body, -15, max_bytes, &out)) {
      body = std::move(out);
      return Status::Ok();
    }
    if (out.size() >= max_bytes) {
      return Status(ErrorCode::kTooLarge,
                    "deflate body over " + std::to_string(max_bytes) + " bytes");
    }
    record->http_content_encoding = name;
    return Status::Ok();
  }
  record->http_content_encoding = name;
  return Status::Ok();
}

// Parses an HTTP response block (status line, headers, body). A block that
// is not HTTP is kept whole as the body with status 0.
Status ParseHttpResponse(std::string_view block, size_t max_bytes, WarcRecord* record) {
  std::string_view rest = block;
  std::string_view line;
  if (!StartsWith(block, "HTTP/") || !NextLine(rest, &line)) {
    record->body.assign(block);
    return Status::Ok();
  }
  // "HTTP/1.1 200 OK": the code is the second field.
  const size_t space = line.find(' ');
  if (space != std::string_view::npos) {
    std::string_view code = Trim(line.substr(space + 1));
    code = code.substr(0, code.find(' '));
    int status = 0;
    auto [ptr, ec] = std::from_chars(code.data(), code.data() + code.size(), status);
    if (ec == std::errc() && ptr == code.data() + code.size() && status >= 100 && status <= 999) {
      record->http_status = status;
    }
  }
  std::string_view transfer_encoding;
  std::string_view content_encoding;
  bool have_type = false;
  for (;;) {
    if (!NextLine(rest, &line)) {
      rest = {};  // headers without a blank line: no body
      break;
    }
    if (line.empty()) break;
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string_view name = Trim(line.substr(0, colon));
    const std::string_view value = Trim(line.substr(colon + 1));
    if (EqualsIgnoreCase(name, "Content-Type") && !have_type) {
      record->http_content_type.assign(value);
      have_type = true;
    } else if (EqualsIgnoreCase(name, "Transfer-Encoding")) {
      transfer_encoding = value;
    } else if (EqualsIgnoreCase(name, "Content-Encoding")) {
      content_encoding = value;
    }
  }
  if (ToLower(transfer_encoding).find("chunked") != std::string::npos) {
    if (!Dechunk(rest, &record->body)) record->body.assign(rest);
  } else {
    record->body.assign(rest);
  }
  return DecodeContentEncoding(content_encoding, max_bytes, record);
}

// The block holds an HTTP message for response and revisit records with an
// application/http content type (or none, when it starts like one).
bool HasHttpResponse(const WarcRecord& record) {
  if (record.type != "response" && record.type != "revisit") return false;
  const std::string type = ToLower(record.content_type);
  if (type.find("application/http") != std::string::npos) {
    return type.find("msgtype=request") == std::string::npos;
  }
  return type.empty();
}

// Parses the WARC header lines after the version line (names
// case-insensitive, folded continuation lines) into `record`; returns the
// Content-Length when present and valid.
std::optional<uint64_t> ParseWarcHeaders(std::string_view rest, WarcRecord* record) {
  std::string_view line;
  std::optional<uint64_t> content_length;
  std::string* last = nullptr;  // the header a folded line continues
  while (NextLine(rest, &line) && !line.empty()) {
    if (line.front() == ' ' || line.front() == '\t') {
      if (last != nullptr) {
        last->push_back(' ');
        last->append(Trim(line));
      }
      continue;
    }
    last = nullptr;
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string_view name = Trim(line.substr(0, colon));
    const std::string_view value = Trim(line.substr(colon + 1));
    if (EqualsIgnoreCase(name, "WARC-Type")) {
      last = &record->type;
    } else if (EqualsIgnoreCase(name, "WARC-Target-URI")) {
      last = &record->target_uri;
    } else if (EqualsIgnoreCase(name, "WARC-Date")) {
      last = &record->date;
    } else if (EqualsIgnoreCase(name, "WARC-Record-ID")) {
      last = &record->record_id;
    } else if (EqualsIgnoreCase(name, "Content-Type")) {
      last = &record->content_type;
    } else if (EqualsIgnoreCase(name, "Content-Length")) {
      uint64_t n = 0;
      auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (ec == std::errc() && ptr == value.data() + value.size()) content_length = n;
    }
    if (last != nullptr) last->assign(value);
  }
  // WARC 1.0 drafts wrapped the URI in angle brackets.
  if (record->target_uri.size() >= 2 && record->target_uri.front() == '<' &&
      record->target_uri.back() == '>') {
    record->target_uri = record->target_uri.substr(1, record->target_uri.size() - 2);
  }
  return content_length;
}

// --- Byte sources ----------------------------------------------------------

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to n bytes; 0 at the end, -1 on an I/O error.
  virtual ptrdiff_t Read(char* out, size_t n) = 0;
  // Repositions at `offset`; false when the source cannot seek.
  virtual bool Seek(uint64_t offset) = 0;
};

class FileSource final : public ByteSource {
 public:
  explicit FileSource(int fd) : fd_(fd) {}
  ~FileSource() override { ::close(fd_); }
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;

  ptrdiff_t Read(char* out, size_t n) override {
    for (;;) {
      const ssize_t got = ::read(fd_, out, n);
      if (got >= 0) return got;
      if (errno != EINTR) return -1;
    }
  }
  bool Seek(uint64_t offset) override {
    return ::lseek(fd_, static_cast<off_t>(offset), SEEK_SET) != static_cast<off_t>(-1);
  }

 private:
  int fd_;
};

class MemorySource final : public ByteSource {
 public:
  explicit MemorySource(std::string data) : data_(std::move(data)) {}
  ptrdiff_t Read(char* out, size_t n) override {
    const size_t take = std::min(n, data_.size() - pos_);
    if (take > 0) std::memcpy(out, data_.data() + pos_, take);
    pos_ += take;
    return static_cast<ptrdiff_t>(take);
  }
  bool Seek(uint64_t offset) override {
    pos_ = static_cast<size_t>(std::min<uint64_t>(offset, data_.size()));
    return true;
  }

 private:
  std::string data_;
  size_t pos_ = 0;
};

// --- The reader --------------------------------------------------------------

// A growable byte buffer that, unlike std::vector<char>, leaves new space
// uninitialised: every byte is read or inflated into before it is looked at,
// and zeroing the 1 MiB+ windows cost ~2.5% of reading a WARC file.
class ByteBuffer {
 public:
  char* data() { return data_.get(); }
  const char* data() const { return data_.get(); }
  size_t size() const { return size_; }
  char& operator[](size_t i) { return data_[i]; }
  char operator[](size_t i) const { return data_[i]; }
  // Grows or shrinks to `n` bytes, keeping the first min(n, size()).
  void resize(size_t n) {
    if (n > capacity_) {
      std::unique_ptr<char[]> bigger(new char[n]);
      if (size_ > 0) std::memcpy(bigger.get(), data_.get(), size_);
      data_ = std::move(bigger);
      capacity_ = n;
    }
    size_ = n;
  }
  void assign(const char* begin, const char* end) {
    size_ = 0;
    resize(static_cast<size_t>(end - begin));
    if (size_ > 0) std::memcpy(data_.get(), begin, size_);
  }
  void release() {
    data_.reset();
    size_ = capacity_ = 0;
  }

 private:
  std::unique_ptr<char[]> data_;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

// Two layers: a decoder that turns the file into one stream of WARC bytes
// (plain: as read; gzip: member after member, libdeflate for members that
// fit in the buffer and zlib's streaming inflate for the others), and the
// record parser over that stream. A buffered window of the decoded stream,
// [out_begin_, out_end_) of out_, is all that is kept in memory.
class WarcReaderImpl final : public WarcReader {
 public:
  WarcReaderImpl(std::unique_ptr<ByteSource> source, const WarcOptions& options)
      : source_(std::move(source)), options_(options) {
    in_.resize(kReadChunk);
  }
  ~WarcReaderImpl() override {
    if (zlib_ready_) inflateEnd(&zs_);
    if (deflate_ != nullptr) libdeflate_free_decompressor(deflate_);
  }
  WarcReaderImpl(const WarcReaderImpl&) = delete;
  WarcReaderImpl& operator=(const WarcReaderImpl&) = delete;

  Status Init() {
    Refill();
    if (!io_error_.ok()) return io_error_;
    gzip_ = in_end_ - in_begin_ >= 2 && static_cast<unsigned char>(in_[0]) == 0x1f &&
            static_cast<unsigned char>(in_[1]) == 0x8b;
    if (gzip_) {
      deflate_ = libdeflate_alloc_decompressor();
      if (deflate_ == nullptr || inflateInit2(&zs_, 16 + MAX_WBITS) != Z_OK) {
        return Status(ErrorCode::kInternal, "cannot set up gzip decoding");
      }
      zlib_ready_ = true;
    } else {
      // Plain WARC: the stream is the file; what was read moves to out_.
      out_.assign(in_.data() + in_begin_, in_.data() + in_end_);
      out_end_ = out_.size();
      out_offset_ = in_offset_ + in_begin_;
      in_.release();
      in_begin_ = in_end_ = 0;
    }
    return Status::Ok();
  }

  Result<std::optional<WarcRecord>> Next() override;
  uint64_t error_offset() const override { return error_offset_; }
  uint64_t bytes_read() const override {
    return gzip_ ? in_offset_ + in_begin_ : out_offset_ + out_begin_;
  }

 private:
  enum class Resync { kNone, kStream, kCompressed };

  // Decoded-stream window.
  size_t Available() const { return out_end_ - out_begin_; }
  const char* Cursor() const { return out_.data() + out_begin_; }
  uint64_t CursorPos() const { return out_offset_ + out_begin_; }
  void Consume(size_t n) {
    out_begin_ += n;
    while (!member_starts_.empty() && member_starts_.front().first < CursorPos()) {
      member_starts_.pop_front();
    }
  }
  // Makes at least `need` decoded bytes available. False at the end of the
  // input or on a decoding error (decode_error_).
  bool Fill(size_t need);
  // Drops consumed output and makes room for `room` more bytes.
  void ReserveOutput(size_t room);
  // Reads more raw input, keeping the unconsumed bytes.
  void Refill();
  bool FillPlain(size_t need);
  // Starts the next gzip member; false at the end or on an error.
  bool StartMember();
  // One zlib inflate step on the current member; false on an error.
  bool InflateStep();
  // In per-record gzip, runs zlib to the end of the current member (skipping
  // the record trailer) so that a bad CRC is charged to the record.
  bool FinishMember();
  void SetDecodeError(ErrorCode code, std::string message) {
    decode_error_ = Status(code, std::move(message));
    decode_error_member_ = member_offset_;
  }

  bool AtMemberStart() const {
    for (const auto& start : member_starts_) {
      if (start.first == CursorPos()) return true;
    }
    return false;
  }
  uint64_t RecordOffset(uint64_t decoded_pos) const {
    for (const auto& [decoded, compressed] : member_starts_) {
      if (decoded == decoded_pos) return compressed;
    }
    return decoded_pos;
  }
  // Reports the pending decoding error for the record at `offset` and
  // arranges the resync.
  Status TakeDecodeError(uint64_t offset);
  Status RecordError(uint64_t offset, ErrorCode code, std::string message, Resync resync) {
    error_offset_ = offset;
    resync_ = resync;
    return Status(code, std::move(message));
  }
  void CompressedResync(uint64_t from);
  // Moves the cursor to the next "WARC/<digit>" at a line or member start.
  bool StreamResync();
  bool LooksLikeVersionAt(size_t i) const;

  std::unique_ptr<ByteSource> source_;
  WarcOptions options_;
  bool gzip_ = false;

  ByteBuffer in_;
  size_t in_begin_ = 0;
  size_t in_end_ = 0;
  uint64_t in_offset_ = 0;  // file offset of in_[0]
  bool eof_ = false;
  Status io_error_;

  ByteBuffer out_;
  size_t out_begin_ = 0;
  size_t out_end_ = 0;
  uint64_t out_offset_ = 0;  // decoded-stream offset of out_[0]

  libdeflate_decompressor* deflate_ = nullptr;
  z_stream zs_{};
  bool zlib_ready_ = false;
  bool in_member_ = false;  // a zlib member is in progress
  uint64_t member_offset_ = 0;
  // (decoded offset, file offset) of member starts within the window.
  std::deque<std::pair<uint64_t, uint64_t>> member_starts_;

  Status decode_error_;
  uint64_t decode_error_member_ = 0;
  Resync resync_ = Resync::kNone;
  uint64_t resync_from_ = 0;
  bool validating_ = false;  // after a compressed resync, until a record parses
  uint64_t skip_remaining_ = 0;
  bool done_ = false;
  uint64_t error_offset_ = 0;
};

void WarcReaderImpl::Refill() {
  if (eof_) return;
  if (in_begin_ > 0) {
    std::memmove(in_.data(), in_.data() + in_begin_, in_end_ - in_begin_);
    in_offset_ += in_begin_;
    in_end_ -= in_begin_;
    in_begin_ = 0;
  }
  while (in_end_ < in_.size()) {
    const ptrdiff_t got = source_->Read(in_.data() + in_end_, in_.size() - in_end_);
    if (got < 0) {
      io_error_ =
          Status(ErrorCode::kNotReadable, std::string("read error: ") + std::strerror(errno));
      eof_ = true;
      return;
    }
    if (got == 0) {
      eof_ = true;
      return;
    }
    in_end_ += static_cast<size_t>(got);
  }
}

void WarcReaderImpl::ReserveOutput(size_t room) {
  if (out_begin_ > 0) {
    std::memmove(out_.data(), out_.data() + out_begin_, out_end_ - out_begin_);
    out_offset_ += out_begin_;
    out_end_ -= out_begin_;
    out_begin_ = 0;
  }
  if (out_.size() - out_end_ < room) out_.resize(out_end_ + room);
}

bool WarcReaderImpl::FillPlain(size_t need) {
  while (Available() < need) {
    if (eof_) return false;
    ReserveOutput(std::max(kReadChunk, need - Available()));
    const size_t want = std::min(out_.size() - out_end_, std::max(kReadChunk, need - Available()));
    const ptrdiff_t got = source_->Read(out_.data() + out_end_, want);
    if (got < 0) {
      io_error_ =
          Status(ErrorCode::kNotReadable, std::string("read error: ") + std::strerror(errno));
      eof_ = true;
      return false;
    }
    if (got == 0) {
      eof_ = true;
      return false;
    }
    out_end_ += static_cast<size_t>(got);
  }
  return true;
}

bool WarcReaderImpl::Fill(size_t need) {
  if (Available() >= need) return true;
  if (!decode_error_.ok()) return false;
  if (!gzip_) return FillPlain(need);
  while (Available() < need) {
    if (!in_member_) {
      if (!StartMember()) return false;
    } else if (!InflateStep()) {
      return false;
    }
  }
  return true;
}

bool WarcReaderImpl::StartMember() {
  if (in_end_ - in_begin_ < kMemberLookahead) Refill();
  // Zero padding between or after members is ignored.
  for (;;) {
    while (in_begin_ < in_end_ && in_[in_begin_] == 0) ++in_begin_;
    if (in_begin_ < in_end_ || eof_) break;
    Refill();
  }
  if (in_end_ - in_begin_ < 3) Refill();
  const size_t avail = in_end_ - in_begin_;
  if (avail == 0) return false;  // the end
  member_offset_ = in_offset_ + in_begin_;
  if (!IsGzipMagic(in_.data() + in_begin_, avail)) {
    SetDecodeError(ErrorCode::kBadGzip,
                   "not a gzip member at offset " + std::to_string(member_offset_));
    return false;
  }
  member_starts_.emplace_back(out_offset_ + out_end_, member_offset_);

  // One-shot libdeflate (about twice zlib's speed) when the whole member is
  // buffered and its output fits; on any failure zlib takes the member from
  // its start, and tells truncation from corruption.
  const size_t limit = std::min(kMaxOneShotOutput, options_.max_record_bytes + kMaxHeaderBytes);
  size_t capacity =
      std::min(limit, std::max<size_t>(out_.size() - (out_end_ - out_begin_), 1u << 20));
  for (int attempt = 0; attempt < 2 && !validating_; ++attempt) {
    ReserveOutput(capacity);
    size_t in_used = 0;
    size_t out_used = 0;
    const libdeflate_result r = libdeflate_gzip_decompress_ex(
        deflate_, in_.data() + in_begin_, avail, out_.data() + out_end_, out_.size() - out_end_,
        &in_used, &out_used);
    if (r == LIBDEFLATE_SUCCESS) {
      in_begin_ += in_used;
      out_end_ += out_used;
      return true;
    }
    if (r != LIBDEFLATE_INSUFFICIENT_SPACE || capacity >= limit) break;
    capacity = limit;
  }
  if (inflateReset(&zs_) != Z_OK) {
    SetDecodeError(ErrorCode::kInternal, "inflateReset failed");
    return false;
  }
  in_member_ = true;
  // The member is inflated whole (up to `limit`) before any of it is parsed:
  // a corrupt or truncated member is then one error, with none of its output
  // kept, rather than garbage records. Larger members stream.
  const size_t member_start = out_end_ - out_begin_;
  while (in_member_ && Available() - member_start < limit) {
    if (!InflateStep()) {
      out_end_ = out_begin_ + member_start;
      return false;
    }
  }
  return true;
}

bool WarcReaderImpl::InflateStep() {
  if (in_begin_ == in_end_) {
    Refill();
    if (in_begin_ == in_end_) {
      SetDecodeError(ErrorCode::kBadRecord, "truncated gzip member at end of file");
      return false;
    }
  }
  ReserveOutput(kInflateChunk);
  zs_.next_in = reinterpret_cast<Bytef*>(in_.data() + in_begin_);
  zs_.avail_in = static_cast<uInt>(std::min<size_t>(in_end_ - in_begin_, UINT32_MAX));
  zs_.next_out = reinterpret_cast<Bytef*>(out_.data() + out_end_);
  zs_.avail_out = static_cast<uInt>(std::min<size_t>(out_.size() - out_end_, UINT32_MAX));
  const uInt in_before = zs_.avail_in;
  const uInt out_before = zs_.avail_out;
  const int ret = inflate(&zs_, Z_NO_FLUSH);
  in_begin_ += in_before - zs_.avail_in;
  out_end_ += out_before - zs_.avail_out;
  if (ret == Z_STREAM_END) {
    in_member_ = false;
    return true;
  }
  if (ret == Z_OK || ret == Z_BUF_ERROR) return true;
  SetDecodeError(ErrorCode::kBadGzip, std::string("corrupt gzip member: ") +
                                          (zs_.msg != nullptr ? zs_.msg : "inflate error"));
  return false;
}

bool WarcReaderImpl::FinishMember() {
  while (gzip_ && in_member_) {
    while (Available() > 0 && (*Cursor() == '\r' || *Cursor() == '\n')) Consume(1);
    if (Available() > 0) return true;  // more records in this member
    if (!InflateStep()) return false;
  }
  return true;
}

Status WarcReaderImpl::TakeDecodeError(uint64_t offset) {
  Status status = std::move(decode_error_);
  decode_error_ = Status::Ok();
  error_offset_ = offset;
  if (status.code() == ErrorCode::kBadRecord) {
    done_ = true;  // truncated at the end of the file: nothing follows
  } else {
    resync_ = Resync::kCompressed;
    resync_from_ = decode_error_member_ + 1;
  }
  return status;
}

void WarcReaderImpl::CompressedResync(uint64_t from) {
  out_offset_ += out_end_;  // dropped bytes count as consumed
  out_begin_ = out_end_ = 0;
  member_starts_.clear();
  in_member_ = false;
  decode_error_ = Status::Ok();
  validating_ = true;
  if (from >= in_offset_ && from <= in_offset_ + in_end_) {
    in_begin_ = static_cast<size_t>(from - in_offset_);
  } else if (source_->Seek(from)) {
    in_offset_ = from;
    in_begin_ = in_end_ = 0;
    eof_ = false;
  }
  for (;;) {
    const char* begin = in_.data() + in_begin_;
    const char* end = in_.data() + in_end_;
    for (const char* p = begin; p + 2 < end; ++p) {
      p = static_cast<const char*>(std::memchr(p, 0x1f, static_cast<size_t>(end - p)));
      if (p == nullptr || p + 2 >= end) break;
      if (IsGzipMagic(p, static_cast<size_t>(end - p))) {
        in_begin_ = static_cast<size_t>(p - in_.data());
        return;
      }
    }
    if (eof_) {
      in_begin_ = in_end_;
      return;
    }
    // Keep the last two bytes: a magic may straddle the refill.
    if (in_end_ - in_begin_ > 2) in_begin_ = in_end_ - 2;
    Refill();
  }
}

bool WarcReaderImpl::LooksLikeVersionAt(size_t i) const {
  const char* p = out_.data() + i;
  if (out_end_ - i < 6 || std::memcmp(p, "WARC/", 5) != 0 || p[5] < '0' || p[5] > '9') {
    return false;
  }
  const uint64_t pos = out_offset_ + i;
  if (i > 0 && out_[i - 1] == '\n') return true;
  for (const auto& start : member_starts_) {
    if (start.first == pos) return true;
  }
  return false;
}

bool WarcReaderImpl::StreamResync() {
  // The bad record's first byte is skipped, then every candidate is checked.
  if (Available() > 0) Consume(1);
  for (;;) {
    size_t i = out_begin_;
    while (i < out_end_) {
      const void* hit = std::memchr(out_.data() + i, 'W', out_end_ - i);
      if (hit == nullptr) {
        i = out_end_;
        break;
      }
      i = static_cast<size_t>(static_cast<const char*>(hit) - out_.data());
      if (out_end_ - i < 6) break;  // more bytes decide
      if (LooksLikeVersionAt(i)) {
        Consume(i - out_begin_);
        return true;
      }
      ++i;
    }
    // Keep the byte before the undecided position for the line-start check.
    const size_t keep_from = i > out_begin_ ? i - 1 : out_begin_;
    Consume(keep_from - out_begin_);
    if (!Fill(Available() + 1)) {
      if (decode_error_.ok()) Consume(Available());
      return false;
    }
  }
}

Result<std::optional<WarcRecord>> WarcReaderImpl::Next() {
  for (;;) {
    if (done_) return std::optional<WarcRecord>();
    if (!io_error_.ok()) {
      done_ = true;
      error_offset_ = bytes_read();
      return io_error_;
    }
    if (resync_ == Resync::kCompressed) {
      resync_ = Resync::kNone;
      CompressedResync(resync_from_);
    } else if (resync_ == Resync::kStream) {
      resync_ = Resync::kNone;
      if (!StreamResync()) continue;  // a decoding error or the end, handled below
    }
    // The rest of a too-large record is read and dropped, never buffered.
    while (skip_remaining_ > 0) {
      if (Available() == 0 && !Fill(1)) break;
      const size_t take = static_cast<size_t>(std::min<uint64_t>(skip_remaining_, Available()));
      Consume(take);
      skip_remaining_ -= take;
    }
    if (skip_remaining_ > 0) {
      // The record already has its too_large error: go on without another.
      skip_remaining_ = 0;
      if (!decode_error_.ok() && decode_error_.code() == ErrorCode::kBadGzip) {
        decode_error_ = Status::Ok();
        CompressedResync(decode_error_member_ + 1);
        continue;
      }
      done_ = true;
      continue;
    }

    // Blank lines between records (the record trailer, padding) are skipped.
    for (;;) {
      if (Available() == 0 && !Fill(1)) break;
      const char c = *Cursor();
      if (c != '\r' && c != '\n') break;
      Consume(1);
    }
    if (Available() == 0) {
      if (decode_error_.ok()) {
        done_ = true;
        continue;
      }
      if (validating_ && decode_error_.code() == ErrorCode::kBadGzip) {
        decode_error_ = Status::Ok();
        CompressedResync(decode_error_member_ + 1);
        continue;
      }
      // Nothing of a record was read: the error is the member's.
      return TakeDecodeError(decode_error_member_);
    }

    const uint64_t offset = RecordOffset(CursorPos());
    const bool starts_member = AtMemberStart();
    // While validating a resync candidate, anything wrong means a false
    // candidate: look for the next one without reporting.
    const auto next_candidate = [&] {
      decode_error_ = Status::Ok();
      CompressedResync(offset + 1);
    };

    // The header block: lines up to the first empty one.
    size_t header_end = 0;
    size_t scan = 0;
    for (;;) {
      const char* p = Cursor();
      const size_t avail = Available();
      while (scan < avail) {
        const void* nl = std::memchr(p + scan, '\n', avail - scan);
        if (nl == nullptr) {
          scan = avail;
          break;
        }
        const size_t i = static_cast<size_t>(static_cast<const char*>(nl) - p);
        if (i + 1 >= avail || (p[i + 1] == '\r' && i + 2 >= avail)) {
          scan = i;  // the bytes after this line end decide
          break;
        }
        if (p[i + 1] == '\n') {
          header_end = i + 2;
        } else if (p[i + 1] == '\r' && p[i + 2] == '\n') {
          header_end = i + 3;
        }
        if (header_end != 0) break;
        scan = i + 1;
      }
      if (header_end != 0 || avail > kMaxHeaderBytes || !Fill(avail + 1)) break;
    }
    if (header_end == 0) {
      if (!decode_error_.ok()) {
        if (validating_ && decode_error_.code() == ErrorCode::kBadGzip) {
          next_candidate();
          continue;
        }
        return TakeDecodeError(offset);
      }
      if (validating_) {
        next_candidate();
        continue;
      }
      if (Available() > kMaxHeaderBytes) {
        return RecordError(offset, ErrorCode::kBadRecord, "WARC header block too long",
                           Resync::kStream);
      }
      done_ = true;
      Consume(Available());
      return RecordError(offset, ErrorCode::kBadRecord, "truncated WARC header at end of file",
                         Resync::kNone);
    }

    std::string_view rest(Cursor(), header_end);
    std::string_view line;
    (void)NextLine(rest, &line);
    if (!StartsWith(line, "WARC/")) {
      if (validating_) {
        next_candidate();
        continue;
      }
      return RecordError(offset, ErrorCode::kBadRecord, "expected a WARC/1.x version line",
                         Resync::kStream);
    }
    WarcRecord record;
    record.offset = offset;
    const std::optional<uint64_t> content_length = ParseWarcHeaders(rest, &record);
    if (!content_length) {
      if (validating_) {
        next_candidate();
        continue;
      }
      return RecordError(offset, ErrorCode::kBadRecord,
                         "WARC record without a valid Content-Length", Resync::kStream);
    }
    validating_ = false;
    Consume(header_end);

    const uint64_t length = *content_length;
    if (length > options_.max_record_bytes) {
      skip_remaining_ = length;
      return RecordError(offset, ErrorCode::kTooLarge,
                         "record of " + std::to_string(length) + " bytes over the limit of " +
                             std::to_string(options_.max_record_bytes),
                         Resync::kNone);
    }
    const size_t n = static_cast<size_t>(length);
    if (!Fill(n)) {
      if (!decode_error_.ok()) return TakeDecodeError(offset);
      const size_t got = Available();
      Consume(got);
      done_ = true;
      return RecordError(offset, ErrorCode::kBadRecord,
                         "truncated record: " + std::to_string(got) + " of " +
                             std::to_string(length) + " content bytes at end of file",
                         Resync::kNone);
    }
    const std::string_view block(Cursor(), n);
    Status http = Status::Ok();
    if (HasHttpResponse(record) && StartsWith(block, "HTTP/")) {
      http = ParseHttpResponse(block, options_.max_record_bytes, &record);
    } else {
      record.body.assign(block);
    }
    Consume(n);
    // The two CRLFs that end a record (tolerating bare LFs or none).
    // What is not buffered yet is skipped as blank lines before the next one.
    for (int i = 0; i < 4 && Available() > 0; ++i) {
      const char c = *Cursor();
      if (c != '\r' && c != '\n') break;
      Consume(1);
    }
    // A record alone in its gzip member is good only if the member's CRC is.
    if (starts_member && !FinishMember()) return TakeDecodeError(offset);
    if (!http.ok()) return RecordError(offset, http.code(), http.message(), Resync::kNone);
    return std::optional<WarcRecord>(std::move(record));
  }
}

std::string MimeType(std::string_view content_type) {
  return ToLower(Trim(content_type.substr(0, content_type.find(';'))));
}

std::string CharsetParam(std::string_view content_type) {
  const std::string lower = ToLower(content_type);
  size_t at = 0;
  while ((at = lower.find("charset", at)) != std::string::npos) {
    size_t i = at + 7;
    at = i;
    while (i < lower.size() && (lower[i] == ' ' || lower[i] == '\t')) ++i;
    if (i >= lower.size() || lower[i] != '=') continue;
    ++i;
    while (i < lower.size() && (lower[i] == ' ' || lower[i] == '\t')) ++i;
    std::string_view value = std::string_view(content_type).substr(i);
    if (!value.empty() && (value.front() == '"' || value.front() == '\'')) {
      const char quote = value.front();
      value.remove_prefix(1);
      value = value.substr(0, value.find(quote));
    } else {
      value = value.substr(0, value.find_first_of("; \t"));
    }
    return std::string(Trim(value));
  }
  return "";
}

// A body without a Content-Type is taken as HTML when its first tag is one
// that starts HTML documents.
bool SniffHtml(std::string_view body) {
  if (StartsWith(body, "\xEF\xBB\xBF")) body.remove_prefix(3);
  const size_t first = body.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos || body[first] != '<') return false;
  const std::string head = ToLower(body.substr(first, 512));
  for (std::string_view tag : {"<!doctype html", "<html", "<head", "<body", "<!--", "<title",
                               "<meta", "<div", "<p>", "<p ", "<script", "<article"}) {
    if (StartsWith(head, tag)) return true;
  }
  return head.find("<html") != std::string::npos;
}

}  // namespace

Result<std::unique_ptr<WarcReader>> WarcReader::Open(const std::string& path,
                                                     const WarcOptions& options) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int err = errno;
    const ErrorCode code = err == ENOENT ? ErrorCode::kNotFound : ErrorCode::kNotReadable;
    return Status(code, std::string(std::strerror(err)) + ": " + path);
  }
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    return Status(ErrorCode::kNotReadable, "a directory: " + path);
  }
  auto reader = std::make_unique<WarcReaderImpl>(std::make_unique<FileSource>(fd), options);
  if (Status s = reader->Init(); !s.ok()) return Status(s.code(), s.message() + ": " + path);
  return std::unique_ptr<WarcReader>(std::move(reader));
}

Result<std::unique_ptr<WarcReader>> WarcReader::OpenBuffer(std::string data,
                                                           const WarcOptions& options) {
  auto reader =
      std::make_unique<WarcReaderImpl>(std::make_unique<MemorySource>(std::move(data)), options);
  if (Status s = reader->Init(); !s.ok()) return s;
  return std::unique_ptr<WarcReader>(std::move(reader));
}

bool LooksLikeWarc(std::string_view head) {
  while (!head.empty() && (head.front() == '\r' || head.front() == '\n')) head.remove_prefix(1);
  return head.size() >= 6 && StartsWith(head, "WARC/") && head[5] >= '0' && head[5] <= '9';
}

Result<RawPage> PageFromRecord(const WarcRecord& record, std::string_view path) {
  return PageFromRecord(WarcRecord(record), path);
}

Result<RawPage> PageFromRecord(WarcRecord&& record, std::string_view path) {
  if (record.type != "response" && record.type != "resource") {
    return Status(
        ErrorCode::kNotHtml,
        (record.type.empty() ? std::string("untyped") : record.type) + " record is not a page");
  }
  // Crawler bookkeeping (wget's arguments and manifest, DNS lookups).
  const std::string uri = ToLower(record.target_uri);
  if (StartsWith(uri, "metadata:") || StartsWith(uri, "dns:")) {
    return Status(ErrorCode::kNotHtml, "crawler metadata, not a page: " + record.target_uri);
  }
  std::string_view content_type = record.content_type;
  if (record.type == "response") {
    if (record.http_status == 0) {
      return Status(
          ErrorCode::kNotHtml,
          "response record without an HTTP response (" +
              (record.content_type.empty() ? std::string("no type") : record.content_type) + ")");
    }
    const int status = record.http_status;
    if (status >= 300 && status < 400) {
      return Status(ErrorCode::kHttpError, "HTTP " + std::to_string(status) + " redirect");
    }
    if (status >= 400 || status < 200) {
      return Status(ErrorCode::kHttpError, "HTTP " + std::to_string(status));
    }
    content_type = record.http_content_type;
  }
  if (!record.http_content_encoding.empty()) {
    const std::string& coding = record.http_content_encoding;
    if (coding == "gzip" || coding == "x-gzip" || coding == "deflate") {
      return Status(ErrorCode::kBadGzip,
                    "body does not inflate (Content-Encoding: " + coding + ")");
    }
    return Status(ErrorCode::kNotHtml, "unsupported Content-Encoding: " + coding);
  }
  const std::string mime = MimeType(content_type);
  RawPage page;
  if (mime.empty()) {
    if (!SniffHtml(record.body)) {
      return Status(ErrorCode::kNotHtml, "no Content-Type and the body does not look like HTML");
    }
    page.media_type = "text/html";
  } else if (mime == "text/html" || mime == "application/xhtml+xml") {
    page.media_type = "text/html";
  } else if (mime == "text/plain" || mime == "text/markdown") {
    page.media_type = mime;
  } else {
    return Status(ErrorCode::kNotHtml, "not HTML: " + mime);
  }
  if (record.body.empty()) return Status(ErrorCode::kEmpty, "empty body");
  page.source = std::string(path) + "#" + std::to_string(record.offset);
  page.uri = record.target_uri;
  page.fetched_at = record.date;
  page.charset = CharsetParam(content_type);
  page.bytes = std::move(record.body);
  return page;
}

}  // namespace newstrace::ingest
