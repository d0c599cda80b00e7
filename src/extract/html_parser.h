// The fast HTML path: a purpose-built tokenizer and light tree builder.
//
// Not a full HTML5 tree builder: it applies the rules that change which text
// belongs to which block (implicit end tags for p/li/dt/dd/td/th/tr/option,
// raw text for script/style/textarea/title, void elements, end tags closing the
// nearest matching open element, <head>/<body> placement of content) so that
// the text seen by extraction equals what a browser-grade parse gives. The
// differential tests (html_parser_test.cc) hold it to ParseHtmlWithGumbo.
//
// Input: UTF-8 (see charset.h). Never fails; any byte sequence gives a tree.
// Thread-safe (no shared state). The Document may point into `html`.
#pragma once

#include <string_view>

#include "extract/dom.h"

namespace newstrace::extract {

Document ParseHtml(std::string_view html, const ParseLimits& limits = {});

}  // namespace newstrace::extract
