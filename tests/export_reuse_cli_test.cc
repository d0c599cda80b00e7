// End-to-end tests of `newstrace export --what relations|clusters|graph` and
// the reuse part of `stats`: a store is filled through the C++ API (as
// `trace` will fill it), then the real binary reads it back.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "run_command.h"
#include "store/store.h"

namespace newstrace::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using json = nlohmann::json;

constexpr const char* kOddSite = "a&b<c>";

Article MakeArticle(int i, const std::string& site, const std::string& url) {
  Article a;
  a.source = "dump/" + std::to_string(i) + ".html";
  a.url = url;
  a.site = site;
  a.title = "Story " + std::to_string(i);
  a.published = "2020-01-0" + std::to_string(i);
  a.text = "Text of story " + std::to_string(i) + " with enough words to be an article.";
  return a;
}

// RFC 4180 rows (quoted fields may hold commas, quotes and line breaks).
std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
    } else if (c == '\r') {
      continue;
    } else if (c == '\n') {
      row.push_back(std::move(field));
      field.clear();
      rows.push_back(std::move(row));
      row.clear();
    } else {
      field += c;
    }
  }
  return rows;
}

// Parses a GEXF or GraphML file with Python's XML parser (an independent
// check of well-formedness and escaping) and prints its nodes and edges as
// JSON: {"nodes": {id: {attr: value}}, "edges": [{"source","target",...}]}.
constexpr const char* kXmlSummary = R"py(
import json, sys
import xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
ns = root.tag[1:].split('}')[0]
q = lambda tag: '{%s}%s' % (ns, tag)
out = {'root': root.tag.split('}')[1], 'ns': ns, 'nodes': {}, 'edges': []}
if out['root'] == 'gexf':
    for n in root.iter(q('node')):
        d = {'label': n.get('label')}
        for v in n.iter(q('attvalue')): d[v.get('for')] = v.get('value')
        out['nodes'][n.get('id')] = d
    for e in root.iter(q('edge')):
        d = {'source': e.get('source'), 'target': e.get('target'), 'weight': e.get('weight'),
             'type': e.get('type') or 'directed'}
        for v in e.iter(q('attvalue')): d[v.get('for')] = v.get('value')
        out['edges'].append(d)
else:
    for n in root.iter(q('node')):
        out['nodes'][n.get('id')] = {v.get('key'): v.text for v in n.iter(q('data'))}
    for e in root.iter(q('edge')):
        d = {'source': e.get('source'), 'target': e.get('target'),
             'type': 'undirected' if e.get('directed') == 'false' else 'directed'}
        for v in e.iter(q('data')): d[v.get('key')] = v.text
        out['edges'].append(d)
print(json.dumps(out))
)py";

class ExportReuseCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) /
           ("export_reuse_cli_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    FillStore();
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Db() const { return (dir_ / "corpus.db").string(); }

  CommandResult Newstrace(const std::string& args) {
    return RunCommand(Binary() + " " + args + " --db '" + Db() + "'");
  }

  // Seven articles on four sites, five relations, two clusters, three
  // template passages.
  void FillStore() {
    auto opened = store::OpenSqliteStore(Db());
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store::Store& db = **opened;
    std::vector<Article> articles = {
        MakeArticle(1, "origin.example", "https://origin.example/story"),
        MakeArticle(2, kOddSite, "https://copy.example/story?a=1&b=2"),
        MakeArticle(3, "copy.example", ""),  // no url: its source names it
        MakeArticle(4, "origin.example", "https://origin.example/other"),
        MakeArticle(5, kOddSite, "https://odd.example/5"),
        MakeArticle(6, "other.example", "https://other.example/6"),
        MakeArticle(7, "other.example", "https://other.example/7"),
    };
    for (size_t i = 0; i < articles.size(); ++i) {
      auto put = db.PutArticle(0, "r" + std::to_string(i), articles[i], "");
      ASSERT_TRUE(put.ok()) << put.status().ToString();
      ASSERT_EQ(put->article_id, static_cast<int64_t>(i + 1));
    }
    ASSERT_TRUE(
        db
            .PutRelations({
                {1,
                 2,
                 "republication",
                 0.9,
                 0.8,
                 1,
                 "linked",
                 R"({"origin":"published earlier","credit":{"link":"https://origin.example/story"}})",
                 {{0, 50, 10, 60}}},
                {1, 3, "excerpt", 0.2, 0.7, 1, "none", "{}", {{0, 10, 5, 15}, {20, 30, 40, 50}}},
                {2, 4, "duplicate", 1.0, 1.0, 0, "", "", {{0, 60, 0, 60}}},
                {4, 5, "republication", 0.95, 0.9, 4, "named", "[]", {{1, 2, 3, 4}}},
                {6, 7, "excerpt", 0.1, 0.3, 0, "", "", {{5, 9, 5, 9}}},
            })
            .ok());
    ASSERT_TRUE(db.ReplaceClusters(
                      {{1, {1, 2, 3, 4, 5}, 1, R"(["earliest published"])"}, {6, {6, 7}, 0, ""}})
                    .ok());
    ASSERT_TRUE(
        db
            .ReplaceTemplates({
                {"origin.example", "Share this\narticle   on social media", 40},
                {"origin.example", std::string(69, 'x') + " caf\xC3\xA9 caf\xC3\xA9 more", 12},
                {kOddSite, "Subscribe to <b>", 3},
            })
            .ok());
  }

  // Writes `xml` to a file and summarises it with Python's XML parser.
  json XmlSummary(const std::string& xml) {
    const fs::path script = dir_ / "xml_summary.py";
    const fs::path file = dir_ / "graph.xml";
    std::ofstream(script) << kXmlSummary;
    std::ofstream(file, std::ios::binary) << xml;
    CommandResult r = RunCommand("python3 '" + script.string() + "' '" + file.string() + "'");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.exit_code == 0 ? json::parse(r.out) : json();
  }

  // The summary's node ids by label.
  static std::map<std::string, std::string> NodeIds(const json& summary, const char* label_key) {
    std::map<std::string, std::string> ids;
    for (const auto& [id, node] : summary["nodes"].items()) {
      ids[node[label_key].get<std::string>()] = id;
    }
    return ids;
  }

  // Checks the site graph both formats must describe.
  void ExpectSiteGraph(const json& g, const char* weight_key) {
    auto ids = NodeIds(g, "label");
    ASSERT_EQ(ids.size(), 4u) << g.dump();
    EXPECT_EQ(g["nodes"][ids[kOddSite]]["articles"], "2");
    EXPECT_EQ(g["nodes"][ids["origin.example"]]["articles"], "2");
    EXPECT_EQ(g["nodes"][ids["copy.example"]]["articles"], "1");
    EXPECT_EQ(g["nodes"][ids["other.example"]]["articles"], "2");
    ASSERT_EQ(g["edges"].size(), 4u) << g.dump();
    auto find = [&](const std::string& from, const std::string& to) {
      for (const json& e : g["edges"]) {
        if (e["source"] == ids[from] && e["target"] == ids[to]) return e;
      }
      ADD_FAILURE() << "no edge " << from << " -> " << to;
      return json();
    };
    json republished = find("origin.example", kOddSite);  // (1,2) and (4,5)
    EXPECT_EQ(republished[weight_key], "2");
    EXPECT_EQ(republished["republication"], "2");
    EXPECT_EQ(republished["duplicate"], "0");
    EXPECT_EQ(republished["origin_known"], "true");
    EXPECT_EQ(republished["type"], "directed");
    json excerpt = find("origin.example", "copy.example");
    EXPECT_EQ(excerpt[weight_key], "1");
    EXPECT_EQ(excerpt["excerpt"], "1");
    json unknown = find(kOddSite, "origin.example");  // (2,4): sites in name order
    EXPECT_EQ(unknown["duplicate"], "1");
    EXPECT_EQ(unknown["origin_known"], "false");
    EXPECT_EQ(unknown["type"], "undirected");
    json loop = find("other.example", "other.example");
    EXPECT_EQ(loop["type"], "undirected");
  }

  fs::path dir_;
};

