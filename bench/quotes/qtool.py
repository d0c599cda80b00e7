#!/usr/bin/env python3
"""Annotator's helper for the quotation dev set (not used by the scorer).

  qtool.py show ID...          print a document with its quote-mark candidates
                               numbered inline (⟦n ... ⟧n) for reading.
  qtool.py compile SPEC OUT    turn a decision file (kept outside the repo)
                               into dev_annotations.jsonl lines, printing
                               text[begin:end] of every span to check it.

Candidates are only a reading aid: every span, kind, speaker and cue in the
dev set is the annotator's decision written in the SPEC file.

SPEC format, one document per block:
  doc ID
  cN kind|speaker|cue          candidate N is a quote (kind direct/partial/block)
  cN non|why                   candidate N is not a quote (scare quote, title...)
  cN -                         candidate N is not a quote, not recorded
  m START~~END kind|speaker|cue   manual span by anchors inside the paragraph
                               text (START: first words, END: last words)
Candidates not mentioned are an error, so that nothing is skipped unread.
"""
import gzip
import hashlib
import json
import os
import re
import sys

BASE = os.environ.get(
    "NEWSTRACE_REUSE_BASE", "/work/shared/data/reuse-base/base.jsonl.gz")


def load(ids=None):
  out = {}
  with gzip.open(BASE, "rt", encoding="utf-8") as f:
    for line in f:
      d = json.loads(line)
      if ids is None or d["id"] in ids:
        out[d["id"]] = d
  return out


def text_of(d):
  return "\n\n".join(d["paras"])


def candidates(text):
  """(begin,end) character spans between quote marks, paragraph by paragraph."""
  cands = []
  pos = 0
  for para in text.split("\n\n"):
    spans = []
    # curly double quotes
    i = 0
    opened = None
    for m in re.finditer("[\u201c\u201d]", para):
      if m.group() == "\u201c":
        if opened is not None:
          spans.append((opened, m.start()))  # unclosed before a new open
        opened = m.end()
      elif opened is not None:
        spans.append((opened, m.start()))
        opened = None
    if opened is not None:
      spans.append((opened, len(para)))
    # straight double quotes: pair in order
    marks = [m for m in re.finditer('"', para)]
    for k in range(0, len(marks), 2):
      b = marks[k].end()
      e = marks[k + 1].start() if k + 1 < len(marks) else len(para)
      spans.append((b, e))
    # ``LaTeX'' quotes
    for m in re.finditer(r"``(.*?)(''|$)", para):
      spans.append((m.start(1), m.end(1)))
    spans.sort()
    cands.extend((pos + b, pos + e) for b, e in spans)
    pos += len(para) + 2
  return cands


def show(ids):
  docs = load(set(ids))
  for i in ids:
    d = docs[i]
    t = text_of(d)
    c = candidates(t)
    ins = {}
    for n, (b, e) in enumerate(c, 1):
      ins.setdefault(b, []).append("\u27e6%d " % n)
      ins.setdefault(e, []).insert(0, " \u27e7%d" % n)
    out = []
    for k, ch in enumerate(t):
      out.extend(ins.get(k, []))
      out.append(ch)
    out.extend(ins.get(len(t), []))
    print("=" * 70)
    print("doc", i, d["source"], "|", d.get("title", ""), "| cands", len(c))
    print("".join(out))


def cbytes(t, b, e):
  while b < e and t[b].isspace():
    b += 1
  while e > b and t[e - 1].isspace():
    e -= 1
  return len(t[:b].encode("utf-8")), len(t[:e].encode("utf-8"))


def compile_spec(spec, outpath):
  blocks = []
  for raw in open(spec, encoding="utf-8"):
    line = raw.rstrip("\n")
    if not line.strip() or line.lstrip().startswith("#"):
      continue
    if line.startswith("doc "):
      blocks.append((line.split()[1], []))
    else:
      blocks[-1][1].append(line.strip())
  docs = load({b[0] for b in blocks})
  out = []
  errors = 0
  for doc, lines in blocks:
    d = docs[doc]
    t = text_of(d)
    tb = t.encode("utf-8")
    c = candidates(t)
    seen = set()
    quotes, non = [], []
    for line in lines:
      m = re.match(r"c(\d+)\s+(.*)$", line)
      if m:
        n = int(m.group(1))
        seen.add(n)
        b, e = c[n - 1]
        rest = m.group(2)
      else:
        m = re.match(r"m\s+(.+?)~~(.+?)\s+((?:direct|partial|block|non)\|.*)$",
                     line)
        if not m:
          print("BAD LINE", doc, line)
          errors += 1
          continue
        start_anchor, nth = m.group(1), 0
        if "@@" in start_anchor:  # START@@k: the k-th occurrence
          start_anchor, k = start_anchor.rsplit("@@", 1)
          nth = int(k)
        b = -1
        for _ in range(max(nth, 1)):
          b = t.find(start_anchor, b + 1)
        e = t.find(m.group(2), b)
        if b < 0 or e < 0 or (nth == 0 and t.find(start_anchor, b + 1) >= 0):
          print("ANCHOR NOT FOUND/UNIQUE", doc, line)
          errors += 1
          continue
        e += len(m.group(2))
        rest = m.group(3)
        # A manual span across paragraphs becomes one span per paragraph.
        pieces = []
        start = b
        while True:
          k = t.find("\n\n", start, e)
          if k < 0:
            pieces.append((start, e))
            break
          pieces.append((start, k))
          start = k + 2
        while t[start] == "\n" if start < e else False:
          start += 1
        if len(pieces) > 1:
          parts = rest.split("|")
          for pb, pe in pieces:
            while pb < pe and t[pb].isspace():
              pb += 1
            if pb < pe:
              bb, be = cbytes(t, pb, pe)
              quotes.append({"begin": bb, "end": be, "speaker": parts[1],
                             "cue": parts[2], "kind": parts[0]})
          continue
      if rest == "-":
        continue
      parts = rest.split("|")
      bb, be = cbytes(t, b, e)
      if parts[0] == "non":
        non.append({"begin": bb, "end": be, "why": parts[1]})
      elif parts[0] in ("direct", "partial", "block") and len(parts) == 3:
        quotes.append({"begin": bb, "end": be, "speaker": parts[1],
                       "cue": parts[2], "kind": parts[0]})
      else:
        print("BAD LINE", doc, line)
        errors += 1
    missing = [n for n in range(1, len(c) + 1) if n not in seen]
    if missing:
      print("UNDECIDED", doc, missing)
      errors += 1
    quotes.sort(key=lambda q: q["begin"])
    print("-" * 60, doc, len(quotes), "quotes")
    for q in quotes:
      print("  [%s|%s|%s] %s" % (q["kind"], q["speaker"], q["cue"],
                                 tb[q["begin"]:q["end"]].decode()))
    for q in non:
      print("  NON(%s) %s" % (q["why"], tb[q["begin"]:q["end"]].decode()))
    out.append({"doc": doc, "source": d["source"],
                "sha1": hashlib.sha1(tb).hexdigest(),
                "quotes": quotes, "non_quotes": non})
  if errors:
    print(errors, "errors; not written")
    return 1
  with open(outpath, "w", encoding="utf-8") as f:
    for o in out:
      f.write(json.dumps(o, ensure_ascii=False) + "\n")
  print("wrote", len(out), "docs,", sum(len(o["quotes"]) for o in out),
        "quotes to", outpath)
  return 0


if __name__ == "__main__":
  if sys.argv[1] == "show":
    show(sys.argv[2:])
  elif sys.argv[1] == "compile":
    sys.exit(compile_spec(sys.argv[2], sys.argv[3]))
