#include "ingest/input.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "zlib_test_util.h"

namespace newstrace::ingest {
namespace {
using ::newstrace::testing::GzipMember;

namespace fs = std::filesystem;
using namespace std::string_literals;

std::string RandomText(size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::string s(n, ' ');
  for (char& c : s) c = static_cast<char>('a' + rng() % 26);
  return s;
}

class InputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("newstrace_input_test_" + std::to_string(::getpid()) + "_" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::permissions(dir_, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(dir_, ec);
  }

  std::string Write(const std::string& name, std::string_view bytes) {
    const fs::path path = dir_ / name;
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return path.string();
  }

  fs::path dir_;
};

TEST_F(InputTest, ReadsPlainHtml) {
  const std::string path = Write("a.html", "<p>hello</p>");
  Result<RawPage> page = ReadInput(path);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(page->bytes, "<p>hello</p>");
  EXPECT_EQ(page->source, path);
  EXPECT_EQ(page->media_type, "text/html");
}

TEST_F(InputTest, MediaTypeFromName) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"a.md", "text/markdown"},
      {"a.markdown", "text/markdown"},
      {"a.txt", "text/plain"},
      {"a.htm", "text/html"},
      {"a.XHTML", "text/html"},
      {"a.html.gz", "text/html"},
      {"a.md.gz", "text/markdown"},
      {"a.json", ""},
      {"noext", ""},
      {"a.gz", ""},
  };
  for (const auto& [name, media_type] : cases) {
    Result<RawPage> page = ReadInput(Write(name, "text"));
    ASSERT_TRUE(page.ok()) << name << ": " << page.status().ToString();
    EXPECT_EQ(page->media_type, media_type) << name;
  }
}

TEST_F(InputTest, EmptyFileIsRead) {
  Result<RawPage> page = ReadInput(Write("empty.html", ""));
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->bytes, "");
}

TEST_F(InputTest, NotFound) {
  const std::string path = (dir_ / "x.html").string();
  Result<RawPage> page = ReadInput(path);
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(page.status().ToString(), "not_found: no such file: " + path);
}

TEST_F(InputTest, DirectoryIsNotReadable) {
  Result<RawPage> page = ReadInput(dir_.string());
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.status().code(), ErrorCode::kNotReadable);
  EXPECT_NE(page.status().message().find("is a directory"), std::string::npos);
}

TEST_F(InputTest, UnreadableFile) {
  const std::string path = Write("secret.html", "<p>x</p>");
  fs::permissions(path, fs::perms::none);
  Result<RawPage> page = ReadInput(path);
  if (::geteuid() == 0) {
    EXPECT_TRUE(page.ok());  // root reads anything
    GTEST_SKIP() << "running as root: permission bits do not apply";
  }
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.status().code(), ErrorCode::kNotReadable);
  EXPECT_NE(page.status().message().find(path), std::string::npos);
}

TEST_F(InputTest, TooLargeBeforeReading) {
  const std::string path = Write("big.html", std::string(101, 'x'));
  Result<RawPage> page = ReadInput(path, {.max_bytes = 100});
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.status().code(), ErrorCode::kTooLarge);
  EXPECT_TRUE(ReadInput(path, {.max_bytes = 101}).ok());
}

TEST_F(InputTest, HugeSparseFileIsRefusedWithoutReading) {
  const std::string path = Write("huge.html", "");
  ASSERT_EQ(::truncate(path.c_str(), 5LL << 30), 0);  // 5 GB, sparse
  Result<RawPage> page = ReadInput(path);
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.status().code(), ErrorCode::kTooLarge);
}

TEST_F(InputTest, SingleMemberGzip) {
  const std::string html = "<html><p>" + RandomText(100000, 1) + "</p></html>";
  Result<RawPage> page = ReadInput(Write("page.html.gz", GzipMember(html)));
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(page->bytes, html);
  EXPECT_EQ(page->media_type, "text/html");
}

