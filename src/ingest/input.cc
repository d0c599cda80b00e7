#include "ingest/input.h"

#include <fcntl.h>
#include <libdeflate.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <memory>
#include <string_view>
#include <system_error>

namespace newstrace::ingest {
namespace {

namespace fs = std::filesystem;

// Deflate cannot expand by more than about 1032:1, so an ISIZE trailer above
// that is a lie and must not size the first output buffer.
constexpr size_t kMaxDeflateRatio = 1032;
constexpr size_t kMinOutputBuffer = 64u << 10;
// Only the first bytes are sniffed for NULs, as browsers and `file` do.
constexpr size_t kSniffBytes = 8u << 10;
// A page gzipped twice (a .gz of a Content-Encoding: gzip body) is inflated
// twice; deeper nesting is treated as binary.
constexpr int kMaxGzipLayers = 2;

std::string ToLowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

// The name without a trailing ".gz", lower-cased, for extension checks.
std::string NameWithoutGz(std::string_view path) {
  std::string lower = ToLowerAscii(path);
  if (EndsWith(lower, ".gz")) lower.resize(lower.size() - 3);
  return lower;
}

std::string MediaTypeFromName(std::string_view path) {
  const std::string name = NameWithoutGz(path);
  if (EndsWith(name, ".md") || EndsWith(name, ".markdown")) return "text/markdown";
  if (EndsWith(name, ".txt")) return "text/plain";
  if (EndsWith(name, ".html") || EndsWith(name, ".htm") || EndsWith(name, ".xhtml")) {
    return "text/html";
  }
  return "";
}

}  // namespace

bool IsPageName(std::string_view path) { return !MediaTypeFromName(path).empty(); }

namespace {

bool IsGzip(std::string_view bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

bool HasUtf16Bom(std::string_view bytes) {
  return StartsWith(bytes, "\xFF\xFE") || StartsWith(bytes, "\xFE\xFF");
}

// Names the binary format `bytes` starts with, or returns empty. Only
// signatures that cannot begin a text page are listed (no "BM", no "MZ").
std::string_view BinarySignature(std::string_view bytes) {
  struct Signature {
    size_t offset;
    std::string_view magic;
    std::string_view name;
  };
  static constexpr std::array<Signature, 22> kSignatures = {{
      {0, std::string_view("\x89PNG\r\n\x1A\n", 8), "PNG image"},
      {0, std::string_view("\xFF\xD8\xFF", 3), "JPEG image"},
      {0, "GIF87a", "GIF image"},
      {0, "GIF89a", "GIF image"},
      {0, "%PDF-", "PDF document"},
      {0, std::string_view("PK\x03\x04", 4), "ZIP archive"},
      {0, std::string_view("PK\x05\x06", 4), "ZIP archive"},
      {0, std::string_view("PK\x07\x08", 4), "ZIP archive"},
      {0,
       "\x7F"
       "ELF",
       "ELF executable"},
      {0, std::string_view("\x28\xB5\x2F\xFD", 4), "zstd data"},
      {0,
       std::string_view("\xFD"
                        "7zXZ\x00",
                        6),
       "xz data"},
      {0, std::string_view("7z\xBC\xAF\x27\x1C", 6), "7-Zip archive"},
      {0, "BZh", "bzip2 data"},
      {0, std::string_view("II*\x00", 4), "TIFF image"},
      {0, std::string_view("MM\x00*", 4), "TIFF image"},
      {0, "OggS", "Ogg media"},
      {0, "wOFF", "WOFF font"},
      {0, "wOF2", "WOFF2 font"},
      {0, std::string_view("\xCA\xFE\xBA\xBE", 4), "Java class or Mach-O binary"},
      {0, std::string_view("SQLite format 3\x00", 16), "SQLite database"},
      {0,
       std::string_view("\x00"
                        "asm",
                        4),
       "WebAssembly module"},
      {4, "ftyp", "MP4/QuickTime media"},
  }};
  for (const Signature& sig : kSignatures) {
    if (bytes.size() >= sig.offset + sig.magic.size() &&
        bytes.substr(sig.offset, sig.magic.size()) == sig.magic) {
      // "BZh" also starts English words; require the block-size digit and the
      // block magic that follow in real bzip2 data.
      if (sig.magic == "BZh" && (bytes.size() < 10 || bytes[3] < '1' || bytes[3] > '9' ||
                                 bytes.substr(4, 6) != "1AY&SY")) {
        continue;
      }
      return sig.name;
    }
  }
  if (StartsWith(bytes, "RIFF") && bytes.size() >= 12) {
    const std::string_view kind = bytes.substr(8, 4);
    if (kind == "WEBP") return "WebP image";
    if (kind == "WAVE") return "WAV audio";
    if (kind == "AVI ") return "AVI video";
    return "RIFF media";
  }
  return "";
}

// kBinary when `bytes` is not text: a known binary signature, or NUL bytes in
// the first 8 KB of content that does not declare UTF-16 with a BOM.
Status CheckNotBinary(std::string_view bytes, const std::string& path) {
  const std::string_view signature = BinarySignature(bytes);
  if (!signature.empty()) {
    return Status(ErrorCode::kBinary, std::string(signature) + ": " + path);
  }
  if (HasUtf16Bom(bytes)) return Status::Ok();
  const std::string_view head = bytes.substr(0, kSniffBytes);
  if (std::memchr(head.data(), '\0', head.size()) != nullptr) {
    return Status(ErrorCode::kBinary, "NUL bytes in content: " + path);
  }
  return Status::Ok();
}

std::string ErrnoMessage(int err) {
  return std::error_code(err, std::generic_category()).message();
}

Status ReadErrorStatus(int err, const std::string& path) {
  if (err == ENOENT || err == ENOTDIR) {
    return Status(ErrorCode::kNotFound, "no such file: " + path);
  }
  if (err == EACCES || err == EPERM) {
    return Status(ErrorCode::kNotReadable, "permission denied: " + path);
  }
  if (err == EISDIR) return Status(ErrorCode::kNotReadable, "is a directory: " + path);
  return Status(ErrorCode::kNotReadable, ErrnoMessage(err) + ": " + path);
}

Status TooLargeStatus(size_t max_bytes, const std::string& path) {
  return Status(ErrorCode::kTooLarge,
                "over the limit of " + std::to_string(max_bytes) + " bytes: " + path);
}

// Reads all of `fd` into `out`, failing with too_large as soon as more than
// max_bytes arrive (so a pipe or device cannot exhaust memory).
Status ReadAll(int fd, size_t max_bytes, size_t size_hint, const std::string& path,
               std::string* out) {
  out->clear();
  // One byte more tells "exactly max_bytes" from "over".
  const size_t limit = max_bytes == SIZE_MAX ? max_bytes : max_bytes + 1;
  out->resize(std::min(limit, std::max<size_t>(size_hint + 1, 4096)));
  size_t used = 0;
  for (;;) {
    if (used == out->size()) {
      if (out->size() >= limit) break;
      out->resize(std::min(limit, out->size() * 2));
    }
    const ssize_t n = ::read(fd, out->data() + used, out->size() - used);
    if (n < 0) {
      if (errno == EINTR) continue;
      return ReadErrorStatus(errno, path);
    }
    if (n == 0) break;
    used += static_cast<size_t>(n);
  }
  out->resize(used);
  if (used > max_bytes) return TooLargeStatus(max_bytes, path);
  return Status::Ok();
}

class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

Status ReadFileBytes(const std::string& path, size_t max_bytes, std::string* out) {
  if (path == "-") return ReadAll(STDIN_FILENO, max_bytes, 0, "-", out);

  // Size check before opening: a 5 GB file fails here without being read.
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return ReadErrorStatus(errno, path);
  if (S_ISDIR(st.st_mode)) return Status(ErrorCode::kNotReadable, "is a directory: " + path);
  const bool regular = S_ISREG(st.st_mode);
  if (regular && static_cast<uint64_t>(st.st_size) > max_bytes) {
    return TooLargeStatus(max_bytes, path);
  }

  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return ReadErrorStatus(errno, path);
  // Pipes and devices (e.g. <(cmd)) have no size; the limit is enforced while reading.
  return ReadAll(fd.get(), max_bytes, regular ? static_cast<size_t>(st.st_size) : 0, path, out);
}

struct DecompressorDeleter {
  void operator()(libdeflate_decompressor* d) const { libdeflate_free_decompressor(d); }
};

uint32_t ReadLittleEndian32(std::string_view bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  return static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 |
         static_cast<uint32_t>(p[2]) << 16 | static_cast<uint32_t>(p[3]) << 24;
}

// The first output buffer size: the last member's ISIZE when it is plausible
// (it is only a hint: mod 2^32, covers one member, may lie), else a multiple of
// the input, never more than max_bytes.
size_t InitialOutputSize(std::string_view compressed, size_t max_bytes) {
  size_t guess = std::max(kMinOutputBuffer, compressed.size() * 4);
  if (compressed.size() >= 18) {
    const size_t isize = ReadLittleEndian32(compressed.substr(compressed.size() - 4));
    if (isize / kMaxDeflateRatio <= compressed.size()) guess = std::max(guess, isize);
  }
  return std::min(guess, max_bytes);
}

bool AllZero(std::string_view bytes) {
  return std::all_of(bytes.begin(), bytes.end(), [](char c) { return c == '\0'; });
}

}  // namespace

std::vector<std::string> ExpandInputPaths(const std::vector<std::string>& paths) {
  return ExpandInputPaths(paths, IsPageName);
}

std::vector<std::string> ExpandInputPaths(const std::vector<std::string>& paths,
                                          const std::function<bool(std::string_view)>& accept) {
  std::vector<std::string> inputs;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (path == "-" || !fs::is_directory(path, ec)) {
      inputs.push_back(path);
      continue;
    }
    // A directory we cannot list is kept, so that reading it reports the error.
    fs::directory_iterator probe(path, ec);
    if (ec) {
      inputs.push_back(path);
      continue;
    }
    // Directory symlinks below the top are not followed (the default), which
    // also rules out symlink loops; file symlinks are read like files.
    std::vector<std::string> found;
    fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      std::error_code entry_ec;
      if (!it->is_regular_file(entry_ec)) continue;
      const std::string name = it->path().string();
      if (accept(it->path().filename().string())) found.push_back(name);
    }
    std::sort(found.begin(), found.end());
    inputs.insert(inputs.end(), std::make_move_iterator(found.begin()),
                  std::make_move_iterator(found.end()));
  }
  return inputs;
}

