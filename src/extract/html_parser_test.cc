#include "extract/html_parser.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "extract/dom_text_test_util.h"
#include "extract/html_gumbo.h"

namespace newstrace::extract {
namespace {

std::string Visible(std::string_view html) { return VisibleTextForTest(ParseHtml(html)); }
std::string GumboVisible(std::string_view html) {
  return VisibleTextForTest(ParseHtmlWithGumbo(html));
}

// Tree dump for structural assertions: elements as <tag>, text quoted.
std::string Dump(const Document& doc, uint32_t index = Document::kRoot) {
  const Node& n = doc.node(index);
  if (n.is_text()) return "\"" + std::string(n.text) + "\"";
  std::string out = "<" + std::string(doc.tag_name(index));
  for (const Attribute& a : doc.attributes(index)) {
    out += " " + std::string(a.name) + "=" + std::string(a.value);
  }
  out += ">";
  for (uint32_t c = n.first_child; c != Node::kNone; c = doc.node(c).next_sibling) {
    out += Dump(doc, c);
  }
  return out + "</>";
}
std::string DumpBody(std::string_view html) {
  Document doc = ParseHtml(html);
  uint32_t body = doc.FindFirst(Tag::kBody);
  return body == Node::kNone ? "" : Dump(doc, body);
}

// Character references and CRs at every offset of short and long attribute
// values and text runs (the scanners read 16 bytes at a time, then the tail).
TEST(HtmlParserTest, ReferencesAtEveryOffsetOfValuesAndText) {
  for (size_t before = 0; before < 40; ++before) {
    for (size_t after = 0; after < 20; after += 3) {
      const std::string pad_before(before, 'x'), pad_after(after, 'y');
      const std::string raw = pad_before + "&amp;\r\n" + pad_after;
      const std::string decoded = pad_before + "&\n" + pad_after;
      const std::string html = "<body><p title=\"" + raw + "\" id=" + pad_before + "&lt;" +
                               pad_after + ">" + raw + "</p>";
      Document doc = ParseHtml(html);  // views into html
      const uint32_t p = doc.FindFirst(Tag::kP);
      ASSERT_NE(p, Node::kNone);
      EXPECT_EQ(doc.attr(p, "title"), decoded);
      EXPECT_EQ(doc.attr(p, "id"), pad_before + "<" + pad_after);
      ASSERT_NE(doc.node(p).first_child, Node::kNone);
      EXPECT_EQ(doc.node(doc.node(p).first_child).text, decoded);
      EXPECT_EQ(Visible("<p title=\"" + raw + "\">" + raw),
                GumboVisible("<p title=\"" + raw + "\">" + raw));
    }
  }
}

TEST(HtmlParserTest, ImplicitHtmlHeadBody) {
  Document doc = ParseHtml("<title>T</title><p>Hi");
  EXPECT_EQ(Dump(doc), "<html><head><title>\"T\"</></><body><p>\"Hi\"</></></>");
}

TEST(HtmlParserTest, HeadContentBeforeBodyGoesToHead) {
  Document doc = ParseHtml(
      "<!DOCTYPE html><html lang=en><meta charset=utf-8><link rel=canonical href=/x>"
      "<script>var a = '<p>';</script>text<meta name=late>");
  EXPECT_EQ(Dump(doc),
            "<html lang=en><head><meta charset=utf-8></><link rel=canonical href=/x></>"
            "<script>\"var a = '<p>';\"</></><body>\"text\"<meta name=late></></></>");
}

TEST(HtmlParserTest, TextIsZeroCopyWhenClean) {
  std::string html = "<p>plain text</p>";
  Document doc = ParseHtml(html);
  uint32_t p = doc.FindFirst(Tag::kP);
  std::string_view text = doc.node(doc.node(p).first_child).text;
  EXPECT_EQ(text, "plain text");
  EXPECT_GE(text.data(), html.data());
  EXPECT_LT(text.data(), html.data() + html.size());
}

TEST(HtmlParserTest, NamesLowerCased) {
  EXPECT_EQ(DumpBody("<DIV CLASS=A><Custom-El DATA-X=1>t</Custom-El></DIV>"),
            "<body><div class=A><custom-el data-x=1>\"t\"</></></>");
}

TEST(HtmlParserTest, NamedEntities) {
  EXPECT_EQ(Visible("a&amp;b&lt;c&gt;d&quot;e&apos;f&nbsp;g"), "a&b<c>d\"e'f\xC2\xA0g");
  EXPECT_EQ(Visible("&mdash;&ndash;&hellip;&lsquo;&rsquo;&ldquo;&rdquo;&laquo;&raquo;"),
            "\xE2\x80\x94\xE2\x80\x93\xE2\x80\xA6\xE2\x80\x98\xE2\x80\x99\xE2\x80\x9C"
            "\xE2\x80\x9D\xC2\xAB\xC2\xBB");
  EXPECT_EQ(Visible("&copy;&reg;&trade;&bull;&middot;&eacute;&euro;"),
            "\xC2\xA9\xC2\xAE\xE2\x84\xA2\xE2\x80\xA2\xC2\xB7\xC3\xA9\xE2\x82\xAC");
  EXPECT_EQ(Visible("&unknownentity; &amp x &"), "&unknownentity; & x &");
  // Legacy names decode without ';' in text, even before alphanumerics.
  EXPECT_EQ(Visible("&copy2024 &ampfoo &notit"),
            "\xC2\xA9"
            "2024 &foo \xC2\xACit");
  // Non-legacy names need the semicolon.
  EXPECT_EQ(Visible("&mdash x"), "&mdash x");
}

TEST(HtmlParserTest, NumericEntities) {
  EXPECT_EQ(Visible("&#65;&#x42;&#X43;&#100"), "ABCd");
  EXPECT_EQ(Visible("&#x1F600;"), "\xF0\x9F\x98\x80");
  EXPECT_EQ(Visible("&#0;|&#xD800;|&#x110000;|&#99999999999999;"),
            "\xEF\xBF\xBD|\xEF\xBF\xBD|\xEF\xBF\xBD|\xEF\xBF\xBD");
  EXPECT_EQ(Visible("&#x80;&#150;&#x9F;"), "\xE2\x82\xAC\xE2\x80\x93\xC5\xB8");
  EXPECT_EQ(Visible("&#; &#x; &#xZ"), "&#; &#x; &#xZ");
}

TEST(HtmlParserTest, AttributeEntities) {
  Document doc =
      ParseHtml("<a href=\"/a?x=1&amp;y=2&copy=3&notx&lt;z\" title='&quot;q&quot; &copy'>t</a>");
  uint32_t a = doc.FindFirst(Tag::kA);
  EXPECT_EQ(doc.attr(a, "href"), "/a?x=1&y=2&copy=3&notx<z");
  EXPECT_EQ(doc.attr(a, "title"), "\"q\" \xC2\xA9");
}

TEST(HtmlParserTest, AttributeSyntax) {
  Document doc = ParseHtml("<div a=1 b='2' c=\"3\" d e = 5 a=dup f=\"x\"g=h/>t");
  uint32_t div = doc.FindFirst(Tag::kDiv);
  EXPECT_EQ(doc.attr(div, "a"), "1");
  EXPECT_EQ(doc.attr(div, "b"), "2");
  EXPECT_EQ(doc.attr(div, "c"), "3");
  EXPECT_TRUE(doc.has_attr(div, "d"));
  EXPECT_EQ(doc.attr(div, "e"), "5");
  EXPECT_EQ(doc.attr(div, "g"), "h/");
  EXPECT_EQ(doc.node(doc.node(div).first_child).text, "t");  // not self-closed in HTML
}

// Attributes are staged in the Document while the tag is read: repeated
// names (the first wins, compared lower-cased, before decoding), and the tags
// that give theirs to an element other than a new one (<html>, <body>, <head>)
// or to none (an ignored tag, a tag cut off by the end of input).
TEST(HtmlParserTest, StagedAttributes) {
  EXPECT_EQ(DumpBody("<div ID=a id=b Class=\"&amp;\" class=d data-X=\"x&lt;\">t</div>"),
            "<body><div id=a class=& data-x=x<>\"t\"</></>");
  EXPECT_EQ(DumpBody("<p a=1><frameset b=2><p c=3>x"), "<body><p a=1></><p c=3>\"x\"</></>");
  Document doc = ParseHtml(
      "<html lang=en><head id=h><meta charset=utf-8></head><body class=b>"
      "<html lang=fr dir=rtl><body class=c id=x><p>t<div title=cut");
  EXPECT_EQ(Dump(doc),
            "<html lang=en><head id=h><meta charset=utf-8></></><body class=b>"
            "<p>\"t\"</></></>");
  // A second <html> merges its attributes only into an <html> that was the
  // last element given some; a second <body> in the body is ignored.
  EXPECT_EQ(Dump(ParseHtml("<html lang=en><html lang=fr dir=rtl>x")),
            "<html lang=en dir=rtl><head></><body>\"x\"</></>");
  EXPECT_EQ(DumpBody("<body a=1><body a=2 b=3>x"), "<body a=1>\"x\"</>");
}

// Start tags that the in-body rules just insert take a shorter path; the
// ones next to it (nested <a> and <li>, p-closing tags, tags in tables,
// selects and foreign content) keep their rules.
TEST(HtmlParserTest, PlainStartTags) {
  EXPECT_EQ(DumpBody("<a href=1>x<a href=2>y</a>z"),
            "<body><a href=1>\"x\"</><a href=2>\"y\"</>\"z\"</>");
  EXPECT_EQ(DumpBody("<ul><li>a<li>b<ul><li>c<li>d</ul>e</ul>"),
            "<body><ul><li>\"a\"</><li>\"b\"<ul><li>\"c\"</><li>\"d\"</></>\"e\"</></></>");
  EXPECT_EQ(DumpBody("<p>a<section>b<p>c<img src=i>d<br>e</section>f"),
            "<body><p>\"a\"</><section>\"b\"<p>\"c\"<img src=i></>\"d\"<br></>\"e\"</></>"
            "\"f\"</>");
  EXPECT_EQ(DumpBody("<p>a<li>b"), "<body><p>\"a\"</><li>\"b\"</></>");
}

TEST(HtmlParserTest, CrLfAndNul) {
  EXPECT_EQ(Dump(ParseHtml("<p>a\r\nb\rc</p>"), 3), "<p>\"a\nb\nc\"</>");
  EXPECT_EQ(Visible(std::string_view("a\0b", 3)), "ab");
  Document doc = ParseHtml(std::string_view("<div title='x\0y'>", 18));
  EXPECT_EQ(doc.attr(doc.FindFirst(Tag::kDiv), "title"), "x\xEF\xBF\xBDy");
}

// Script and style bodies are searched for CR and NUL before they are stored
// as they are: one such byte at every offset of bodies of many sizes (around
// the widths vector scans use) must be found and decoded.
TEST(HtmlParserTest, CrAndNulAtEveryOffsetOfRawText) {
  for (Tag tag : {Tag::kScript, Tag::kStyle}) {
    const std::string name(TagName(tag));
    for (size_t size : {1, 2, 31, 32, 33, 63, 64, 255, 256, 257, 288, 300, 511, 512, 545}) {
      const std::string clean(size, 'x');
      // The Document's text points into the html: keep it alive.
      const std::string plain_html = "<" + name + ">" + clean + "</" + name + ">";
      Document plain = ParseHtml(plain_html);
      const uint32_t plain_node = plain.node(plain.FindFirst(tag)).first_child;
      ASSERT_NE(plain_node, Node::kNone);
      EXPECT_EQ(plain.node(plain_node).text, clean);
      for (size_t at = 0; at < size; ++at) {
        for (char c : {'\r', '\0'}) {
          std::string body = clean;
          body[at] = c;
          const std::string html = "<" + name + ">" + body + "</" + name + ">";
          Document doc = ParseHtml(html);
          const uint32_t text = doc.node(doc.FindFirst(tag)).first_child;
          ASSERT_NE(text, Node::kNone) << size << " " << at;
          std::string expected = clean;
          expected.replace(at, 1, c == '\r' ? "\n" : "\xEF\xBF\xBD");
          EXPECT_EQ(doc.node(text).text, expected) << name << " " << size << " " << at;
        }
      }
    }
  }
}

TEST(HtmlParserTest, Comments) {
  EXPECT_EQ(Visible("a<!-- b -->c<!---->d<!-->e<!--->f<!-- x --!>g<! bogus >h<?php x ?>i"),
            "acdefghi");
  EXPECT_EQ(Visible("a<!-- never closed <p>b"), "a");
  EXPECT_EQ(Visible("a</ bogus>b</>c"), "abc");
  EXPECT_EQ(Visible("<![CDATA[x]]>y"), "y");
}

TEST(HtmlParserTest, LoneLessThan) {
  EXPECT_EQ(Visible("a < b <3 <"), "a < b <3 <");
  EXPECT_EQ(Visible("x</"), "x</");
  EXPECT_EQ(Visible("<p>unterminated <b class='x"), "unterminated");
}

TEST(HtmlParserTest, RawTextElements) {
  EXPECT_EQ(Visible("<body><style>p{}</style><script>if(a<b)x='</p>'</script>ok"), "ok");
  EXPECT_EQ(DumpBody("<body><textarea>\n<b>&amp;</b></textarea>"),
            "<body><textarea>\"<b>&</b>\"</></>");
  EXPECT_EQ(DumpBody("<body><xmp><b>&amp;</xmp>"), "<body><xmp>\"<b>&amp;\"</></>");
  EXPECT_EQ(DumpBody("<body><title>a &amp; <b></title>"), "<body><title>\"a & <b>\"</></>");
  EXPECT_EQ(DumpBody("<body><iframe><p>x</iframe>y"), "<body><iframe>\"<p>x\"</>\"y\"</>");
  EXPECT_EQ(DumpBody("<body><plaintext><p>x</plaintext>"),
            "<body><plaintext>\"<p>x</plaintext>\"</></>");
  EXPECT_EQ(DumpBody("<body><script>a</SCRIPT >b"), "<body><script>\"a\"</>\"b\"</>");
}

TEST(HtmlParserTest, ScriptEscapes) {
  // Inside "<!--", "<script>" starts a double-escaped part where </script> does not end.
  EXPECT_EQ(Visible("<body><script><!-- document.write('<script>x</script>'); --></script>ok"),
            "ok");
  EXPECT_EQ(Visible("<body><script><!--</script>ok"), "ok");
  EXPECT_EQ(Visible("<body><script><!--><script></script>ok"), "ok");
  // "-->" is found by its '>': dashes before where the scan resumed (the
  // "</script" of a double-escaped part) do not count, and '>' without "--"
  // changes nothing. Long scripts also exercise the 32-byte scan steps.
  const std::string filler(70, 'x');
  for (const std::string& script : std::vector<std::string>{
           "<!-- a--b; c--->x</script>ok", "<!-- i-- > 0 && j->k; </script>ok",
           "<!--<script>--</script>-->x</script>ok", "<!--<script></script>>--></script>ok",
           "<!--<script>a</script>--></script>ok", "<!--<script>x</script--></script>ok",
           "<!-- => -- > - > </script>ok", "<!---->" + filler + "</script>ok",
           "<!--" + filler + "<script>" + filler + "</script>" + filler + "--></script>ok"}) {
    const std::string html = "<body><script>" + script;
    EXPECT_EQ(Visible(html), GumboVisible(html)) << html;
  }
}

TEST(HtmlParserTest, NoscriptParsedAsMarkupLikeGumbo) {
  EXPECT_EQ(DumpBody("<body><noscript><p>Enable JS</p></noscript>"),
            "<body><noscript><p>\"Enable JS\"</></></>");
  Document doc = ParseHtml("<head><noscript><link rel=x></noscript><title>T</title></head>x");
  EXPECT_EQ(Dump(doc),
            "<html><head><noscript><link rel=x></></><title>\"T\"</></><body>\"x\"</></>");
}

TEST(HtmlParserTest, ImplicitEndTags) {
  EXPECT_EQ(DumpBody("<p>a<div>b</div>"), "<body><p>\"a\"</><div>\"b\"</></>");
  EXPECT_EQ(DumpBody("<p>a<p>b"), "<body><p>\"a\"</><p>\"b\"</></>");
  EXPECT_EQ(DumpBody("<ul><li>a<li>b<ul><li>c</ul><li>d</ul>"),
            "<body><ul><li>\"a\"</><li>\"b\"<ul><li>\"c\"</></></><li>\"d\"</></></>");
  EXPECT_EQ(DumpBody("<dl><dt>a<dd>b<dt>c</dl>"),
            "<body><dl><dt>\"a\"</><dd>\"b\"</><dt>\"c\"</></></>");
  EXPECT_EQ(DumpBody("<h1>a<h2>b</h2>"), "<body><h1>\"a\"</><h2>\"b\"</></>");
  EXPECT_EQ(DumpBody("<select><option>a<option>b</select>"),
            "<body><select><option>\"a\"</><option>\"b\"</></></>");
  EXPECT_EQ(DumpBody("<p><span>a<li>b"), "<body><p><span>\"a\"</></><li>\"b\"</></>");
}

TEST(HtmlParserTest, EndTagRules) {
  EXPECT_EQ(DumpBody("<div>a</span>b</div>c"), "<body><div>\"ab\"</>\"c\"</>");
  EXPECT_EQ(DumpBody("a</p>b"), "<body>\"a\"<p></>\"b\"</>");
  EXPECT_EQ(DumpBody("a</br>b"), "<body>\"a\"<br></>\"b\"</>");
  EXPECT_EQ(DumpBody("<div><span>a</div>b"), "<body><div><span>\"a\"</></>\"b\"</>");
  EXPECT_EQ(DumpBody("<span><div>a</span>b</div>"), "<body><span><div>\"ab\"</></></>");
}

TEST(HtmlParserTest, MisnestedFormattingKeepsTextOrder) {
  EXPECT_EQ(Visible("<b><p>1</b>2</p>3"), GumboVisible("<b><p>1</b>2</p>3"));
  EXPECT_EQ(Visible("<a href=1>x<div>y<a href=2>z</a>w</div>v"),
            GumboVisible("<a href=1>x<div>y<a href=2>z</a>w</div>v"));
}

TEST(HtmlParserTest, Tables) {
  EXPECT_EQ(DumpBody("<table><tr><td>a<td>b<tr><th>c</table>"),
            "<body><table><tbody><tr><td>\"a\"</><td>\"b\"</></><tr><th>\"c\"</></></></></>");
  EXPECT_EQ(DumpBody("<div><table><td></div>x</table>y"),
            "<body><div><table><tbody><tr><td>\"x\"</></></></>\"y\"</></>");
  EXPECT_EQ(DumpBody("<td>a</td>"), "<body>\"a\"</>");
}

TEST(HtmlParserTest, VoidAndForeign) {
  EXPECT_EQ(DumpBody("<br>a<img src=x>b<hr>"), "<body><br></>\"a\"<img src=x></>\"b\"<hr></></>");
  EXPECT_EQ(DumpBody("<svg><path d=1 /><text>t</text></svg>x"),
            "<body><svg><path d=1></><text>\"t\"</></>\"x\"</>");
  EXPECT_EQ(DumpBody("<svg><![CDATA[a<b]]><p>c"), "<body><svg>\"a<b\"</><p>\"c\"</></>");
  EXPECT_EQ(DumpBody("<math><mi>x</mi></math>"), "<body><math><mi>\"x\"</></></>");
}

TEST(HtmlParserTest, TemplateContentKept) {
  EXPECT_EQ(DumpBody("<body><template><p>x</p></template>y"),
            "<body><template><p>\"x\"</></>\"y\"</>");
}

TEST(HtmlParserTest, DepthLimit) {
  ParseLimits limits;
  limits.max_depth = 8;
  std::string html;
  for (int i = 0; i < 100; ++i) html += "<div>";
  html += "deep";
  Document doc = ParseHtml(html, limits);
  EXPECT_LE(doc.size(), 12u);
  EXPECT_EQ(VisibleTextForTest(doc), "deep");
  EXPECT_EQ(VisibleTextForTest(doc), VisibleTextForTest(ParseHtmlWithGumbo(html, limits)));
}

TEST(HtmlParserTest, NodeLimit) {
  ParseLimits limits;
  limits.max_nodes = 50;
  std::string html;
  for (int i = 0; i < 1000; ++i) html += "<p>x";
  Document doc = ParseHtml(html, limits);
  EXPECT_LE(doc.size(), 50u);
}

TEST(HtmlParserTest, AttributeLimit) {
  ParseLimits limits;
  limits.max_attribute_bytes = 10;
  Document doc = ParseHtml(
      "<a href='0123456789abcdef' title='&amp;&amp;&amp;&amp;&amp;&amp;"
      "&amp;&amp;&amp;&amp;&amp;'>x</a>",
      limits);
  uint32_t a = doc.FindFirst(Tag::kA);
  EXPECT_EQ(doc.attr(a, "href"), "0123456789");
  EXPECT_EQ(doc.attr(a, "title"), "&&&&&&&&&&");
}

// Hostile inputs: must finish fast (linear) and not crash.
// A quadratic path would take hours on these inputs; CTest's per-test timeout
// (tests/CMakeLists.txt) turns that into a failure. No timing is asserted here.
TEST(HtmlParserTest, HostileInputsAreLinear) {
  std::string nested;
  for (int i = 0; i < 100000; ++i) nested += "<div>";
  ParseHtml(nested);
  std::string ladder = "<p><table><td>";
  for (int i = 0; i < 50000; ++i) ladder += "<span><div><li>";
  ParseHtml(ladder);
  std::string spans;
  for (int i = 0; i < 100000; ++i) spans += "<x-a>";
  for (int i = 0; i < 100000; ++i) spans += "</x-b>";
  ParseHtml(spans);
  std::string attr = "<a href='" + std::string(10 << 20, 'x') + "'>";
  Document doc = ParseHtml(attr);
  EXPECT_EQ(doc.attr(doc.FindFirst(Tag::kA), "href").size(), ParseLimits().max_attribute_bytes);
  ParseHtml(std::string(1 << 20, '<'));
  ParseHtml(std::string(1 << 20, '&'));
  ParseHtml(std::string(1 << 20, '\0'));
  std::string formatting;
  for (int i = 0; i < 100000; ++i) formatting += "<b><p></b>";
  ParseHtml(formatting);
  std::string tables;
  for (int i = 0; i < 100000; ++i) tables += "<table><tr><td>";
  ParseHtml(tables);
  std::string scripts = "<script><!--";
  for (int i = 0; i < 100000; ++i) scripts += "<script>--><!--";
  ParseHtml(scripts);
}

TEST(HtmlParserTest, InvalidUtf8PassesThrough) {
  Document doc = ParseHtml("<p>\xFF\xC3(\xE2\x82</p>");
  uint32_t p = doc.FindFirst(Tag::kP);
  EXPECT_EQ(doc.node(doc.node(p).first_child).text, "\xFF\xC3(\xE2\x82");
}

// --- Differential tests against gumbo ---------------------------------------

const char* const kSnippets[] = {
    "",
    "plain",
    "<!DOCTYPE html><html><head><title>T</title></head><body><p>Hello <b>world</b></p></body>",
    "<p>one<p>two<div>three</div>four",
    "<ul><li>a<li>b</ul><ol><li>c<ol><li>d</ol>e</ol>",
    "<dl><dt>t<dd>d<dt>t2</dl>",
    // Tokens inside and after tables, selects and templates (ModeTag()).
    "<table><tr><td>a<select><option>x<option>y</select>b</td></tr></table>c<p>d",
    "<table><caption>cap<tr><td>x</table><template><td>t</template>after",
    "<table><colgroup><col><tr><td>1<td>2</tr><tbody><tr><th>h</table><div>e</div>",
    "<h1>a<h2>b</h1>c",
    "<table><tr><td>a<td>b</tr><tr><td>c</table>after",
    "<table><caption>cap<tr><td>x</table>",
    "<table><thead><tr><th>h<tbody><tr><td>d<tfoot><tr><td>f</table>",
    "<table><td>a<table><td>b</table>c</table>d",
    "<div><table><tr><td>cell</div>still</td></tr></table>out",
    "<b><p>1</b>2</p>3",
    "<b>bold<i>both</b>italic</i>plain",
    "<a href=x>one<a href=y>two</a>",
    "<p><a href=1>link<div>block</div>tail</a>end",
    "<select><option>a<optgroup><option>b</select>x",
    "<select><div>x</div><p>y</select>z",
    "<form><form><input></form>x</form>y",
    "<pre>\nfirst\nsecond</pre>",
    "<textarea>\r\ncontent &amp; more</textarea>",
    "<script>document.write('<p>x</p>')</script>after",
    "<style>p{color:red}</style><p>styled",
    "<noscript><p>no js</p></noscript>visible",
    "<head><noscript><style>x</style></noscript><meta name=a></head><body>b",
    "<head><noscript><img src=x>text</noscript></head>body",
    "<title>a<b>c</title>text",
    "<body><title>in body</title>x",
    "<iframe>fallback <b>text</b></iframe>after",
    "<svg><title>svg title</title><text>label</text></svg><p>after",
    "<svg><p>breakout</svg>",
    "<svg><foreignObject><p>html inside</p></foreignObject></svg>x",
    "<math><mi>x</mi><mo>+</mo></math>y",
    "<p>x<svg><circle/></svg>y</p>",
    "<template><p>tpl</p></template><p>real",
    "a&amp;b &lt; &gt; &quot; &nbsp; &copy &copy; &eacute; &mdash; &#8212; &#x2014;",
    "&#0; &#128; &#x9F; &#xDFFF; &#x110000; &#1114111;",
    "<p>a<br>b</br>c</p>",
    "x</p>y",
    "<div>a</span>b</div>",
    "<span><div>x</span>y</div>z",
    "<p>para<table><tr><td>t</table>",
    "<!DOCTYPE html><p>para<table><tr><td>t</table>",
    "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\"><p>q<table><td>t</table>",
    "<!-- c --><p>x<!-- y -->z",
    "<p>a<!--b--c-->d",
    "<button>a<button>b</button>",
    "<li>loose<li>items",
    "<p><li>x</li>y",
    "<center>c<p>p</center>after",
    "<address>a<p>b</address>",
    "<figure><img src=x><figcaption>cap</figcaption></figure>",
    "<article><header>h</header><section><p>s</section><footer>f</footer></article>",
    "<main><nav>n</nav><aside>a</aside></main>",
    "<blockquote>q<p>r</blockquote>s",
    "<hr>x<hr/>y",
    "<div>a<div>b<div>c</div></div></div>d",
    "<frameset><frame src=x></frameset>",
    "<body>a</body>b</html>c",
    "<html><body><p>x</p></body></html>\n\n",
    "text before<html><head><title>t</title>",
    "<meta charset=utf-8><p>x",
    "<link rel=stylesheet href=a.css>x",
    "<base href=/><p>y",
    "<p>1<h3>2</h3>3",
    "<h2><p>in heading</p></h2>",
    "<table>stray<tr><td>x</td></tr></table>",
    "<ruby>a<rt>b</rt></ruby>",
    "<p>x<object><p>y</object>z",
    "<dir><li>a</dir>b",
    "<listing>\nlisting</listing>",
    "<xmp><b>raw</b></xmp>",
    "<nobr>a<nobr>b</nobr>",
    "<table><tr><td><select><option>a</td><td>x</table>",
    // Table tags inside a <select>: they close it only when it is in a table.
    "<select><option>a<table><tr><td>b</table>c",
    "<div><select><option>x<td>y<tr>z</select>w</div>",
    "<table><tr><td><select><option>a<td>b</table>c",
    "<table><tr><td><template><select><option>a<td>b</select></template>c</table>",
    "<ul><li><p>a<li>b</ul>",
    "<div><p>a</div>b",
    "<p>a</div>b",
    "<a><p>x</a>y",
    "<em><div>x</em>y</div>",
    "<SCRIPT>x</script >y",
    "<script><!--<script>--></script>after",
    "<P CLASS=x>Upper<BR>Case</P>",
    "&notit; &notin; &ampx &lt3",
    // An end tag for the current element (a fast path in the tokenizer), in
    // and out of tables, selects, templates and foreign content.
    "<p>a<b>b</b>c</p>d",
    "<div><span>a</SPAN>b</div>c",
    "<table><tr><td><b>x</b></td></tr></table>y",
    "<table><b>x</b><tr><td>y</td></tr></table>z",
    "<select><option>a</option><option>b</option></select>c",
    "<template><b>x</b></template>y",
    "<svg><g><text>t</text></g></svg>after",
    "<math><mi>x</mi></math>y",
    "<b><i>x</b></i>y",
    "<ul><li>a</li><li>b</li></ul>c",
    // Start tags next to the plain ones (see PlainStartTags).
    "<a>x<a>y</a>z",
    "<li>a<div><li>b</div>c",
    "<p>a<ul><li>b<p>c<li>d</ul>e",
    "<table><tr><td><div>a<p>b</div><a>c<a>d</td></tr></table>e",
    "<select><div>x</div><option>y<span>z</span></select>w",
    "<svg><a>x</a><span>y</span><div>z</div></svg>w",
    "<math><mi><div>a<li>b</div></mi></math>c",
    "<template><div>a<li>b</template>c",
    // Entities, named (legacy and not) and numeric, inside words.
    "&eacute;t&eacute; &Eacute;mile &uuml;ber &szlig; &aring;&AElig;&oslash; &ccedil;a "
    "&iexcl;hola! &iquest;qu&eacute;? &frac12; &deg;C &sup2; &times; &divide; &plusmn; "
    "&larr;&rarr;&uarr;&darr; &hearts; &alpha;&beta;&Omega; &thinsp;&ensp;&emsp; &zwj;&zwnj; "
    "&shy; &micro; &para; &sect; &cent;&pound;&yen; &lsaquo;&rsaquo; &sbquo;&bdquo; &dagger; "
    "&permil; &prime;&Prime; &oline; &frasl; &image; &weierp; &real; &alefsym; &AMP; &LT &GT;",
};

// Attribute values with tab, LF, CR, CRLF and references, short and longer
// than the 16-byte scan, in both quote styles and unquoted, as gumbo reads them.
TEST(HtmlParserDifferentialTest, AttributeValuesWithControlBytesAndReferences) {
  const char* const values[] = {"a\tb",
                                "a\nb",
                                "a\rb",
                                "a\r\nb",
                                "x&amp;y",
                                "x&copy;y&lt;z",
                                "sixteen bytes..\tand more after the tab",
                                "0123456789abcdef\r\n0123456789&amp;end",
                                "&quot;quoted&quot; and &#x41;&#66; and \r at the very end\r"};
  for (const std::string value : values) {
    for (const std::string& html :
         {"<a title=\"" + value + "\">t</a>", "<a title='" + value + "'>t</a>",
          "<a title=" + value.substr(0, value.find_first_of(" \t\r\n")) + ">t</a>"}) {
      Document fast = ParseHtml(html);
      Document gumbo = ParseHtmlWithGumbo(html);
      EXPECT_EQ(fast.attr(fast.FindFirst(Tag::kA), "title"),
                gumbo.attr(gumbo.FindFirst(Tag::kA), "title"))
          << "html: " << html;
    }
  }
}

TEST(HtmlParserDifferentialTest, Snippets) {
  for (const char* snippet : kSnippets) {
    EXPECT_EQ(Visible(snippet), GumboVisible(snippet)) << "snippet: " << snippet;
  }
}

std::string Gunzip(const std::string& compressed) {
  std::string out;
  z_stream zs{};
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) return out;
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  zs.avail_in = static_cast<uInt>(compressed.size());
  char buf[1 << 16];
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof(buf);
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buf, sizeof(buf) - zs.avail_out);
  }
  inflateEnd(&zs);
  return out;
}

