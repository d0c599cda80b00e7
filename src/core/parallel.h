// The one threading helper: an ordered, bounded pipeline.
//
//   produce()   on one reader thread: the next input, or nullopt at the end
//   transform() on `threads` workers, concurrently
//   consume()   on the calling thread, in the order the inputs were produced
//
// At most `window` items are in flight (produced but not consumed), and at
// most 2 * `threads` of them wait untransformed, so memory is bounded whatever
// the input size. A wide window lets the workers run on while consume() is
// slow for a moment (a database commit) without holding many raw inputs.
// With threads <= 1 everything runs on the calling thread, in order.
//
// Thread safety: `transform` must only share immutable state; `produce` runs
// on its own thread and `consume` on the caller's, each one at a time.
// Stopping early: `produce` returns nullopt (e.g. when a stop flag is set);
// items already produced are still transformed and consumed.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

namespace newstrace {

template <typename In, typename Out, typename Produce, typename Transform, typename Consume>
void RunOrderedPipeline(int threads, size_t window, Produce&& produce, Transform&& transform,
                        Consume&& consume) {
  if (threads <= 1) {
    while (std::optional<In> item = produce()) consume(transform(std::move(*item)));
    return;
  }
  const size_t max_waiting = static_cast<size_t>(threads) * 2;
  window = std::max(window, max_waiting);
  std::mutex mu;  // guards everything below
  // One condition per kind of waiter, so that each event wakes only the
  // threads it concerns: on a small VM every needless wake-up is a context
  // switch taken from the work.
  std::condition_variable room;                     // the reader: window or input queue has room
  std::condition_variable work;                     // workers: an input is queued, or input ended
  std::condition_variable ready;                    // the consumer: the next output is there
  std::deque<std::pair<size_t, In>> inputs;         // produced, not yet taken by a worker
  std::vector<std::optional<Out>> outputs(window);  // slot = sequence % window
  size_t produced = 0;                              // sequence numbers handed out
  size_t consumed = 0;                              // next sequence to consume
  bool input_done = false;

  std::jthread reader([&] {
    for (;;) {
      {
        std::unique_lock lock(mu);
        room.wait(lock,
                  [&] { return produced - consumed < window && inputs.size() < max_waiting; });
      }
      std::optional<In> item = produce();
      std::lock_guard lock(mu);
      if (!item) {
        input_done = true;
        work.notify_all();
        ready.notify_one();  // nothing more may come: the consumer may be done
        return;
      }
      inputs.emplace_back(produced++, std::move(*item));
      work.notify_one();
    }
  });
  std::vector<std::jthread> workers;
  workers.reserve(static_cast<size_t>(threads));
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      for (;;) {
        std::pair<size_t, In> job;
        {
          std::unique_lock lock(mu);
          work.wait(lock, [&] { return !inputs.empty() || input_done; });
          if (inputs.empty()) return;
          job = std::move(inputs.front());
          inputs.pop_front();
          room.notify_one();
        }
        Out result = transform(std::move(job.second));
        std::lock_guard lock(mu);
        outputs[job.first % window] = std::move(result);
        // The consumer waits for one sequence number only.
        if (job.first == consumed) ready.notify_one();
      }
    });
  }
  for (;;) {
    std::optional<Out> out;
    {
      std::unique_lock lock(mu);
      ready.wait(lock, [&] {
        return outputs[consumed % window].has_value() || (input_done && consumed == produced);
      });
      if (!outputs[consumed % window].has_value()) break;  // all done
      out = std::move(outputs[consumed % window]);
      outputs[consumed % window].reset();
      ++consumed;
      room.notify_one();
    }
    consume(std::move(*out));
  }
}

// Runs produce(i) for i in [0, count) on `threads` workers and hands each
// result to consume(i, result) on the calling thread in index order.
template <typename T, typename Produce, typename Consume>
void OrderedParallelMap(size_t count, int threads, size_t window, Produce&& produce,
                        Consume&& consume) {
  size_t next = 0;
  RunOrderedPipeline<size_t, std::pair<size_t, T>>(
      threads, window,
      [&]() -> std::optional<size_t> {
        if (next >= count) return std::nullopt;
        return next++;
      },
      [&](size_t i) { return std::pair<size_t, T>(i, produce(i)); },
      [&](std::pair<size_t, T>&& r) { consume(r.first, std::move(r.second)); });
}

}  // namespace newstrace
