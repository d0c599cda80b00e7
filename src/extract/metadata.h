// Page metadata from every place real sites put it: JSON-LD (arrays, @graph,
// several blocks, nested author/publisher objects), OpenGraph, <meta name>,
// article:*, Dublin Core, microdata (itemprop), <time datetime>, rel=author
// and byline elements, <link rel=canonical>, <html lang>, URL date slugs.
// Each field records the source that gave it in `evidence`.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/article.h"
#include "extract/dom.h"

namespace newstrace::extract {

struct Metadata {
  std::string url;            // page URL (argument, else og:url)
  std::string canonical_url;  // <link rel=canonical>, og:url, JSON-LD url; absolute
  std::string site;           // host without "www." of canonical_url or url
  std::string title;          // site-name suffix/prefix stripped
  std::vector<std::string> authors;  // person names; no "By", no site/publisher names
  std::string published;      // ISO 8601 (NormalizeDate)
  std::string modified;
  std::string publisher;      // outlet name
  std::string language;       // declared: <html lang>, og:locale, JSON-LD inLanguage ("en")
  std::string description;
  std::vector<Category> categories;  // article:section (section), article:tag / keywords (tag)
  std::map<std::string, std::string> evidence;  // field -> source ("json-ld", ...)
};

// `page_url` is the URL the page was fetched from, when known (else "").
Metadata ExtractMetadata(const Document& doc, std::string_view page_url);

// Resolves `href` against `base` (RFC 3986); returns href unchanged when base
// is empty or href is already absolute.
std::string ResolveUrl(std::string_view base, std::string_view href);
// "www.example.com" from "https://www.example.com/x" -> "example.com".
std::string SiteOf(std::string_view url);

}  // namespace newstrace::extract