Result<std::string> Gunzip(std::string_view compressed, size_t max_bytes) {
  if (!IsGzip(compressed)) return Status(ErrorCode::kBadGzip, "not gzip data");
  std::unique_ptr<libdeflate_decompressor, DecompressorDeleter> decompressor(
      libdeflate_alloc_decompressor());
  if (decompressor == nullptr) return Status(ErrorCode::kInternal, "out of memory for inflate");

  std::string out(InitialOutputSize(compressed, max_bytes), '\0');
  size_t out_used = 0;
  size_t in_pos = 0;
  while (in_pos < compressed.size()) {
    const std::string_view rest = compressed.substr(in_pos);
    // Padding after the last member (tar blocks, preallocated files) is
    // ignored like gzip(1) does; anything else is corrupt.
    if (in_pos > 0 && !IsGzip(rest)) {
      if (AllZero(rest)) break;
      return Status(ErrorCode::kBadGzip,
                    "trailing garbage after gzip member at byte " + std::to_string(in_pos));
    }
    size_t in_used = 0;
    size_t member_out = 0;
    // libdeflate inflates a whole member into a fixed buffer: on
    // insufficient space, grow (up to max_bytes) and inflate the member again.
    for (;;) {
      const libdeflate_result result = libdeflate_gzip_decompress_ex(
          decompressor.get(), rest.data(), rest.size(), out.data() + out_used,
          out.size() - out_used, &in_used, &member_out);
      if (result == LIBDEFLATE_SUCCESS) break;
      if (result != LIBDEFLATE_INSUFFICIENT_SPACE) {
        return Status(ErrorCode::kBadGzip,
                      "corrupt or truncated gzip member at byte " + std::to_string(in_pos));
      }
      if (out.size() >= max_bytes) {
        return Status(ErrorCode::kTooLarge,
                      "gzip data inflates to over " + std::to_string(max_bytes) + " bytes");
      }
      out.resize(std::min(max_bytes, std::max(out.size() * 2, kMinOutputBuffer)));
    }
    if (in_used == 0) return Status(ErrorCode::kBadGzip, "empty gzip member");
    in_pos += in_used;
    out_used += member_out;
  }
  out.resize(out_used);
  return out;
}

Result<RawPage> ReadInput(const std::string& path, const InputOptions& options) {
  RawPage page;
  page.source = path;
  if (path != "-") page.media_type = MediaTypeFromName(path);

  Status status = ReadFileBytes(path, options.max_bytes, &page.bytes);
  if (!status.ok()) return status;

  for (int layer = 0; layer < kMaxGzipLayers && IsGzip(page.bytes); ++layer) {
    Result<std::string> inflated = Gunzip(page.bytes, options.max_bytes);
    if (!inflated.ok()) {
      return Status(inflated.status().code(), inflated.status().message() + ": " + path);
    }
    page.bytes = std::move(inflated).value();
  }
  if (IsGzip(page.bytes)) return Status(ErrorCode::kBinary, "gzip nested too deep: " + path);

  status = CheckNotBinary(page.bytes, path);
  if (!status.ok()) return status;
  return page;
}

}  // namespace newstrace::ingest
