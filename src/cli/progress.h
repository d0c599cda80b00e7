// Progress on stderr for long runs: a bar redrawn in place on a terminal
// (records, MB, rate, ETA), plain periodic lines otherwise, or nothing.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace newstrace::cli {

enum class ProgressMode { kNone, kBar, kPlain };

// "auto" -> kBar when stderr is a terminal, else kPlain.
ProgressMode ProgressModeFromFlag(const std::string& flag);

class Progress {
 public:
  Progress(ProgressMode mode, std::string label);
  // Cheap to call per record: redraws at most 5 times a second (bar) or every
  // 10 seconds (plain). `bytes_total` 0 means unknown (no ETA).
  void Update(int64_t records, uint64_t bytes_done, uint64_t bytes_total);
  // Final line (clears the bar).
  void Finish(int64_t records, uint64_t bytes_done, uint64_t bytes_total);

 private:
  void Draw(int64_t records, uint64_t bytes_done, uint64_t bytes_total, bool final);

  ProgressMode mode_;
  std::string label_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
  bool drawn_ = false;
};

}  // namespace newstrace::cli
