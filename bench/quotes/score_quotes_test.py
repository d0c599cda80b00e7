#!/usr/bin/env python3
"""Unit tests for score_quotes.py and materialize.py on tiny synthetic inputs
(no shared data needed): python3 -m unittest bench/quotes/score_quotes_test.py
"""
import gzip
import hashlib
import io
import json
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import materialize  # noqa: E402
import score_quotes as sq  # noqa: E402

TEXT = ('"We will win," said Jane Roe, "and soon."\n\n'
        'The so-called "experts" were wrong, Mr Doe said. He called it a '
        '"very bad idea".').encode("utf-8")


def span(sub, nth=0):
  at = -1
  for _ in range(nth + 1):
    at = TEXT.find(sub.encode("utf-8"), at + 1)
  assert at >= 0, sub
  return at, at + len(sub.encode("utf-8"))


def q(sub, speaker="", cue="", kind="direct", nth=0):
  b, e = span(sub, nth)
  return {"begin": b, "end": e, "speaker": speaker, "cue": cue, "kind": kind}


GOLD = [{"doc": "d/1", "sha1": hashlib.sha1(TEXT).hexdigest(), "quotes": [
    q("We will win,", "Jane Roe", "said"),
    q("and soon.", "Jane Roe", "said"),
    q("very bad idea", "John Doe", "called", "partial")]}]


class TrimTest(unittest.TestCase):

  def test_trims_punctuation_and_marks(self):
    b, e = span('"We will win,"')
    self.assertEqual(sq.trim_span(TEXT, b, e), span("We will win"))

  def test_typographic_marks_and_ellipsis(self):
    t = "\u201cHello\u2026\u201d".encode("utf-8")
    b, e = sq.trim_span(t, 0, len(t))
    self.assertEqual(t[b:e], b"Hello")

  def test_all_punctuation_keeps_span(self):
    self.assertEqual(sq.trim_span(b'x ". y', 2, 4), (2, 4))


class NameTest(unittest.TestCase):

  def test_norm_name(self):
    self.assertEqual(sq.norm_name("  Robert  Downey Jr. "), "robert downey jr")
    self.assertEqual(sq.norm_name("O\u2019Neil"), "o'neil")

  def test_cue_matches(self):
    self.assertTrue(sq.cue_matches("told", "Told reporters"))
    self.assertTrue(sq.cue_matches("went on to say", "say"))
    self.assertFalse(sq.cue_matches("said", "saying"))
    self.assertFalse(sq.cue_matches("said", ""))


class MatchTest(unittest.TestCase):

  def test_perfect(self):
    preds = {"d/1": [dict(x) for x in GOLD[0]["quotes"]]}
    rep = sq.score(GOLD, preds, {"d/1": TEXT})
    self.assertEqual(rep["exact"]["f1"], 1.0)
    self.assertEqual(rep["speaker_accuracy"], 1.0)
    self.assertEqual(rep["cue_accuracy"], 1.0)

  def test_exact_ignores_outer_punctuation_overlap_counts_partial(self):
    b, e = span('"We will win,"')
    b2, e2 = span("and soon")
    preds = {"d/1": [
        {"kind": "direct", "begin": b, "end": e, "speaker": "Jane Roe",
         "cue": "said"},
        {"kind": "direct", "begin": b2, "end": e2 - 3, "speaker": "Roe",
         "cue": "says"},
        {"kind": "indirect", "begin": 0, "end": 5},  # not scored
    ]}
    rep = sq.score(GOLD, preds, {"d/1": TEXT})
    self.assertEqual(rep["exact"]["tp"], 1)
    self.assertEqual(rep["overlap"]["tp"], 2)
    self.assertEqual(rep["overlap"]["pred"], 2)
    self.assertAlmostEqual(rep["overlap"]["r"], 2 / 3)
    # "Roe" is not the full name the document gives.
    self.assertAlmostEqual(rep["speaker_accuracy"], 0.5)
    self.assertAlmostEqual(rep["cue_accuracy"], 0.5)
    kinds = [x[0] for x in rep["errors"]]
    self.assertIn("miss", kinds)
    self.assertIn("speaker", kinds)

  def test_greedy_one_to_one(self):
    # One long prediction covering two gold quotes matches only one of them.
    b, _ = span("We will win")
    _, e = span("and soon.")
    preds = {"d/1": [{"kind": "direct", "begin": b, "end": e}]}
    rep = sq.score(GOLD, preds, {"d/1": TEXT})
    self.assertEqual(rep["overlap"]["tp"], 1)
    self.assertEqual(rep["exact"]["tp"], 0)

  def test_unattributed_gold(self):
    gold = [{"doc": "d/1", "sha1": "", "quotes": [q("experts")]}]
    preds = {"d/1": [dict(q("experts"), speaker="John Doe")]}
    rep = sq.score(gold, preds, {"d/1": TEXT})
    self.assertIsNone(rep["speaker_accuracy"])
    self.assertEqual(rep["unattributed_kept_empty"], 0.0)

  def test_no_predictions(self):
    rep = sq.score(GOLD, {}, {"d/1": TEXT})
    self.assertEqual(rep["overlap"]["p"], 0.0)
    self.assertEqual(rep["overlap"]["r"], 0.0)
    self.assertIsNone(rep["speaker_accuracy"])


