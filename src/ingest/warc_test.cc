#include "ingest/warc.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "zlib_test_util.h"

namespace newstrace::ingest {
namespace {
using ::newstrace::testing::Deflate;
using ::newstrace::testing::GzipMember;

using namespace std::string_literals;

// Fixtures written by npm warcio and GNU wget: tests/fixtures/warc/README.md.
const std::string kDir = std::string(NEWSTRACE_SOURCE_DIR) + "/tests/fixtures/warc/";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::vector<uint64_t> MemberOffsets() {
  const auto j = nlohmann::json::parse(ReadFile(kDir + "offsets.json"));
  return j.at("members").get<std::vector<uint64_t>>();
}

// One Next() outcome: a record or an error with its offset.
struct Outcome {
  bool ok = false;
  WarcRecord record;
  ErrorCode code = ErrorCode::kOk;
  std::string message;
  uint64_t offset = 0;
};

std::vector<Outcome> ReadAll(WarcReader& reader) {
  std::vector<Outcome> out;
  for (int guard = 0; guard < 10000; ++guard) {
    auto next = reader.Next();
    Outcome o;
    if (!next.ok()) {
      o.code = next.status().code();
      o.message = next.status().message();
      o.offset = reader.error_offset();
      out.push_back(std::move(o));
      continue;
    }
    if (!next->has_value()) return out;
    o.ok = true;
    o.record = std::move(**next);
    o.offset = o.record.offset;
    out.push_back(std::move(o));
  }
  ADD_FAILURE() << "reader did not end";
  return out;
}

std::vector<Outcome> ReadPath(const std::string& path, const WarcOptions& options = {}) {
  auto reader = WarcReader::Open(path, options);
  EXPECT_TRUE(reader.ok()) << reader.status().ToString();
  if (!reader.ok()) return {};
  return ReadAll(**reader);
}

std::vector<Outcome> ReadBuffer(std::string data, const WarcOptions& options = {}) {
  auto reader = WarcReader::OpenBuffer(std::move(data), options);
  EXPECT_TRUE(reader.ok()) << reader.status().ToString();
  if (!reader.ok()) return {};
  return ReadAll(**reader);
}

// A WARC record as our tests write it by hand (for edge cases warcio cannot
// write: bare LFs, folded lines, bad framing).
std::string Record(std::string_view type, std::string_view uri, std::string_view block,
                   std::string_view eol = "\r\n", std::string_view content_type = "") {
  std::string r = "WARC/1.0"s + std::string(eol);
  r += "WARC-Type: " + std::string(type) + std::string(eol);
  r += "WARC-Target-URI: " + std::string(uri) + std::string(eol);
  r += "WARC-Date: 2020-01-02T03:04:05Z" + std::string(eol);
  if (!content_type.empty()) r += "Content-Type: " + std::string(content_type) + std::string(eol);
  r += "Content-Length: " + std::to_string(block.size()) + std::string(eol);
  r += std::string(eol);
  r += block;
  r += std::string(eol) + std::string(eol);
  return r;
}

const std::vector<std::string> kTypes = {"warcinfo", "request",  "response", "response", "response",
                                         "response", "response", "revisit",  "metadata", "response",
                                         "response", "response", "resource"};

void ExpectFixtureRecords(const std::vector<Outcome>& got) {
  ASSERT_EQ(got.size(), kTypes.size());
  for (size_t i = 0; i < got.size(); ++i) {
    ASSERT_TRUE(got[i].ok) << i << ": " << got[i].message;
    EXPECT_EQ(got[i].record.type, kTypes[i]) << i;
  }
  const WarcRecord& harbour = got[2].record;
  EXPECT_EQ(harbour.target_uri, "https://news.example.com/2024/05/01/harbour.html");
  EXPECT_EQ(harbour.date, "2024-05-01T10:00:02Z");
  EXPECT_EQ(harbour.record_id, "<urn:uuid:00000000-0000-4000-8000-000000000003>");
  EXPECT_EQ(harbour.content_type, "application/http; msgtype=response");
  EXPECT_EQ(harbour.http_status, 200);
  EXPECT_EQ(harbour.http_content_type, "text/html; charset=utf-8");
  EXPECT_EQ(harbour.body.rfind("<!DOCTYPE html>\n<html lang=\"en\">", 0), 0u);
  EXPECT_NE(harbour.body.find("said Zoë Tremayne, the harbour master.</p>"), std::string::npos);
  EXPECT_EQ(harbour.body.substr(harbour.body.size() - 15), "</body></html>\n");

  const WarcRecord& cafe = got[3].record;
  EXPECT_NE(cafe.body.find("Le caf\xE9 du port"), std::string::npos);
  EXPECT_NE(cafe.body.find("\x93Un caf\xE9 co\xFBte 2 \x80,\x94"), std::string::npos);

  const WarcRecord& chunked = got[4].record;
  EXPECT_EQ(chunked.http_status, 200);
  EXPECT_TRUE(chunked.http_content_encoding.empty());
  EXPECT_EQ(chunked.body.rfind("<html><head><title>Chunked and gzipped</title>", 0), 0u);
  EXPECT_NE(chunked.body.find("This body was sent gzip-compressed in HTTP chunks."),
            std::string::npos);
  EXPECT_EQ(chunked.body.substr(chunked.body.size() - 15), "</body></html>\n");

  EXPECT_EQ(got[5].record.http_status, 404);
  EXPECT_EQ(got[6].record.http_content_type, "image/png");
  EXPECT_EQ(got[6].record.body.rfind("\x89PNG\r\n\x1A\n", 0), 0u);
  EXPECT_EQ(got[7].record.http_status, 200);
  EXPECT_TRUE(got[7].record.body.empty());
  EXPECT_EQ(got[8].record.body, "outlink: https://news.example.com/\r\nfetchTimeMs: 42\r\n");
  EXPECT_EQ(got[9].record.http_status, 301);
  EXPECT_EQ(got[10].record.http_content_encoding, "br");
  EXPECT_TRUE(got[11].record.http_content_type.empty());
  EXPECT_EQ(got[12].record.body, "Plain notes saved as a resource record.\n\nSecond paragraph.\n");
  EXPECT_EQ(got[12].record.target_uri, "file:///saved/notes.txt");
  EXPECT_EQ(got[0].record.body.rfind("software: warcio.js", 0), 0u);
  EXPECT_EQ(got[1].record.body.rfind("GET /2024/05/01/harbour.html HTTP/1.1\r\n", 0), 0u);
}

TEST(WarcReaderTest, ReadsPerRecordGzipWrittenByWarcio) {
  const auto got = ReadPath(kDir + "multi.warc.gz");
  ExpectFixtureRecords(got);
  const std::vector<uint64_t> offsets = MemberOffsets();
  ASSERT_EQ(offsets.size(), got.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i].offset, offsets[i]) << i;
}

TEST(WarcReaderTest, ReadsPlainWarcWithRecordOffsets) {
  const std::string bytes = ReadFile(kDir + "plain.warc");
  const auto got = ReadPath(kDir + "plain.warc");
  ExpectFixtureRecords(got);
  for (const Outcome& o : got) EXPECT_EQ(bytes.substr(o.offset, 7), "WARC/1.") << o.offset;
  EXPECT_EQ(got[0].offset, 0u);
}

TEST(WarcReaderTest, ReadsWholeFileGzipWithUncompressedOffsets) {
  const auto plain = ReadPath(kDir + "plain.warc");
  const auto got = ReadPath(kDir + "whole.warc.gz");
  ExpectFixtureRecords(got);
  ASSERT_EQ(got.size(), plain.size());
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].offset, plain[i].offset) << i;
    EXPECT_EQ(got[i].record.body, plain[i].record.body) << i;
  }
}

