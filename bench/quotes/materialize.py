#!/usr/bin/env python3
"""Write the texts of the quotation dev set to a directory, one <id>.txt each.

The dev set (dev_annotations.jsonl) stores only offsets, speakers and cues; the
texts come from ../shared/data/reuse-base/base.jsonl.gz, which must never be
copied into the repository. A document's text is "\\n\\n".join(paras) encoded
as UTF-8; its sha1 must equal the one in the annotation line.

  python3 bench/quotes/materialize.py OUTDIR [--annotations FILE] [--base FILE]

Exits 0 with a message when the shared data is absent, 1 on a sha1 mismatch.
"""
import argparse
import gzip
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_ANNOTATIONS = os.path.join(HERE, "dev_annotations.jsonl")
DEFAULT_BASE = os.path.normpath(os.path.join(
    HERE, "..", "..", "..", "shared", "data", "reuse-base", "base.jsonl.gz"))


def safe_name(doc_id):
  """A file name for a document id: characters outside [A-Za-z0-9._-] -> '_'."""
  return re.sub(r"[^A-Za-z0-9._-]", "_", doc_id)


def read_annotations(path):
  """The annotation lines of a dev-set file, in file order."""
  out = []
  with open(path, encoding="utf-8") as f:
    for line in f:
      if line.strip():
        out.append(json.loads(line))
  return out


def doc_text(paras):
  """The materialised text of a base record's paragraphs, as UTF-8 bytes."""
  return "\n\n".join(paras).encode("utf-8")


def load_texts(base_path, annotations):
  """{doc id: text bytes} for the annotated documents; raises KeyError for a
  document missing from the base and ValueError on a sha1 mismatch."""
  wanted = {a["doc"]: a["sha1"] for a in annotations}
  texts = {}
  with gzip.open(base_path, "rt", encoding="utf-8") as f:
    for line in f:
      d = json.loads(line)
      if d["id"] in wanted:
        texts[d["id"]] = doc_text(d["paras"])
  for doc, sha1 in wanted.items():
    if doc not in texts:
      raise KeyError("document %s not found in %s" % (doc, base_path))
    got = hashlib.sha1(texts[doc]).hexdigest()
    if got != sha1:
      raise ValueError("sha1 mismatch for %s: %s != %s" % (doc, got, sha1))
  return texts


def materialize(outdir, annotations, base_path):
  """Writes <safe id>.txt for each annotated document; returns {doc: path}."""
  texts = load_texts(base_path, annotations)
  os.makedirs(outdir, exist_ok=True)
  paths = {}
  for doc, data in texts.items():
    path = os.path.join(outdir, safe_name(doc) + ".txt")
    with open(path, "wb") as f:
      f.write(data)
    paths[doc] = path
  return paths


def main(argv=None):
  ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
  ap.add_argument("outdir")
  ap.add_argument("--annotations", default=DEFAULT_ANNOTATIONS)
  ap.add_argument("--base", default=os.environ.get("NEWSTRACE_REUSE_BASE",
                                                   DEFAULT_BASE))
  args = ap.parse_args(argv)
  if not os.path.exists(args.base):
    print("materialize: %s is absent; nothing to do" % args.base)
    return 0
  try:
    paths = materialize(args.outdir, read_annotations(args.annotations),
                        args.base)
  except (KeyError, ValueError) as e:
    print("materialize: %s" % e, file=sys.stderr)
    return 1
  print("materialize: wrote %d texts to %s" % (len(paths), args.outdir))
  return 0


if __name__ == "__main__":
  sys.exit(main())
