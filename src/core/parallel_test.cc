#include "core/parallel.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace newstrace {
namespace {

TEST(OrderedPipelineTest, ConsumesInProducedOrderWithManyThreads) {
  for (int threads : {1, 2, 4, 8}) {
    int next = 0;
    std::vector<int> seen;
    RunOrderedPipeline<int, std::string>(
        threads, 16,
        [&]() -> std::optional<int> {
          if (next == 1000) return std::nullopt;
          return next++;
        },
        [](int i) {
          if (i % 7 == 0) std::this_thread::sleep_for(std::chrono::microseconds(50));
          return std::to_string(i * 2);
        },
        [&](std::string&& s) { seen.push_back(std::stoi(s)); });
    ASSERT_EQ(seen.size(), 1000u) << threads;
    for (int i = 0; i < 1000; ++i) ASSERT_EQ(seen[i], i * 2);
  }
}

TEST(OrderedPipelineTest, InFlightItemsStayWithinTheWindow) {
  std::atomic<int> in_flight{0};
  int max_in_flight = 0;
  int next = 0;
  RunOrderedPipeline<int, int>(
      4, 8,
      [&]() -> std::optional<int> {
        if (next == 500) return std::nullopt;
        int now = ++in_flight;
        max_in_flight = std::max(max_in_flight, now);
        return next++;
      },
      [](int i) { return i; },
      [&](int&&) {
        std::this_thread::sleep_for(std::chrono::microseconds(20));
        --in_flight;
      });
  EXPECT_LE(max_in_flight, 9);  // the window, plus the one being produced
}

// With a wide window and a slow consumer, transformed items pile up (up to the
// window) but untransformed inputs do not: at most 2 * threads wait.
TEST(OrderedPipelineTest, FewInputsWaitEvenInAWideWindow) {
  std::atomic<int> waiting{0};
  std::atomic<int> in_flight{0};
  int max_waiting = 0;
  int max_in_flight = 0;
  int next = 0;
  RunOrderedPipeline<int, int>(
      2, 64,
      [&]() -> std::optional<int> {
        if (next == 300) return std::nullopt;
        max_waiting = std::max(max_waiting, ++waiting);
        max_in_flight = std::max(max_in_flight, ++in_flight);
        return next++;
      },
      [&](int i) {
        --waiting;
        return i;
      },
      [&](int&&) {
        std::this_thread::sleep_for(std::chrono::microseconds(200));
        --in_flight;
      });
  // 2 * threads queued, plus the one being produced, plus one per worker that
  // has taken an item but not yet counted it down (the count is not under the
  // pipeline's lock).
  EXPECT_LE(max_waiting, 7);
  EXPECT_GT(max_in_flight, 5) << "the window lets transformed items wait for the consumer";
  EXPECT_LE(max_in_flight, 65);
}

TEST(OrderedPipelineTest, EmptyInput) {
  int calls = 0;
  RunOrderedPipeline<int, int>(
      3, 4, []() -> std::optional<int> { return std::nullopt; }, [](int i) { return i; },
      [&](int&&) { ++calls; });
  EXPECT_EQ(calls, 0);
}

TEST(OrderedParallelMapTest, MapsEveryIndexInOrder) {
  std::vector<size_t> seen;
  OrderedParallelMap<size_t>(
      300, 3, 10, [](size_t i) { return i * i; },
      [&](size_t i, size_t&& v) {
        EXPECT_EQ(v, i * i);
        seen.push_back(i);
      });
  ASSERT_EQ(seen.size(), 300u);
  for (size_t i = 0; i < seen.size(); ++i) EXPECT_EQ(seen[i], i);
}

}  // namespace
}  // namespace newstrace
