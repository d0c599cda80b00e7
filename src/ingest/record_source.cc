#include "ingest/record_source.h"

#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string_view>

#include "ingest/input.h"
#include "ingest/jsonl.h"
#include "ingest/warc.h"

namespace newstrace::ingest {
namespace {

enum class InputKind { kPage, kWarc, kJsonLines };

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string_view WithoutGz(std::string_view name) {
  return name.ends_with(".gz") ? name.substr(0, name.size() - 3) : name;
}

bool IsWarcName(std::string_view name) {
  std::string lower = Lower(WithoutGz(name));
  return lower.ends_with(".warc");
}

bool IsJsonLinesName(std::string_view name) {
  std::string lower = Lower(WithoutGz(name));
  return lower.ends_with(".jsonl") || lower.ends_with(".ndjson");
}

bool IsIngestName(std::string_view name) {
  return IsPageName(name) || IsWarcName(name) || IsJsonLinesName(name);
}

// The first bytes of a file, inflated when it is gzip (gzread does both).
std::string Head(const std::string& path, size_t bytes) {
  gzFile file = gzopen(path.c_str(), "rb");
  if (file == nullptr) return {};
  std::string head(bytes, '\0');
  int n = gzread(file, head.data(), static_cast<unsigned>(bytes));
  gzclose(file);
  head.resize(n > 0 ? static_cast<size_t>(n) : 0);
  return head;
}

InputKind KindOf(const std::string& path) {
  if (IsWarcName(path)) return InputKind::kWarc;
  if (IsJsonLinesName(path)) return InputKind::kJsonLines;
  if (IsPageName(path)) return InputKind::kPage;
  std::string head = Head(path, 4096);
  if (LooksLikeWarc(head)) return InputKind::kWarc;
  if (LooksLikeJsonLines(head)) return InputKind::kJsonLines;
  return InputKind::kPage;
}

// Copies stdin to a temporary file (a pipe cannot be sniffed and re-read);
// `digest` receives the hex XXH3-64 of the content, which names the stream
// in record keys so that different streams never share keys.
Result<std::string> SpoolStdin(uint64_t max_bytes, std::string* digest) {
  std::unique_ptr<XXH3_state_t, decltype(&XXH3_freeState)> hash(XXH3_createState(),
                                                                &XXH3_freeState);
  XXH3_64bits_reset(hash.get());
  const char* tmpdir = std::getenv("TMPDIR");
  std::string path = std::string(tmpdir && *tmpdir ? tmpdir : "/tmp") + "/newstrace-stdin-XXXXXX";
  int fd = mkstemp(path.data());
  if (fd < 0) return Status(ErrorCode::kIoError, "cannot create a file to hold stdin in " + path);
  char buffer[1 << 16];
  uint64_t total = 0;
  for (;;) {
    ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      std::remove(path.c_str());
      return Status(ErrorCode::kNotReadable, "cannot read stdin");
    }
    total += static_cast<uint64_t>(n);
    XXH3_64bits_update(hash.get(), buffer, static_cast<size_t>(n));
    if (total > max_bytes || ::write(fd, buffer, static_cast<size_t>(n)) != n) {
      ::close(fd);
      std::remove(path.c_str());
      return Status(total > max_bytes ? ErrorCode::kTooLarge : ErrorCode::kIoError,
                    "stdin is over " + std::to_string(max_bytes) + " bytes or the disk is full");
    }
  }
  ::close(fd);
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx",
                static_cast<unsigned long long>(XXH3_64bits_digest(hash.get())));
  *digest = hex;
  return path;
}

uint64_t FileSize(const std::string& path) {
  struct stat st {};
  if (path == "-" || ::stat(path.c_str(), &st) != 0) return 0;
  return static_cast<uint64_t>(st.st_size);
}

// Reads lines from a plain or gzip file, bounded per line.
class LineReader {
 public:
  static std::unique_ptr<LineReader> Open(const std::string& path) {
    gzFile file = gzopen(path.c_str(), "rb");
    if (file == nullptr) return nullptr;
    gzbuffer(file, 1 << 20);
    return std::unique_ptr<LineReader>(new LineReader(file));
  }
  ~LineReader() { gzclose(file_); }

  // The next line without its newline; nullopt at the end. A line longer than
  // max_bytes is returned truncated with `too_long` set.
  std::optional<std::string> Next(size_t max_bytes, bool* too_long) {
    *too_long = false;
    std::string line;
    for (;;) {
      if (pos_ == size_) {
        if (eof_) break;
        int n = gzread(file_, buffer_, sizeof buffer_);
        if (n <= 0) {
          eof_ = true;
          break;
        }
        size_ = static_cast<size_t>(n);
        pos_ = 0;
      }
      const char* start = buffer_ + pos_;
      const void* nl = std::memchr(start, '\n', size_ - pos_);
      size_t take = nl ? static_cast<size_t>(static_cast<const char*>(nl) - start) : size_ - pos_;
      if (line.size() < max_bytes) line.append(start, std::min(take, max_bytes - line.size()));
      if (line.size() + (nl ? 0 : take) > max_bytes) *too_long = true;
      pos_ += take;
      if (nl) {
        ++pos_;
        ++line_number_;
        return line;
      }
    }
    if (line.empty()) return std::nullopt;
    ++line_number_;
    return line;
  }
  uint64_t line_number() const { return line_number_; }
  uint64_t bytes_read() const { return static_cast<uint64_t>(gzoffset(file_)); }