TEST_F(ExportReuseCliTest, RelationsAsJsonLines) {
  CommandResult r = Newstrace("export --what relations");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("5 relations"));
  std::vector<json> lines = JsonLines(r.out);
  ASSERT_EQ(lines.size(), 5u);
  const json& first = lines[0];
  EXPECT_EQ(first["a"], "https://origin.example/story");
  EXPECT_EQ(first["b"], "https://copy.example/story?a=1&b=2");
  EXPECT_EQ(first["kind"], "republication");
  EXPECT_EQ(first["origin"], "https://origin.example/story");
  EXPECT_EQ(first["credit"], "linked");
  EXPECT_EQ(first["evidence"], json::parse(R"({"origin":"published earlier",
            "credit":{"link":"https://origin.example/story"}})"));
  EXPECT_EQ(first["passages"],
            json::parse(R"([{"a_begin":0,"a_end":50,"b_begin":10,"b_end":60}])"));
  EXPECT_EQ(first["a_id"], 1);
  EXPECT_EQ(first["b_id"], 2);
  EXPECT_DOUBLE_EQ(first["a_shared"].get<double>(), 0.9);
  EXPECT_DOUBLE_EQ(first["b_shared"].get<double>(), 0.8);
  // Article 3 has no url: its source stands for it.
  EXPECT_EQ(lines[1]["b"], "dump/3.html");
  EXPECT_EQ(lines[1]["passages"].size(), 2u);
  EXPECT_EQ(lines[1]["credit"], "none");
  // Unknown origin: origin and credit are null; no evidence is null.
  EXPECT_TRUE(lines[2]["origin"].is_null());
  EXPECT_TRUE(lines[2]["credit"].is_null());
  EXPECT_TRUE(lines[2]["evidence"].is_null());
  // Origin on the b side.
  EXPECT_EQ(lines[3]["a_id"], 4);
  EXPECT_EQ(lines[3]["origin"], "https://origin.example/other");
  EXPECT_EQ(lines[3]["evidence"], json::array());
  std::vector<std::pair<int, int>> pairs;
  for (const json& l : lines) pairs.push_back({l["a_id"].get<int>(), l["b_id"].get<int>()});
  EXPECT_THAT(pairs, ElementsAre(std::pair{1, 2}, std::pair{1, 3}, std::pair{2, 4}, std::pair{4, 5},
                                 std::pair{6, 7}));
}

TEST_F(ExportReuseCliTest, RelationsSiteFilterAndLimit) {
  CommandResult r = Newstrace("export --what relations --site copy.example");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<json> lines = JsonLines(r.out);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["b"], "dump/3.html");
  r = Newstrace("export --what relations --site '" + std::string(kOddSite) + "' --limit 2");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  lines = JsonLines(r.out);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["b_id"], 2);
  EXPECT_EQ(lines[1]["b_id"], 4);
}

TEST_F(ExportReuseCliTest, RelationsAsCsv) {
  CommandResult r = Newstrace("export --what relations --format csv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto rows = ParseCsv(r.out);
  ASSERT_EQ(rows.size(), 6u);
  EXPECT_THAT(rows[0], ElementsAre("a", "b", "kind", "origin", "credit", "a_shared", "b_shared",
                                   "passages", "evidence", "a_id", "b_id"));
  EXPECT_THAT(
      rows[1],
      ElementsAre(
          "https://origin.example/story", "https://copy.example/story?a=1&b=2", "republication",
          "https://origin.example/story", "linked", "0.9", "0.8", "0-50:10-60",
          R"({"origin":"published earlier","credit":{"link":"https://origin.example/story"}})", "1",
          "2"));
  EXPECT_EQ(rows[2][7], "0-10:5-15;20-30:40-50");
  EXPECT_EQ(rows[3][3], "");  // unknown origin
  EXPECT_EQ(rows[3][4], "");
  EXPECT_EQ(rows[3][8], "");
}

TEST_F(ExportReuseCliTest, ClustersAsJsonLinesAndCsv) {
  CommandResult r = Newstrace("export --what clusters");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<json> lines = JsonLines(r.out);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["cluster"], 1);
  EXPECT_EQ(lines[0]["size"], 5);
  EXPECT_EQ(lines[0]["origin"], "https://origin.example/story");
  EXPECT_EQ(lines[0]["evidence"], json::parse(R"(["earliest published"])"));
  ASSERT_EQ(lines[0]["articles"].size(), 5u);
  EXPECT_EQ(lines[0]["articles"][1],
            json::parse(R"({"id":2,"url":"https://copy.example/story?a=1&b=2","site":"a&b<c>",
                            "published":"2020-01-02"})"));
  EXPECT_EQ(lines[0]["articles"][2]["url"], "dump/3.html");
  EXPECT_EQ(lines[1]["cluster"], 6);
  EXPECT_TRUE(lines[1]["origin"].is_null());
  EXPECT_TRUE(lines[1]["evidence"].is_null());

  r = Newstrace("export --what clusters --site other.example");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  lines = JsonLines(r.out);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["cluster"], 6);

  r = Newstrace("export --what clusters --format csv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto rows = ParseCsv(r.out);
  ASSERT_EQ(rows.size(), 8u);  // header + one row per member
  EXPECT_THAT(rows[0],
              ElementsAre("cluster", "size", "origin", "article_id", "url", "site", "published"));
  EXPECT_THAT(rows[2], ElementsAre("1", "5", "https://origin.example/story", "2",
                                   "https://copy.example/story?a=1&b=2", kOddSite, "2020-01-02"));
  EXPECT_THAT(rows[7], ElementsAre("6", "2", "", "7", "https://other.example/7", "other.example",
                                   "2020-01-07"));
}

