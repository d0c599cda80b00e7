// OrderedParallelMap: the one threading helper. Runs `produce(i)` for
// i in [0, count) on `threads` worker threads and hands each result to
// `consume(i, result)` on the calling thread in index order, with at most
// `window` results produced but not yet consumed (bounded memory). With
// threads <= 1 everything runs on the calling thread.
//
// Thread safety: `produce` is called concurrently and must only share
// immutable state; `consume` is called from the calling thread only.
#pragma once

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace newstrace {

template <typename T, typename Produce, typename Consume>
void OrderedParallelMap(size_t count, int threads, size_t window, Produce&& produce,
                        Consume&& consume) {
  if (threads <= 1 || count <= 1) {
    for (size_t i = 0; i < count; ++i) consume(i, produce(i));
    return;
  }
  window = std::max<size_t>(window, static_cast<size_t>(threads));
  std::mutex mu;  // guards slots, next_consume and stop
  std::condition_variable ready;     // a slot was filled
  std::condition_variable has_room;  // a slot was consumed
  std::vector<std::optional<T>> slots(window);
  size_t next_consume = 0;
  bool stop = false;
  std::atomic<size_t> next_produce{0};

  auto worker = [&] {
    for (;;) {
      size_t i = next_produce.fetch_add(1);
      if (i >= count) return;
      {
        std::unique_lock lock(mu);
        has_room.wait(lock, [&] { return stop || i < next_consume + window; });
        if (stop) return;
      }
      T result = produce(i);
      {
        std::lock_guard lock(mu);
        slots[i % window] = std::move(result);
      }
      ready.notify_all();
    }
  };
  std::vector<std::jthread> pool;
  pool.reserve(static_cast<size_t>(threads));
  for (int t = 0; t < threads; ++t) pool.emplace_back(worker);
  for (size_t i = 0; i < count; ++i) {
    std::optional<T> item;
    {
      std::unique_lock lock(mu);
      ready.wait(lock, [&] { return slots[i % window].has_value(); });
      item = std::move(slots[i % window]);
      slots[i % window].reset();
      next_consume = i + 1;
    }
    has_room.notify_all();
    consume(i, std::move(*item));
  }
  {
    std::lock_guard lock(mu);
    stop = true;
  }
  has_room.notify_all();
}

}  // namespace newstrace
