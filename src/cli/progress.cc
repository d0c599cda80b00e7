#include "cli/progress.h"

#include <unistd.h>

#include <cstdio>

namespace newstrace::cli {

ProgressMode ProgressModeFromFlag(const std::string& flag) {
  if (flag == "none") return ProgressMode::kNone;
  if (flag == "bar") return ProgressMode::kBar;
  if (flag == "plain") return ProgressMode::kPlain;
  return isatty(STDERR_FILENO) ? ProgressMode::kBar : ProgressMode::kPlain;
}

Progress::Progress(ProgressMode mode, std::string label)
    : mode_(mode),
      label_(std::move(label)),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

void Progress::Update(int64_t records, uint64_t bytes_done, uint64_t bytes_total) {
  if (mode_ == ProgressMode::kNone) return;
  auto now = std::chrono::steady_clock::now();
  auto interval = mode_ == ProgressMode::kBar ? std::chrono::milliseconds(200)
                                              : std::chrono::milliseconds(10000);
  if (now - last_draw_ < interval) return;
  last_draw_ = now;
  Draw(records, bytes_done, bytes_total, false);
}

void Progress::Finish(int64_t records, uint64_t bytes_done, uint64_t bytes_total) {
  if (mode_ == ProgressMode::kBar && drawn_) {
    Draw(records, bytes_done, bytes_total, true);
    std::fputc('\n', stderr);
  }
}

void Progress::Draw(int64_t records, uint64_t bytes_done, uint64_t bytes_total, bool final) {
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  double rate = seconds > 0 ? records / seconds : 0;
  double mb = bytes_done / 1e6;
  char eta[32] = "";
  double fraction = bytes_total > 0 ? static_cast<double>(bytes_done) / bytes_total : 0;
  if (!final && fraction > 0.001 && fraction < 1) {
    auto left = static_cast<long>(seconds / fraction - seconds);
    std::snprintf(eta, sizeof eta, " ETA %ld:%02ld", left / 60, left % 60);
  }
  if (mode_ == ProgressMode::kBar) {
    constexpr int kWidth = 24;
    int filled = static_cast<int>(fraction * kWidth);
    std::string bar(static_cast<size_t>(filled), '#');
    bar.resize(kWidth, ' ');
    std::fprintf(stderr, "\r%s [%s] %3.0f%% %lld records %.1f MB %.0f records/s%s   ",
                 label_.c_str(), bar.c_str(), fraction * 100, static_cast<long long>(records), mb,
                 rate, eta);
  } else {
    std::fprintf(stderr, "%s: %lld records, %.1f MB, %.0f records/s%s\n", label_.c_str(),
                 static_cast<long long>(records), mb, rate, eta);
  }
  std::fflush(stderr);
  drawn_ = true;
}

}  // namespace newstrace::cli