TEST_F(InputTest, GzipDetectedByMagicWhateverTheName) {
  Result<RawPage> page = ReadInput(Write("page.html", GzipMember("<p>x</p>")));
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(page->bytes, "<p>x</p>");
}

TEST_F(InputTest, MultiMemberGzip) {
  const std::string a = RandomText(70000, 2);
  const std::string b = RandomText(300000, 3);
  const std::string gz = GzipMember(a) + GzipMember("") + GzipMember(b);
  Result<RawPage> page = ReadInput(Write("multi.txt.gz", gz));
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(page->bytes, a + b);
}

TEST_F(InputTest, MultiMemberGzipFromGzipCommand) {
  const std::string a = Write("a.txt", "first part\n");
  const std::string b = Write("b.txt", "second part\n");
  const std::string out = (dir_ / "ab.txt.gz").string();
  const std::string command =
      "gzip -c '" + a + "' > '" + out + "' && gzip -c '" + b + "' >> '" + out + "'";
  if (std::system(command.c_str()) != 0) GTEST_SKIP() << "no gzip command";
  Result<RawPage> page = ReadInput(out);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(page->bytes, "first part\nsecond part\n");
}

TEST_F(InputTest, GzipInsideGzipIsInflatedTwice) {
  Result<RawPage> page = ReadInput(Write("twice.html.gz", GzipMember(GzipMember("<p>x</p>"))));
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(page->bytes, "<p>x</p>");
}

TEST_F(InputTest, TruncatedGzip) {
  const std::string gz = GzipMember(RandomText(50000, 4));
  for (size_t keep : {size_t{2}, size_t{10}, gz.size() / 2, gz.size() - 4, gz.size() - 1}) {
    Result<RawPage> page = ReadInput(Write("cut.html.gz", gz.substr(0, keep)));
    ASSERT_FALSE(page.ok()) << keep;
    EXPECT_EQ(page.status().code(), ErrorCode::kBadGzip) << keep << " " << page.status().ToString();
  }
}

TEST_F(InputTest, CorruptedGzip) {
  std::string gz = GzipMember(RandomText(50000, 5));
  gz[gz.size() / 2] = static_cast<char>(gz[gz.size() / 2] ^ 0x55);
  Result<RawPage> page = ReadInput(Write("bad.html.gz", gz));
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.status().code(), ErrorCode::kBadGzip);
  EXPECT_NE(page.status().message().find("bad.html.gz"), std::string::npos);
}

TEST_F(InputTest, TrailingGarbageAfterGzip) {
  const std::string gz = GzipMember("<p>x</p>");
  Result<RawPage> padded = ReadInput(Write("padded.html.gz", gz + std::string(512, '\0')));
  ASSERT_TRUE(padded.ok()) << padded.status().ToString();
  EXPECT_EQ(padded->bytes, "<p>x</p>");
  Result<RawPage> garbage = ReadInput(Write("garbage.html.gz", gz + "junk"));
  ASSERT_FALSE(garbage.ok());
  EXPECT_EQ(garbage.status().code(), ErrorCode::kBadGzip);
}

TEST_F(InputTest, InflatedSizeOverLimit) {
  const std::string gz = GzipMember(RandomText(5000, 6));
  Result<RawPage> page = ReadInput(Write("big.txt.gz", gz), {.max_bytes = 4999});
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.status().code(), ErrorCode::kTooLarge);
  Result<RawPage> exact = ReadInput(Write("big.txt.gz", gz), {.max_bytes = 5000});
  EXPECT_TRUE(exact.ok()) << exact.status().ToString();
}