TEST_F(ExportReuseCliTest, GraphAsGexf) {
  CommandResult r = Newstrace("export --what graph --format gexf");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<gexf "));
  EXPECT_THAT(r.out, HasSubstr("version=\"1.3\""));
  EXPECT_THAT(r.out, HasSubstr("label=\"a&amp;b&lt;c&gt;\""));
  EXPECT_THAT(r.out, Not(HasSubstr(kOddSite)));
  json g = XmlSummary(r.out);
  EXPECT_EQ(g["root"], "gexf");
  EXPECT_EQ(g["ns"], "http://gexf.net/1.3");
  ExpectSiteGraph(g, "weight");
}

TEST_F(ExportReuseCliTest, GraphAsGraphmlByDefault) {
  CommandResult r = Newstrace("export --what graph");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("<data key=\"label\">a&amp;b&lt;c&gt;</data>"));
  EXPECT_THAT(r.err, HasSubstr("4 sites, 4 edges"));
  json g = XmlSummary(r.out);
  EXPECT_EQ(g["root"], "graphml");
  EXPECT_EQ(g["ns"], "http://graphml.graphdrawing.org/xmlns");
  ExpectSiteGraph(g, "weight");
}

TEST_F(ExportReuseCliTest, GraphOfOneSite) {
  CommandResult r = Newstrace("export --what graph --site other.example");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json g = XmlSummary(r.out);
  EXPECT_EQ(g["nodes"].size(), 1u);
  EXPECT_EQ(g["edges"].size(), 1u);
}

TEST_F(ExportReuseCliTest, RejectsFormatsThatDoNotApply) {
  for (const char* args :
       {"export --what graph --format csv", "export --what graph --format jsonl",
        "export --what relations --format gexf", "export --what articles --format graphml",
        "export --what clusters --since 2020-01-01", "export --what relations --author X"}) {
    CommandResult r = Newstrace(args);
    EXPECT_EQ(r.exit_code, 2) << args;
    EXPECT_THAT(r.err, HasSubstr("apply to")) << args;
    EXPECT_TRUE(r.out.empty()) << args;
  }
  EXPECT_EQ(Newstrace("export --what nonsense").exit_code, 2);
}

TEST_F(ExportReuseCliTest, StatsShowRelationsClustersAndTemplates) {
  CommandResult r = Newstrace("stats");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("relations by kind (5):"));
  EXPECT_THAT(r.out, ::testing::ContainsRegex("republication +2\n"));
  EXPECT_THAT(r.out, ::testing::ContainsRegex("excerpt +2\n"));
  EXPECT_THAT(r.out, HasSubstr("clusters: 2 (7 articles)"));
  EXPECT_THAT(r.out, HasSubstr("template passages by site (2 sites;"));
  EXPECT_THAT(r.out, ::testing::ContainsRegex("origin.example +40  Share this article on social "
                                              "media\n"));
  // 80 bytes, cut before the "é" that would cross the limit, then "…".
  EXPECT_THAT(r.out, HasSubstr("  " + std::string(69, 'x') + " caf\xC3\xA9 caf…\n"));
  EXPECT_THAT(r.out, ::testing::ContainsRegex("a&b<c> +3  Subscribe to <b>\n"));
}

}  // namespace
}  // namespace newstrace::testing