TEST(WarcReaderTest, TruncatedGzipEndsWithBadRecord) {
  const std::vector<uint64_t> offsets = MemberOffsets();
  const auto got = ReadPath(kDir + "truncated.warc.gz");
  ASSERT_EQ(got.size(), 4u);
  for (size_t i = 0; i < 3; ++i) EXPECT_TRUE(got[i].ok) << i;
  EXPECT_FALSE(got[3].ok);
  EXPECT_EQ(got[3].code, ErrorCode::kBadRecord) << got[3].message;
  EXPECT_EQ(got[3].offset, offsets[3]);
  EXPECT_NE(got[3].message.find("truncated"), std::string::npos);
}

TEST(WarcReaderTest, TruncatedPlainEndsWithBadRecord) {
  const auto plain = ReadPath(kDir + "plain.warc");
  const auto got = ReadPath(kDir + "truncated.warc");
  ASSERT_EQ(got.size(), 4u);
  for (size_t i = 0; i < 3; ++i) EXPECT_TRUE(got[i].ok) << i;
  EXPECT_EQ(got[3].code, ErrorCode::kBadRecord);
  EXPECT_EQ(got[3].offset, plain[3].offset);
  EXPECT_NE(got[3].message.find("truncated record"), std::string::npos) << got[3].message;
}

