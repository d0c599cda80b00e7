// Quotations and their speakers inside one article (issue 6).
//
// FindQuotes reads Article::text and Article::blocks (and links, for the URL of
// a cited source) and returns the quotations in text order:
//
//   kind "direct"   a quoted sentence or clause: “We will win,” he said.
//   kind "partial"  quoted words that are part of the sentence's own syntax:
//                   He said the strike was “to stop a war, not to start one”.
//   kind "block"    a paragraph (or a few) introduced by a cue ending in a
//                   colon (“The report states:”), an HTML <blockquote>, or
//                   the paragraphs of a post signed below by a line
//                   "— Name (@handle) date" (an embedded tweet in plain text).
//
// Offsets: [begin, end) are byte offsets into Article::text; for a quote in
// marks they cover the quoted words without the marks, and text is always
// article.text.substr(begin, end - begin). A quote that continues over
// paragraphs (an opening mark with no closing mark, reopened at the start of
// the next paragraph) is one quote whose span covers all of its paragraphs.
// speaker is the resolved name ("He" or "Trump" after "President Donald
// Trump" gives "Donald Trump"; "the company" / "it" the organisation named
// before, "Texaco" → "Texaco Inc", "B&B" → "Bradford & Bingley", "the
// ambassador" the person described so; a quote opening a paragraph with no
// cue, the person the paragraph before is about; a post or review signed
// "— Name" below it, that name; "he" / "she" skip people whose given name
// (a built-in list of common English first names) says otherwise; "the
// report" the author of an earlier "report by X"; a title ("the Archbishop
// of Canterbury", "China's ambassador to Britain") its holder named next to
// it anywhere in the text; "the Toyota spokesman" the spokesman named so
// before, else the organisation; "X called the move a “…”" X; names ending
// in Cup, Award, Street ... and names after "the film" are never persons);
// [speaker_begin, speaker_end) is the mention the cue attaches to (empty when there is none). cue
// is the verb phrase
// ("said", "would claim", "according to"); source is the cited document or
// outlet ("a 2012 leaked memo", "Reuters"), source_url the link inside that
// mention. A quote nested in a block quote is read in the block's source, and
// carries that source when it names none of its own.
//
// Which quoted spans are quotations (and which are scare quotes or titles)
// is explained at IsQuotation in quotes.cc.
//
// Cost: one linear scan over the text for quote marks and block intros; the
// words of a sentence are only looked at when the sentence holds a quote or
// introduces a block, and the names of the paragraphs up to a quote (the
// mentions speakers resolve to) only once a speaker is resolved. Thread-safe
// (no shared state).
#pragma once

#include <vector>

#include "core/article.h"

namespace newstrace::quotes {

std::vector<Quote> FindQuotes(const Article& article);

}  // namespace newstrace::quotes