TEST_F(InputTest, GzipBombStopsAtLimit) {
  const std::string gz = GzipMember(std::string(64u << 20, 'a'));  // 64 MB of 'a'
  ASSERT_LT(gz.size(), 200u << 10);
  Result<RawPage> page = ReadInput(Write("bomb.html.gz", gz), {.max_bytes = 1u << 20});
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.status().code(), ErrorCode::kTooLarge);
  // Default limit (50 MB) too.
  page = ReadInput(Write("bomb.html.gz", gz));
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.status().code(), ErrorCode::kTooLarge);
}

TEST(GunzipTest, LyingIsizeIsCorruptAndNeverSizesTheBuffer) {
  const std::string text = RandomText(200000, 7);
  std::string gz = GzipMember(text);
  for (const std::string& isize : {"\0\0\0\0"s, "\x01\0\0\0"s, "\xFF\xFF\xFF\xFF"s}) {
    // A wrong ISIZE fails libdeflate's trailer check: corrupt, never a crash.
    std::string lying = gz;
    lying.replace(lying.size() - 4, 4, isize);
    Result<std::string> out = Gunzip(lying, 1u << 20);
    ASSERT_FALSE(out.ok());
    EXPECT_EQ(out.status().code(), ErrorCode::kBadGzip);
  }
  Result<std::string> out = Gunzip(gz, 1u << 20);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(*out, text);
}

TEST(GunzipTest, GrowsPastSmallLastMemberHint) {
  // The trailer the first guess reads belongs to the tiny last member.
  const std::string big = RandomText(1u << 20, 8);
  Result<std::string> out = Gunzip(GzipMember(big) + GzipMember("z"), 4u << 20);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(*out, big + "z");
}

TEST(GunzipTest, NotGzip) {
  EXPECT_EQ(Gunzip("", 100).status().code(), ErrorCode::kBadGzip);
  EXPECT_EQ(Gunzip("hello", 100).status().code(), ErrorCode::kBadGzip);
  EXPECT_EQ(Gunzip("\x1f\x8b", 100).status().code(), ErrorCode::kBadGzip);
}

TEST_F(InputTest, BinarySignatures) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"img.html", "\x89PNG\r\n\x1A\n\0\0\0\rIHDR"s},
      {"photo.jpg", "\xFF\xD8\xFF\xE0\0\x10JFIF"s},
      {"anim.html", "GIF89a\x01\0\x01\0"s},
      {"doc.html", "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n"},
      {"arch.html", "PK\x03\x04\x14\0\0\0"s},
      {"prog",
       "\x7F"
       "ELF\x02\x01\x01"s},
      {"pic.html", "RIFF\x24\0\0\0WEBPVP8 "s},
      {"movie.html",
       "\0\0\0\x18"
       "ftypmp42"s},
  };
  for (const auto& [name, bytes] : cases) {
    Result<RawPage> page = ReadInput(Write(name, bytes));
    ASSERT_FALSE(page.ok()) << name;
    EXPECT_EQ(page.status().code(), ErrorCode::kBinary) << name;
  }
  Result<RawPage> png = ReadInput(Write("img.html", cases[0].second));
  EXPECT_NE(png.status().message().find("PNG image"), std::string::npos);
}

TEST_F(InputTest, BinaryInsideGzip) {
  Result<RawPage> page = ReadInput(Write("img.html.gz", GzipMember("\x89PNG\r\n\x1A\n\0\0"s)));
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.status().code(), ErrorCode::kBinary);
}

TEST_F(InputTest, NulBytesMeanBinary) {
  Result<RawPage> page = ReadInput(Write("nul.html", "<p>a\0b</p>"s));
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.status().code(), ErrorCode::kBinary);
  // Only the first 8 KB are sniffed.
  const std::string late = std::string(9000, 'a') + "\0"s;
  EXPECT_TRUE(ReadInput(Write("late.html", late)).ok());
}

TEST_F(InputTest, Utf16WithBomIsText) {
  const std::string le = "\xFF\xFE<\0p\0>\0h\0i\0"s;
  const std::string be = "\xFE\xFF\0<\0p\0>\0h\0i"s;
  Result<RawPage> page = ReadInput(Write("le.html", le));
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(page->bytes, le);
  EXPECT_TRUE(ReadInput(Write("be.html", be)).ok());
}