 private:
  explicit LineReader(gzFile file) : file_(file) {}
  gzFile file_;
  char buffer_[1 << 16];
  size_t pos_ = 0;
  size_t size_ = 0;
  bool eof_ = false;
  uint64_t line_number_ = 0;
};

}  // namespace

struct RecordSource::State {
  std::vector<std::string> inputs;
  RecordSourceOptions options;
  size_t next_input = 0;
  uint64_t bytes_before_current = 0;  // sizes of finished inputs
  std::string current_path;           // the file read (for stdin: its spool file)
  std::string current_name;           // the input as given, which record keys use ("-" for stdin)
  std::string spool;                  // stdin copied to a temporary file, so it can be sniffed

  ~State() {
    if (!spool.empty()) std::remove(spool.c_str());
  }
  uint64_t current_size = 0;
  std::unique_ptr<WarcReader> warc;
  std::unique_ptr<LineReader> lines;

  void FinishCurrent() {
    bytes_before_current += current_size;
    current_size = 0;
    warc.reset();
    lines.reset();
  }
};

RecordSource::RecordSource(std::vector<std::string> paths, RecordSourceOptions options)
    : state_(std::make_unique<State>()) {
  state_->inputs = ExpandInputPaths(paths, IsIngestName);
  state_->options = options;
  for (const std::string& path : state_->inputs) bytes_total_ += FileSize(path);
}

RecordSource::~RecordSource() = default;

uint64_t RecordSource::bytes_done() const {
  uint64_t current = 0;
  if (state_->warc) current = state_->warc->bytes_read();
  if (state_->lines) current = state_->lines->bytes_read();
  return state_->bytes_before_current + std::min(current, state_->current_size);
}

std::optional<InputRecord> RecordSource::Next() {
  State& s = *state_;
  for (;;) {
    if (s.warc) {
      Result<std::optional<WarcRecord>> next = s.warc->Next();
      if (!next.ok()) {
        return InputRecord{s.current_name + "#" + std::to_string(s.warc->error_offset()),
                           next.status()};
      }
      if (!next->has_value()) {
        s.FinishCurrent();
        continue;
      }
      WarcRecord& record = **next;
      std::string key = s.current_name + "#" + std::to_string(record.offset);
      if (record.type != "response" && record.type != "resource") {
        return InputRecord{std::move(key), Skip{"warc " + record.type + " record"}};
      }
      Result<RawPage> page = PageFromRecord(std::move(record), s.current_name);
      if (!page.ok()) return InputRecord{std::move(key), page.status()};
      return InputRecord{std::move(key), std::move(*page)};
    }
    if (s.lines) {
      bool too_long = false;
      std::optional<std::string> line = s.lines->Next(s.options.max_bytes, &too_long);
      if (!line) {
        s.FinishCurrent();
        continue;
      }
      std::string key = s.current_name + "#L" + std::to_string(s.lines->line_number());
      if (too_long) {
        return InputRecord{std::move(key),
                           Status(ErrorCode::kTooLarge, "JSON line over the size limit")};
      }
      if (line->find_first_not_of(" \t\r") == std::string::npos) continue;  // blank line
      Result<Article> article = ArticleFromJsonLine(*line, key);
      if (!article.ok()) return InputRecord{std::move(key), article.status()};
      return InputRecord{std::move(key), std::move(*article)};
    }
    if (s.next_input >= s.inputs.size()) return std::nullopt;
    s.current_name = s.inputs[s.next_input++];
    s.current_path = s.current_name;
    if (s.current_name == "-") {
      std::string digest;
      Result<std::string> spooled = SpoolStdin(s.options.max_spool_bytes, &digest);
      if (!spooled.ok()) return InputRecord{"-", spooled.status()};
      s.spool = s.current_path = *spooled;
      s.current_name = "-@" + digest;
    }
    s.current_size = FileSize(s.current_path);
    switch (KindOf(s.current_path)) {
      case InputKind::kWarc: {
        WarcOptions warc_options;
        warc_options.max_record_bytes = s.options.max_bytes;
        Result<std::unique_ptr<WarcReader>> reader = WarcReader::Open(s.current_path, warc_options);
        if (!reader.ok()) {
          std::string key = s.current_name;
          s.FinishCurrent();
          return InputRecord{std::move(key), reader.status()};
        }
        s.warc = std::move(*reader);
        continue;
      }
      case InputKind::kJsonLines: {
        s.lines = LineReader::Open(s.current_path);
        if (!s.lines) {
          std::string key = s.current_name;
          s.FinishCurrent();
          Result<RawPage> probe = ReadInput(s.current_path);  // gives the precise reason
          Status status =
              probe.ok() ? Status(ErrorCode::kNotReadable, "cannot open " + key) : probe.status();
          return InputRecord{std::move(key), std::move(status)};
        }
        continue;
      }
      case InputKind::kPage: {
        InputOptions input_options;
        input_options.max_bytes = s.options.max_bytes;
        Result<RawPage> page = ReadInput(s.current_path, input_options);
        std::string key = s.current_name;
        if (page.ok()) page->source = key;
        s.FinishCurrent();
        if (!page.ok()) return InputRecord{std::move(key), page.status()};
        return InputRecord{std::move(key), std::move(*page)};
      }
    }
  }
}

}  // namespace newstrace::ingest