std::vector<std::pair<std::string, std::string>> LoadAebPages() {
  namespace fs = std::filesystem;
  std::vector<std::pair<std::string, std::string>> pages;
  fs::path dir = fs::path(NEWSTRACE_SHARED_DATA) / "aeb-dev" / "html";
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return pages;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    if (!name.ends_with(".html.gz")) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::string gz((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    pages.emplace_back(name, Gunzip(gz));
  }
  std::sort(pages.begin(), pages.end());
  return pages;
}

// First differing line of two serialisations, for a readable failure.
std::string FirstDifference(const std::string& a, const std::string& b) {
  size_t i = 0;
  while (i < a.size() && i < b.size() && a[i] == b[i]) ++i;
  size_t from = i > 80 ? i - 80 : 0;
  return "at byte " + std::to_string(i) + "\n  fast:  ..." + a.substr(from, 200) +
         "\n  gumbo: ..." + b.substr(from, 200);
}

TEST(HtmlParserDifferentialTest, AebPagesVisibleTextAndKeyAttributes) {
  auto pages = LoadAebPages();
  if (pages.empty()) GTEST_SKIP() << "no AEB pages under " << NEWSTRACE_SHARED_DATA;
  size_t text_equal = 0, attrs_equal = 0;
  for (const auto& [name, html] : pages) {
    Document fast = ParseHtml(html);
    Document oracle = ParseHtmlWithGumbo(html);
    std::string a = VisibleTextForTest(fast), b = VisibleTextForTest(oracle);
    if (a == b) {
      ++text_equal;
    } else {
      ADD_FAILURE() << name << " visible text differs " << FirstDifference(a, b);
    }
    std::string ka = KeyAttributesForTest(fast), kb = KeyAttributesForTest(oracle);
    if (ka == kb) {
      ++attrs_equal;
    } else {
      ADD_FAILURE() << name << " key attributes differ " << FirstDifference(ka, kb);
    }
  }
  RecordProperty("pages", static_cast<int>(pages.size()));
  std::printf("AEB differential: %zu pages, visible text equal %zu, key attributes equal %zu\n",
              pages.size(), text_equal, attrs_equal);
}

}  // namespace
}  // namespace newstrace::extract