TEST(WarcReaderTest, CorruptMemberIsReportedAndReadingResumes) {
  const std::vector<uint64_t> offsets = MemberOffsets();
  const auto got = ReadPath(kDir + "corrupt.warc.gz");
  ASSERT_EQ(got.size(), kTypes.size());
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].offset, offsets[i]) << i;
    if (i == 4) {
      EXPECT_FALSE(got[i].ok);
      EXPECT_EQ(got[i].code, ErrorCode::kBadGzip) << got[i].message;
    } else {
      ASSERT_TRUE(got[i].ok) << i << ": " << got[i].message;
      EXPECT_EQ(got[i].record.type, kTypes[i]);
    }
  }
  EXPECT_EQ(got[5].record.http_status, 404);
}

TEST(WarcReaderTest, ReadsWgetWarc) {
  const auto got = ReadPath(kDir + "wget.warc.gz");
  ASSERT_EQ(got.size(), 5u);
  std::vector<std::string> types;
  for (const Outcome& o : got) {
    ASSERT_TRUE(o.ok) << o.message;
    types.push_back(o.record.type);
  }
  EXPECT_EQ(types,
            (std::vector<std::string>{"warcinfo", "request", "response", "metadata", "resource"}));
  const WarcRecord& response = got[2].record;
  EXPECT_EQ(response.target_uri, "http://127.0.0.1:18763/page.html");  // <> removed
  EXPECT_EQ(response.http_status, 200);
  EXPECT_EQ(response.http_content_type, "text/html");
  auto page = PageFromRecord(response, "wget.warc.gz");
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(page->source, "wget.warc.gz#" + std::to_string(response.offset));
  EXPECT_EQ(page->bytes.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(page->bytes.find("A page fetched by wget"), std::string::npos);
  // wget's own log and arguments are resource records, not pages.
  auto arguments = PageFromRecord(got[4].record, "wget.warc.gz");
  EXPECT_EQ(arguments.status().code(), ErrorCode::kNotHtml);
}

TEST(PageFromRecordTest, FixtureOutcomes) {
  const auto got = ReadPath(kDir + "multi.warc.gz");
  ASSERT_EQ(got.size(), kTypes.size());
  const std::string path = "multi.warc.gz";
  auto page = [&](size_t i) { return PageFromRecord(got[i].record, path); };

  auto harbour = page(2);
  ASSERT_TRUE(harbour.ok()) << harbour.status().ToString();
  EXPECT_EQ(harbour->source, "multi.warc.gz#590");
  EXPECT_EQ(harbour->uri, "https://news.example.com/2024/05/01/harbour.html");
  EXPECT_EQ(harbour->fetched_at, "2024-05-01T10:00:02Z");
  EXPECT_EQ(harbour->media_type, "text/html");
  EXPECT_EQ(harbour->charset, "utf-8");
  EXPECT_EQ(harbour->bytes, got[2].record.body);

  auto cafe = page(3);
  ASSERT_TRUE(cafe.ok());
  EXPECT_EQ(cafe->charset, "windows-1252");

  auto chunked = page(4);
  ASSERT_TRUE(chunked.ok());
  EXPECT_EQ(chunked->charset, "UTF-8");

  EXPECT_EQ(page(0).status().code(), ErrorCode::kNotHtml);  // warcinfo
  EXPECT_EQ(page(1).status().code(), ErrorCode::kNotHtml);  // request
  EXPECT_EQ(page(5).status().code(), ErrorCode::kHttpError);
  EXPECT_EQ(page(5).status().message(), "HTTP 404");
  EXPECT_EQ(page(6).status().code(), ErrorCode::kNotHtml);
  EXPECT_NE(page(6).status().message().find("image/png"), std::string::npos);
  EXPECT_EQ(page(7).status().code(), ErrorCode::kNotHtml);  // revisit
  EXPECT_EQ(page(8).status().code(), ErrorCode::kNotHtml);  // metadata
  EXPECT_EQ(page(9).status().code(), ErrorCode::kHttpError);
  EXPECT_NE(page(9).status().message().find("redirect"), std::string::npos);
  EXPECT_EQ(page(10).status().code(), ErrorCode::kNotHtml);
  EXPECT_NE(page(10).status().message().find("br"), std::string::npos);

  auto untyped = page(11);
  ASSERT_TRUE(untyped.ok()) << untyped.status().ToString();
  EXPECT_EQ(untyped->media_type, "text/html");
  EXPECT_TRUE(untyped->charset.empty());

  auto notes = page(12);
  ASSERT_TRUE(notes.ok()) << notes.status().ToString();
  EXPECT_EQ(notes->media_type, "text/plain");
  EXPECT_EQ(notes->charset, "utf-8");
  EXPECT_EQ(notes->uri, "file:///saved/notes.txt");
}

TEST(PageFromRecordTest, XhtmlEmptyAndUnsniffable) {
  WarcRecord r;
  r.type = "response";
  r.http_status = 200;
  r.http_content_type = "application/xhtml+xml;charset=iso-8859-1";
  r.body = "<html/>";
  auto page = PageFromRecord(r, "x");
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->media_type, "text/html");
  EXPECT_EQ(page->charset, "iso-8859-1");
  r.body.clear();
  EXPECT_EQ(PageFromRecord(r, "x").status().code(), ErrorCode::kEmpty);
  r.http_content_type.clear();
  r.body = "{\"json\": true}";
  EXPECT_EQ(PageFromRecord(r, "x").status().code(), ErrorCode::kNotHtml);
  r.http_content_type = "application/json";
  EXPECT_NE(PageFromRecord(r, "x").status().message().find("application/json"), std::string::npos);
  r.http_status = 500;
  EXPECT_EQ(PageFromRecord(r, "x").status().code(), ErrorCode::kHttpError);
  r.http_status = 0;
  EXPECT_EQ(PageFromRecord(r, "x").status().code(), ErrorCode::kNotHtml);
}

