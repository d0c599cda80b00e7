// RecordSource: every input of an ingest run as a stream of records, whatever
// the container: page files and directories (as `extract` reads them), WARC
// files (one record per response/resource record), JSON lines (one article
// per line), stdin. Nothing is skipped silently: every record comes out as a
// page, an already-extracted article, a skip (WARC request/metadata/revisit
// records, with the reason), or an error.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/article.h"
#include "core/status.h"

namespace newstrace::ingest {

struct Skip {
  std::string reason;  // "warc request record", ...
};

struct InputRecord {
  // Stable across runs: "<path>" for a page file, "<path>#<offset>" for a WARC
  // record (offset of its record / gzip member), "<path>#L<line>" for JSON lines.
  std::string key;
  std::variant<RawPage, Article, Skip, Status> payload;
};

struct RecordSourceOptions {
  size_t max_bytes = 50u << 20;            // per page or record
  uint64_t max_spool_bytes = 64ull << 30;  // stdin ("-") is copied to a temporary file first
};

class RecordSource {
 public:
  // `paths` as given on the command line; directories are walked (sorted) for
  // page files, WARC files (*.warc, *.warc.gz) and JSON lines (*.jsonl,
  // *.jsonl.gz, *.ndjson); "-" reads stdin, whatever it holds (a page, a WARC
  // or JSON lines, plain or gzip), with record keys "-@<hash>", "-@<hash>#<offset>",
  // "-@<hash>#L<n>" where <hash> is the XXH3-64 of the stream: piping the same data again is
  // idempotent, other data never collides.
  RecordSource(std::vector<std::string> paths, RecordSourceOptions options = {});
  ~RecordSource();
  RecordSource(const RecordSource&) = delete;
  RecordSource& operator=(const RecordSource&) = delete;

  // The next record, or nullopt when every input is exhausted. Not thread-safe.
  std::optional<InputRecord> Next();

  // Progress: input bytes consumed so far and the total size of the inputs
  // (0 when unknown, e.g. stdin).
  uint64_t bytes_done() const;
  uint64_t bytes_total() const { return bytes_total_; }

 private:
  struct State;
  std::unique_ptr<State> state_;
  uint64_t bytes_total_ = 0;
};

}  // namespace newstrace::ingest
