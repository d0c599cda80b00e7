// Reading input files for `extract` (and `ingest`): paths, directories, stdin,
// transparent gzip. Framing only: no HTML knowledge, no storage.
#pragma once

#include <cstddef>
#include <functional>
#include <string_view>
#include <string>
#include <vector>

#include "core/article.h"
#include "core/status.h"

namespace newstrace::ingest {

struct InputOptions {
  size_t max_bytes = 50u << 20;  // per page, after decompression
};

// Expands command-line PATHs into the list of inputs to read, in order:
// a file is taken as given (whatever its name), a directory is walked
// recursively and contributes its files named *.html, *.htm, *.xhtml, *.md,
// *.markdown, *.txt (each optionally + ".gz") in sorted path order, "-" stays
// "-" (stdin). A path that does not exist is kept, so that reading it reports
// not_found in order.
std::vector<std::string> ExpandInputPaths(const std::vector<std::string>& paths);
// The same, with the files a directory contributes chosen by `accept` (given
// the file name).
std::vector<std::string> ExpandInputPaths(const std::vector<std::string>& paths,
                                          const std::function<bool(std::string_view)>& accept);
// True for the page file names a directory walk takes (*.html, *.md, ...).
bool IsPageName(std::string_view name);

// Reads one input into a RawPage (source = path as given). Gzip content
// (by magic bytes, whatever the name) is inflated. media_type is set from the
// name (.md/.markdown -> "text/markdown", .txt -> "text/plain",
// .html/.htm/.xhtml -> "text/html", ignoring a trailing .gz) and otherwise
// left empty for extract/ to sniff.
// Errors: not_found, not_readable (permissions, a directory, I/O), too_large
// (over max_bytes before or after inflating), bad_gzip, binary (NUL bytes in
// the first 8 KB, unless a UTF-16 BOM starts the content, or a known binary
// signature: PNG, JPEG, GIF, PDF, ZIP, ...; images and PDFs are binary too,
// and the message names the type: "binary: PNG image: x.png"). A gzip member
// holding gzip is inflated again (once).
Result<RawPage> ReadInput(const std::string& path, const InputOptions& options = {});

// Inflates a gzip buffer (one or several members; zero padding after the last
// is ignored), refusing output beyond max_bytes (too_large) and corrupt,
// truncated or non-gzip data (bad_gzip).
Result<std::string> Gunzip(std::string_view compressed, size_t max_bytes);

}  // namespace newstrace::ingest