TEST(WarcReaderTest, BareLineFeedsFoldedLinesAndCaseInsensitiveNames) {
  std::string block = "HTTP/1.1 200 OK\ncontent-type: text/html;\n charset=latin1\n\n<p>hi</p>";
  std::string data =
      "WARC/1.0\nwarc-type: response\nWARC-TARGET-URI: http://a.example/\n"
      "WARC-Date: 2020-01-02T03:04:05Z\nX-Long: one\n two\ncontent-length: " +
      std::to_string(block.size()) + "\n\n" + block + "\n\n";
  const auto got = ReadBuffer(data);
  ASSERT_EQ(got.size(), 1u);
  ASSERT_TRUE(got[0].ok) << got[0].message;
  EXPECT_EQ(got[0].record.type, "response");
  EXPECT_EQ(got[0].record.target_uri, "http://a.example/");
  EXPECT_EQ(got[0].record.http_status, 200);
  EXPECT_EQ(got[0].record.http_content_type, "text/html;");  // HTTP headers do not fold here
  EXPECT_EQ(got[0].record.body, "<p>hi</p>");
}

TEST(WarcReaderTest, FoldedWarcHeaderValue) {
  std::string data =
      "WARC/1.1\r\nWARC-Type: resource\r\nWARC-Target-URI: http://a.example/\r\n"
      "Content-Type: text/html;\r\n\tcharset=utf-8\r\nContent-Length: 2\r\n\r\nok\r\n\r\n";
  const auto got = ReadBuffer(data);
  ASSERT_EQ(got.size(), 1u);
  ASSERT_TRUE(got[0].ok);
  EXPECT_EQ(got[0].record.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(got[0].record.body, "ok");
}

TEST(WarcReaderTest, TooLargeRecordIsSkippedAndNextIsRead) {
  const std::string big(5000, 'x');
  const std::string a = Record("resource", "http://big.example/", big);
  const std::string b = Record("resource", "http://small.example/", "small");
  WarcOptions options;
  options.max_record_bytes = 1000;
  for (bool gzip : {false, true}) {
    const std::string data = gzip ? GzipMember(a) + GzipMember(b) : a + b;
    const auto got = ReadBuffer(data, options);
    ASSERT_EQ(got.size(), 2u) << gzip;
    EXPECT_EQ(got[0].code, ErrorCode::kTooLarge);
    EXPECT_EQ(got[0].offset, 0u);
    ASSERT_TRUE(got[1].ok) << got[1].message;
    EXPECT_EQ(got[1].record.target_uri, "http://small.example/");
    EXPECT_EQ(got[1].offset, gzip ? GzipMember(a).size() : a.size());
  }
}

TEST(WarcReaderTest, GarbageBetweenPlainRecordsIsReportedThenSkipped) {
  const std::string a = Record("resource", "http://a.example/", "aaa");
  const std::string b = Record("resource", "http://b.example/", "bbb");
  const std::string garbage = "garbage line\r\nmore WARC/ noise\r\n";
  const auto got = ReadBuffer(a + garbage + b);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_TRUE(got[0].ok);
  EXPECT_EQ(got[1].code, ErrorCode::kBadRecord);
  EXPECT_EQ(got[1].offset, a.size());
  ASSERT_TRUE(got[2].ok);
  EXPECT_EQ(got[2].record.target_uri, "http://b.example/");
  EXPECT_EQ(got[2].offset, a.size() + garbage.size());
}

TEST(WarcReaderTest, MissingContentLengthIsBadRecord) {
  const std::string a = "WARC/1.0\r\nWARC-Type: resource\r\n\r\nabc\r\n\r\n";
  const std::string b = Record("resource", "http://b.example/", "bbb");
  const auto got = ReadBuffer(a + b);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].code, ErrorCode::kBadRecord);
  EXPECT_NE(got[0].message.find("Content-Length"), std::string::npos);
  ASSERT_TRUE(got[1].ok);
  EXPECT_EQ(got[1].offset, a.size());
}