TEST_F(InputTest, WordsThatLookLikeSignaturesAreText) {
  EXPECT_TRUE(ReadInput(Write("a.txt", "BZh, said the bee.")).ok());
  EXPECT_TRUE(ReadInput(Write("b.txt", "RIFF raff")).ok());
  EXPECT_TRUE(ReadInput(Write("c.txt", "PK is a name")).ok());
}

TEST_F(InputTest, ExpandWalksDirectoriesSortedAndFiltered) {
  Write("site/b.html", "b");
  Write("site/a.htm", "a");
  Write("site/sub/c.md", "c");
  Write("site/sub/d.txt.gz", GzipMember("d"));
  Write("site/sub/deeper/e.XHTML", "e");
  Write("site/f.markdown", "f");
  Write("site/image.png", "png");
  Write("site/data.json", "{}");
  Write("site/g.gz", "g");
  fs::create_directories(dir_ / "site/empty");
  const std::string site = (dir_ / "site").string();
  const std::string single = Write("single.weird", "x");
  const std::string missing = (dir_ / "missing.html").string();

  const std::vector<std::string> got = ExpandInputPaths({single, site, "-", missing});
  const std::vector<std::string> want = {
      single,
      site + "/a.htm",
      site + "/b.html",
      site + "/f.markdown",
      site + "/sub/c.md",
      site + "/sub/d.txt.gz",
      site + "/sub/deeper/e.XHTML",
      "-",
      missing,
  };
  EXPECT_EQ(got, want);
}

TEST_F(InputTest, ExpandDoesNotFollowDirectorySymlinks) {
  Write("site/a.html", "a");
  fs::create_directory_symlink(dir_ / "site", dir_ / "site/loop");
  fs::create_directory_symlink(dir_ / "site", dir_ / "site/loop2");
  Write("other/b.html", "b");
  fs::create_directory_symlink(dir_ / "other", dir_ / "site/other_link");
  fs::create_symlink(dir_ / "other/b.html", dir_ / "site/c.html");
  const std::string site = (dir_ / "site").string();
  const std::vector<std::string> got = ExpandInputPaths({site});
  const std::vector<std::string> want = {site + "/a.html", site + "/c.html"};
  EXPECT_EQ(got, want);
}

TEST_F(InputTest, ReadsFromPipe) {
  const std::string fifo = (dir_ / "pipe").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const std::string command = "printf '<p>piped</p>' > '" + fifo + "' &";
  ASSERT_EQ(std::system(command.c_str()), 0);
  Result<RawPage> page = ReadInput(fifo);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(page->bytes, "<p>piped</p>");
}

TEST_F(InputTest, StdinOverLimit) {
  const std::string path = Write("in.html", std::string(1000, 'x'));
  const int saved = ::dup(STDIN_FILENO);
  const int fd = ::open(path.c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  ::dup2(fd, STDIN_FILENO);
  ::close(fd);
  Result<RawPage> page = ReadInput("-", {.max_bytes = 999});
  ::dup2(saved, STDIN_FILENO);
  ::close(saved);
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.status().code(), ErrorCode::kTooLarge);
}

TEST_F(InputTest, StdinGzip) {
  const std::string path = Write("in.gz", GzipMember("<p>stdin</p>"));
  const int saved = ::dup(STDIN_FILENO);
  const int fd = ::open(path.c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  ::dup2(fd, STDIN_FILENO);
  ::close(fd);
  Result<RawPage> page = ReadInput("-");
  ::dup2(saved, STDIN_FILENO);
  ::close(saved);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(page->bytes, "<p>stdin</p>");
  EXPECT_EQ(page->source, "-");
  EXPECT_EQ(page->media_type, "");
}

}  // namespace
}  // namespace newstrace::ingest
