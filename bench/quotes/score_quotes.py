#!/usr/bin/env python3
"""Score quotation finding against the annotated dev set (issue 6).

  python3 bench/quotes/score_quotes.py [--bin build/release/newstrace]
  python3 bench/quotes/score_quotes.py --pred predictions.jsonl
  python3 bench/quotes/score_quotes.py --regex-baseline
  ... [--texts DIR] [--worst N] [--json]

Predictions are JSON lines, one per text file, as written by
`newstrace quotes --format jsonl FILE.txt...`:
  {"source": path, "quotes": [{"kind","begin","end","text","speaker",
                               "speaker_begin","speaker_end","cue","source"}]}
A line is matched to its document by the file name (<safe id>.txt). Offsets
are UTF-8 byte offsets into the file's text, half-open. Kinds "direct",
"partial" and "block" are scored together as direct quotes; any other kind
(e.g. "indirect") is ignored.

Measures (see README.md, "Scoring"):
  exact    a predicted span equals a gold span after both are trimmed of
           surrounding whitespace, punctuation ,.;:!? and quote marks
  overlap  spans share at least one byte (after the same trimming);
           one-to-one, greedy by largest overlap
  speaker  over gold quotes matched by overlap with a non-empty gold speaker:
           the predicted speaker equals the gold one after normalisation
           (case, whitespace, apostrophes, a trailing period); a surname or
           partial name does not count when the document gives the full name
  cue      over overlap-matched gold quotes with a non-empty gold cue: equal
           after normalisation, or one is a whole-word run inside the other
           ("told" vs "told reporters")

Exits 0 with a message when the shared data is absent.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import materialize  # noqa: E402

REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
QUOTE_KINDS = ("direct", "partial", "block")
# Bytes trimmed from both ends of every span before comparing.
TRIM = set(b" \t\r\n,.;:!?\"'`") | {0xE2, 0x80, 0x9C, 0x9D, 0x98, 0x99, 0xA6}
TRIM_SEQS = ("\u201c", "\u201d", "\u2018", "\u2019", "\u2026")


def trim_span(text, begin, end):
  """[begin, end) without surrounding whitespace, ,.;:!? and quote marks
  (ASCII and typographic, and the ellipsis); text is bytes. An all-trimmed
  span keeps its original offsets so that it can still be matched."""
  seqs = [s.encode("utf-8") for s in TRIM_SEQS]
  b, e = begin, end
  changed = True
  while changed and b < e:
    changed = False
    if text[b] in b" \t\r\n,.;:!?\"'`":
      b += 1
      changed = True
      continue
    for s in seqs:
      if text.startswith(s, b) and b + len(s) <= e:
        b += len(s)
        changed = True
        break
  changed = True
  while changed and e > b:
    changed = False
    if text[e - 1] in b" \t\r\n,.;:!?\"'`":
      e -= 1
      changed = True
      continue
    for s in seqs:
      if e - len(s) >= b and text[e - len(s):e] == s:
        e -= len(s)
        changed = True
        break
  if b >= e:
    return begin, end
  return b, e


def norm_name(s):
  """Speaker comparison form: casefolded, one space, straight apostrophes,
  no trailing period."""
  s = (s or "").replace("\u2019", "'").replace("\u2018", "'")
  s = " ".join(s.split()).casefold()
  return s.rstrip(".").strip()


def cue_matches(gold, pred):
  """True when the cues are equal after norm_name, or one is a whole-word run
  inside the other."""
  g, p = norm_name(gold), norm_name(pred)
  if not g or not p:
    return g == p
  if g == p:
    return True
  return (" %s " % g) in (" %s " % p) or (" %s " % p) in (" %s " % g)


def overlap(a, b):
  return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match_doc(text, gold, pred):
  """One document: gold and pred are lists of quote dicts (begin/end bytes).
  Returns (exact pairs, overlap pairs) as lists of (gold index, pred index),
  each one-to-one."""
  gs = [trim_span(text, q["begin"], q["end"]) for q in gold]
  ps = [trim_span(text, q["begin"], q["end"]) for q in pred]
  exact = []
  used_p = set()
  for gi, g in enumerate(gs):
    for pi, p in enumerate(ps):
      if pi not in used_p and g == p:
        exact.append((gi, pi))
        used_p.add(pi)
        break
  cands = []
  for gi, g in enumerate(gs):
    for pi, p in enumerate(ps):
      ov = overlap(g, p)
      if ov > 0:
        cands.append((-ov, gi, pi))
  cands.sort()
  over, ug, up = [], set(), set()
  for _, gi, pi in cands:
    if gi not in ug and pi not in up:
      over.append((gi, pi))
      ug.add(gi)
      up.add(pi)
  return exact, over


def prf(tp, npred, ngold):
  p = tp / npred if npred else (1.0 if ngold == 0 else 0.0)
  r = tp / ngold if ngold else 1.0
  f = 2 * p * r / (p + r) if p + r else 0.0
  return {"p": p, "r": r, "f1": f, "tp": tp, "pred": npred, "gold": ngold}


def quotes_only(quotes):
  return [q for q in quotes if q.get("kind", "direct") in QUOTE_KINDS]


def score(annotations, predictions, texts):
  """annotations: dev-set lines; predictions: {doc: [quote]}; texts:
  {doc: bytes}. Returns the report dict (see README.md)."""
  tot = {"gold": 0, "pred": 0, "exact": 0, "overlap": 0}
  by_kind = {}
  spk = {"n": 0, "ok": 0, "empty_n": 0, "empty_ok": 0}
  cue = {"n": 0, "ok": 0}
  per_doc, errors = [], []
  for ann in annotations:
    doc = ann["doc"]
    text = texts[doc]
    gold = quotes_only(ann["quotes"])
    pred = quotes_only(predictions.get(doc, []))
    exact, over = match_doc(text, gold, pred)
    tot["gold"] += len(gold)
    tot["pred"] += len(pred)
    tot["exact"] += len(exact)
    tot["overlap"] += len(over)
    matched_g = dict(over)
    matched_p = {pi for _, pi in over}
    for gi, q in enumerate(gold):
      k = by_kind.setdefault(q["kind"], {"gold": 0, "found": 0})
      k["gold"] += 1
      if gi in matched_g:
        k["found"] += 1
        pq = pred[matched_g[gi]]
        if q["speaker"]:
          spk["n"] += 1
          if norm_name(pq.get("speaker")) == norm_name(q["speaker"]):
            spk["ok"] += 1
          else:
            errors.append(("speaker", doc, q, pq))
        else:
          spk["empty_n"] += 1
          if not norm_name(pq.get("speaker")):
            spk["empty_ok"] += 1
        if q.get("cue"):
          cue["n"] += 1
          if cue_matches(q["cue"], pq.get("cue", "")):
            cue["ok"] += 1
          else:
            errors.append(("cue", doc, q, pq))
      else:
        errors.append(("miss", doc, q, None))
    for pi, q in enumerate(pred):
      if pi not in matched_p:
        errors.append(("false_positive", doc, None, q))
    per_doc.append((doc, prf(len(over), len(pred), len(gold))))
  return {
      "documents": len(annotations),
      "exact": prf(tot["exact"], tot["pred"], tot["gold"]),
      "overlap": prf(tot["overlap"], tot["pred"], tot["gold"]),
      "recall_by_kind": {k: v["found"] / v["gold"] for k, v in
                         sorted(by_kind.items())},
      "speaker_accuracy": spk["ok"] / spk["n"] if spk["n"] else None,
      "speaker_n": spk["n"],
      "unattributed_kept_empty": (spk["empty_ok"] / spk["empty_n"]
                                  if spk["empty_n"] else None),
      "cue_accuracy": cue["ok"] / cue["n"] if cue["n"] else None,
      "cue_n": cue["n"],
      "per_doc": per_doc,
      "errors": errors,
  }


_PAIR_RES = [re.compile(rb'"([^"\n]+)"'),
             re.compile("\u201c([^\u201d\u201c\n]+)\u201d".encode("utf-8")),
             re.compile(rb"``([^`'\n]+)''")]


def regex_baseline(text):
  """Every span between a pair of matching double quote marks on one line,
  straight quotes paired left to right; no speaker, no cue."""
  out = []
  for rx in _PAIR_RES:
    for m in rx.finditer(text):
      out.append({"kind": "direct", "begin": m.start(1), "end": m.end(1),
                  "speaker": "", "cue": ""})
  out.sort(key=lambda q: q["begin"])
  return out


def fix_offsets(text, quote):
  """When a prediction's "text" disagrees with text[begin:end] but occurs in
  the document exactly once, move the span there. Returns True if the span
  was moved, False if it was already right, None if it cannot be placed."""
  want = quote.get("text")
  if want is None:
    return False
  want_b = want.encode("utf-8")
  if text[quote["begin"]:quote["end"]] == want_b:
    return False
  at = text.find(want_b)
  if at < 0 or text.find(want_b, at + 1) >= 0:
    return None
  quote["begin"], quote["end"] = at, at + len(want_b)
  return True


def read_predictions(lines, name_to_doc, texts, warn):
  """{doc: [quote]} from prediction JSON lines; lines for unknown files are
  ignored with a warning."""
  preds = {}
  moved = unplaced = 0
  for line in lines:
    if not line.strip():
      continue
    rec = json.loads(line)
    name = os.path.basename(rec.get("source", ""))
    if name.endswith(".txt"):
      name = name[:-4]
    doc = name_to_doc.get(name)
    if doc is None:
      warn("prediction for unknown file %r ignored" % rec.get("source"))
      continue
    qs = []
    for q in rec.get("quotes", []):
      r = fix_offsets(texts[doc], q)
      moved += r is True
      unplaced += r is None
      qs.append(q)
    preds.setdefault(doc, []).extend(qs)
  if moved or unplaced:
    warn("%d predicted spans had offsets disagreeing with their text and were "
         "moved; %d could not be placed" % (moved, unplaced))
  return preds


def context(text, begin, end, width=60):
  s = text[max(0, begin - width):begin].decode("utf-8", "replace")
  m = text[begin:end].decode("utf-8", "replace")
  e = text[end:end + width].decode("utf-8", "replace")
  return ("..." + s + "[[" + m + "]]" + e + "...").replace("\n", " / ")


def fmt(x):
  return "n/a" if x is None else "%.3f" % x


def print_report(rep, texts, worst, out=sys.stdout):
  e, o = rep["exact"], rep["overlap"]
  print("documents %d, gold quotes %d, predicted %d" %
        (rep["documents"], e["gold"], e["pred"]), file=out)
  print("exact    P %.3f  R %.3f  F1 %.3f  (tp %d)" %
        (e["p"], e["r"], e["f1"], e["tp"]), file=out)
  print("overlap  P %.3f  R %.3f  F1 %.3f  (tp %d)" %
        (o["p"], o["r"], o["f1"], o["tp"]), file=out)
  print("recall by kind: " + ", ".join(
      "%s %.3f" % kv for kv in rep["recall_by_kind"].items()), file=out)
  print("speaker accuracy %s (n %d); unattributed kept empty %s" %
        (fmt(rep["speaker_accuracy"]), rep["speaker_n"],
         fmt(rep["unattributed_kept_empty"])), file=out)
  print("cue accuracy %s (n %d)" % (fmt(rep["cue_accuracy"]), rep["cue_n"]),
        file=out)
  if not worst:
    return
  print("\nworst documents by overlap F1:", file=out)
  for doc, s in sorted(rep["per_doc"], key=lambda x: x[1]["f1"])[:worst]:
    print("  %-16s F1 %.3f  gold %d pred %d tp %d" %
          (doc, s["f1"], s["gold"], s["pred"], s["tp"]), file=out)
  for kind in ("miss", "false_positive", "speaker", "cue"):
    rows = [x for x in rep["errors"] if x[0] == kind]
    if not rows:
      continue
    print("\n%s (%d, showing %d):" % (kind, len(rows), min(worst, len(rows))),
          file=out)
    for _, doc, g, p in rows[:worst]:
      q = g or p
      extra = ""
      if kind in ("speaker", "cue"):
        field = kind
        extra = "  gold %r pred %r" % (g.get(field, ""), p.get(field, ""))
      elif g:
        extra = "  [%s, %r, %r]" % (g["kind"], g["speaker"], g["cue"])
      print("  %s %d-%d%s\n    %s" % (doc, q["begin"], q["end"], extra,
                                      context(texts[doc], q["begin"],
                                              q["end"])), file=out)


def main(argv=None):
  ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
  ap.add_argument("--annotations", default=materialize.DEFAULT_ANNOTATIONS)
  ap.add_argument("--base", default=os.environ.get(
      "NEWSTRACE_REUSE_BASE", materialize.DEFAULT_BASE))
  ap.add_argument("--texts", help="directory of materialised texts "
                  "(default: a temporary one)")
  ap.add_argument("--bin", default=os.path.join(REPO, "build", "release",
                                                "newstrace"))
  ap.add_argument("--pred", help="predictions JSONL instead of running --bin")
  ap.add_argument("--regex-baseline", action="store_true")
  ap.add_argument("--worst", type=int, default=0)
  ap.add_argument("--json", action="store_true", help="print the summary as "
                  "JSON")
  args = ap.parse_args(argv)

  def warn(msg):
    print("score_quotes: " + msg, file=sys.stderr)

  if not os.path.exists(args.base):
    print("score_quotes: %s is absent; nothing to score" % args.base)
    return 0
  annotations = materialize.read_annotations(args.annotations)
  with tempfile.TemporaryDirectory() as tmp:
    outdir = args.texts or tmp
    try:
      paths = materialize.materialize(outdir, annotations, args.base)
    except (KeyError, ValueError) as e:
      warn(str(e))
      return 1
    texts = {}
    for doc, path in paths.items():
      with open(path, "rb") as f:
        texts[doc] = f.read()
    name_to_doc = {materialize.safe_name(d): d for d in paths}
    if args.regex_baseline:
      preds = {d: regex_baseline(t) for d, t in texts.items()}
    elif args.pred:
      with open(args.pred, encoding="utf-8") as f:
        preds = read_predictions(f, name_to_doc, texts, warn)
    else:
      if not os.path.exists(args.bin):
        warn("no binary at %s (build it, or pass --bin/--pred)" % args.bin)
        return 2
      files = [paths[a["doc"]] for a in annotations]
      run = subprocess.run([args.bin, "quotes", "--format", "jsonl"] + files,
                           capture_output=True, text=True)
      if run.returncode != 0:
        warn("%s quotes failed (%d): %s" % (args.bin, run.returncode,
                                           run.stderr.strip()[:500]))
        return 2
      preds = read_predictions(run.stdout.splitlines(), name_to_doc, texts,
                               warn)
    rep = score(annotations, preds, texts)
    if args.json:
      summary = {k: v for k, v in rep.items() if k not in ("errors",
                                                           "per_doc")}
      print(json.dumps(summary, indent=2))
    else:
      print_report(rep, texts, args.worst)
  return 0


if __name__ == "__main__":
  sys.exit(main())