TEST(WarcReaderTest, ContentEncodings) {
  const std::string html = "<html><body><p>deflated</p></body></html>";
  for (int bits : {15, -15}) {
    const std::string block =
        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: deflate\r\n\r\n" +
        Deflate(html, bits);
    const auto got = ReadBuffer(Record("response", "http://d.example/", block));
    ASSERT_EQ(got.size(), 1u);
    ASSERT_TRUE(got[0].ok);
    EXPECT_EQ(got[0].record.body, html) << bits;
  }
  // A gzip body that does not inflate stays as is and PageFromRecord says so.
  std::string broken = GzipMember(html);
  broken.resize(broken.size() / 2);
  const auto got = ReadBuffer(Record(
      "response", "http://g.example/",
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: x-gzip\r\n\r\n" + broken));
  ASSERT_TRUE(got[0].ok);
  EXPECT_EQ(got[0].record.http_content_encoding, "x-gzip");
  EXPECT_EQ(PageFromRecord(got[0].record, "p").status().code(), ErrorCode::kBadGzip);
  // A "gzip" header over a body already decoded by the crawler.
  const auto plain = ReadBuffer(Record(
      "response", "http://g.example/",
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n" + html));
  ASSERT_TRUE(plain[0].ok);
  EXPECT_EQ(plain[0].record.body, html);
  EXPECT_TRUE(plain[0].record.http_content_encoding.empty());
}

TEST(WarcReaderTest, ChunkedWithExtensionsBareLfAndTruncation) {
  const auto body = [](std::string_view chunks) {
    const std::string block =
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + std::string(chunks);
    auto got = ReadBuffer(Record("response", "http://c.example/", block));
    EXPECT_TRUE(got[0].ok);
    return got[0].record.body;
  };
  EXPECT_EQ(body("3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"), "abcde");
  EXPECT_EQ(body("3\nabc\n2\nde\n0\n\n"), "abcde");
  EXPECT_EQ(body("A\r\n0123"), "0123");
  EXPECT_EQ(body("not chunked at all"), "not chunked at all");
}

TEST(WarcReaderTest, ZeroPaddingAfterMembersAndEmptyInput) {
  const std::string a = Record("resource", "http://a.example/", "aaa");
  const auto got = ReadBuffer(GzipMember(a) + std::string(64, '\0'));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_TRUE(got[0].ok);
  EXPECT_TRUE(ReadBuffer("").empty());
  EXPECT_TRUE(ReadBuffer("\r\n\r\n").empty());
}

TEST(WarcReaderTest, GarbageAfterGzipMemberIsBadGzip) {
  const std::string a = GzipMember(Record("resource", "http://a.example/", "aaa"));
  const std::string b = GzipMember(Record("resource", "http://b.example/", "bbb"));
  const auto got = ReadBuffer(a + "JUNKJUNK" + b);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_TRUE(got[0].ok);
  EXPECT_EQ(got[1].code, ErrorCode::kBadGzip);
  EXPECT_EQ(got[1].offset, a.size());
  ASSERT_TRUE(got[2].ok);
  EXPECT_EQ(got[2].offset, a.size() + 8);
}

TEST(WarcReaderTest, BytesReadReachesFileSize) {
  for (const char* name : {"multi.warc.gz", "plain.warc", "whole.warc.gz"}) {
    auto reader = WarcReader::Open(kDir + name);
    ASSERT_TRUE(reader.ok());
    (void)ReadAll(**reader);
    EXPECT_EQ((*reader)->bytes_read(), ReadFile(kDir + name).size()) << name;
  }
}

TEST(WarcReaderTest, OpenErrors) {
  EXPECT_EQ(WarcReader::Open(kDir + "does-not-exist.warc").status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(WarcReader::Open(kDir).status().code(), ErrorCode::kNotReadable);
}

TEST(WarcReaderTest, LooksLikeWarc) {
  EXPECT_TRUE(LooksLikeWarc("WARC/1.0\r\n"));
  EXPECT_TRUE(LooksLikeWarc("\r\nWARC/1.1\r\n"));
  EXPECT_FALSE(LooksLikeWarc("<html>"));
  EXPECT_FALSE(LooksLikeWarc("WARC/"));
  EXPECT_FALSE(LooksLikeWarc("\x1f\x8b\x08"));
}

TEST(WarcReaderTest, LargeRecordsAcrossReadChunks) {
  // Bodies larger than the 1 MB read chunk, plain and per-record gzip, and a
  // gzip member too large for the one-shot path.
  std::string big;
  for (int i = 0; big.size() < (3u << 20); ++i) big += "line " + std::to_string(i) + "\n";
  const std::string a = Record("resource", "http://big.example/", big);
  const std::string b = Record("resource", "http://b.example/", "bbb");
  for (bool gzip : {false, true}) {
    const auto got = ReadBuffer(gzip ? GzipMember(a) + GzipMember(b) : a + b);
    ASSERT_EQ(got.size(), 2u);
    ASSERT_TRUE(got[0].ok);
    EXPECT_EQ(got[0].record.body, big);
    ASSERT_TRUE(got[1].ok);
    EXPECT_EQ(got[1].record.body, "bbb");
  }
}

}  // namespace
}  // namespace newstrace::ingest