class BaselineTest(unittest.TestCase):

  def test_regex_baseline(self):
    got = [TEXT[x["begin"]:x["end"]] for x in sq.regex_baseline(TEXT)]
    self.assertEqual(got, [b"We will win,", b"and soon.", b"experts",
                           b"very bad idea"])
    t = "a \u201cb c\u201d and ``d'' and \"open".encode("utf-8")
    got = [t[x["begin"]:x["end"]] for x in sq.regex_baseline(t)]
    self.assertEqual(got, ["b c".encode(), b"d"])


class PredictionsTest(unittest.TestCase):

  def test_read_and_fix_offsets(self):
    b, e = span("very bad idea")
    lines = [
        json.dumps({"source": "/tmp/x/d_1.txt", "quotes": [
            {"kind": "partial", "begin": b + 1, "end": e + 1,
             "text": "very bad idea", "speaker": "John Doe"}]}),
        json.dumps({"source": "other.txt", "quotes": []}),
    ]
    warnings = []
    preds = sq.read_predictions(lines, {"d_1": "d/1"}, {"d/1": TEXT},
                                warnings.append)
    self.assertEqual((preds["d/1"][0]["begin"], preds["d/1"][0]["end"]),
                     (b, e))
    self.assertEqual(len(warnings), 2)  # unknown file, moved span

  def test_report_prints(self):
    out = io.StringIO()
    rep = sq.score(GOLD, {}, {"d/1": TEXT})
    sq.print_report(rep, {"d/1": TEXT}, 3, out)
    self.assertIn("overlap  P 0.000", out.getvalue())
    self.assertIn("[[very bad idea]]", out.getvalue())


class MaterializeTest(unittest.TestCase):

  def write_base(self, tmp, paras):
    path = os.path.join(tmp, "base.jsonl.gz")
    with gzip.open(path, "wt", encoding="utf-8") as f:
      f.write(json.dumps({"id": "d/1", "paras": paras}) + "\n")
    return path

  def test_writes_and_verifies(self):
    with tempfile.TemporaryDirectory() as tmp:
      paras = TEXT.decode().split("\n\n")
      base = self.write_base(tmp, paras)
      paths = materialize.materialize(os.path.join(tmp, "out"), GOLD, base)
      self.assertTrue(paths["d/1"].endswith("d_1.txt"))
      with open(paths["d/1"], "rb") as f:
        self.assertEqual(f.read(), TEXT)
      bad = [dict(GOLD[0], sha1="0" * 40)]
      with self.assertRaises(ValueError):
        materialize.materialize(os.path.join(tmp, "out2"), bad, base)

  def test_skips_without_data(self):
    run = subprocess.run(
        [sys.executable, os.path.join(HERE, "score_quotes.py"),
         "--base", "/nonexistent/base.jsonl.gz"],
        capture_output=True, text=True)
    self.assertEqual(run.returncode, 0)
    self.assertIn("absent", run.stdout)
    run = subprocess.run(
        [sys.executable, os.path.join(HERE, "materialize.py"), "/tmp/unused",
         "--base", "/nonexistent/base.jsonl.gz"],
        capture_output=True, text=True)
    self.assertEqual(run.returncode, 0)

  def test_dev_set_shape(self):
    # The committed dev set: offsets only, no quote text.
    path = materialize.DEFAULT_ANNOTATIONS
    for a in materialize.read_annotations(path):
      self.assertEqual(len(a["sha1"]), 40)
      for x in a["quotes"]:
        self.assertEqual(set(x), {"begin", "end", "speaker", "cue", "kind"})
        self.assertLess(x["begin"], x["end"])
        self.assertIn(x["kind"], ("direct", "partial", "block"))


if __name__ == "__main__":
  unittest.main()
