// zlib compression for tests that need gzip or deflate data written by an
// independent implementation (not our own readers' code).
#pragma once

#include <gtest/gtest.h>
#include <zlib.h>

#include <string>
#include <string_view>

namespace newstrace::testing {

// window_bits: 15 + 16 for one gzip member, 15 for zlib, -15 for raw deflate.
inline std::string Deflate(std::string_view data, int window_bits, int level = 6) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, level, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&z, data.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

inline std::string GzipMember(std::string_view data, int level = 6) {
  return Deflate(data, 15 + 16, level);
}

}  // namespace newstrace::testing
