#!/usr/bin/env python3
"""Writes a synthetic text-reuse corpus with ground truth (issue 5).

  bench/reuse/make_reuse_corpus.py --out DIR [--seed N] [--scale S] [--base FILE]
  bench/reuse/make_reuse_corpus.py --out DIR --speed N [--seed N]

Reads ../shared/data/reuse-base/base.jsonl.gz (real news texts; no two share
a word 8-gram, so the only reuse in the corpus is the reuse written here) and
writes

  DIR/corpus.jsonl   newstrace's own article JSON, one a line; `newstrace
                     ingest` reads it unchanged (speed mode: corpus.jsonl.gz)
  DIR/truth.json     {"pairs": [...], "boilerplate_sites": [...], "articles": n,
                     "definitions": {...}, "counts": {...}}

Each truth pair is {"a", "b" (urls, a < b), "kind", "origin" (url or null),
"credit" (the non-origin copy's verdict or null), "scenario", "passages":
[{"a_begin","a_end","b_begin","b_end"}]} with UTF-8 byte offsets into each
side's text. See bench/reuse/README.md for the scenarios and definitions.
Exits 0 with a message when the base data is absent.
"""

import argparse
import datetime as dt
import gzip
import json
import os
import random
import re
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_BASE = os.path.join(HERE, '..', '..', '..', 'shared', 'data', 'reuse-base',
                            'base.jsonl.gz')

# A pair is a republication when the shared text is at least this fraction of
# one side (the side it covers most), an excerpt otherwise.
REPUBLICATION_MIN_SHARE = 0.6

NBSP = '\u00a0'
SENTENCE_END = re.compile(r'(?<=[.!?])\s+(?=["\u201c\u2018A-Z0-9])')


# --------------------------------------------------------------------------
# Sites

PLACES = ['Riverside', 'Northfield', 'Bay City', 'Granite', 'Lakeshore', 'Capital', 'Valley',
          'Coastal', 'Metro', 'Prairie', 'Harbor', 'Summit', 'Eastbrook', 'Westgate', 'Highland',
          'Pine Ridge', 'Redwood', 'Silver Creek', 'Stonebridge', 'Fairview', 'Oakmont',
          'Cedar Falls', 'Kingsport', 'Maple Grove']
MASTHEADS = ['Times', 'Herald', 'Courier', 'Gazette', 'Post', 'Ledger', 'Tribune', 'Chronicle',
             'Observer', 'Review', 'Dispatch', 'Sentinel', 'Independent', 'Journal', 'Monitor',
             'Examiner', 'Record', 'Daily']
BLOG_NAMES = ['Policy Watch', 'The Daily Brief', 'News Digest', 'World Roundup', 'Current Affairs',
              'The Briefing Room', 'Open Press', 'Common Ground', 'Civic Voice', 'The Free Reader',
              'Signal Report', 'Fresh Take', 'The Wire Desk', 'Insight Today', 'Global Lens',
              'The Analyst', 'Frontline Notes', 'News Aggregate', 'Daily Compass', 'The Roundtable']
TLDS = ['.com', '.com', '.com', '.org', '.net', '.co.uk', '.news', '.com.au', '.ca', '.info']
AGENCIES = [('Global Press Wire', 'gpwire.org'), ('Continental News Agency', 'cna-news.com'),
            ('United Newswire', 'unitednewswire.com')]
MIRRORS = ['newsmirror.net', 'archive-news.org', 'pressreader-mirror.com']
FIRST_NAMES = ['Anna', 'James', 'Maria', 'David', 'Sarah', 'Michael', 'Laura', 'Daniel', 'Emma',
               'Thomas', 'Olivia', 'Robert', 'Sofia', 'Peter', 'Hannah', 'Ahmed', 'Mei', 'Carlos',
               'Priya', 'Ivan', 'Fatima', 'Kenji', 'Grace', 'Lucas', 'Nadia', 'Omar', 'Elena']
LAST_NAMES = ['Smith', 'Garcia', 'Chen', 'Okafor', 'Novak', 'Brown', 'Rossi', 'Kim', 'Patel',
              'Johnson', 'Silva', 'Muller', 'Haddad', 'Tanaka', 'Kowalski', 'Nguyen', 'Walker',
              'Ivanova', 'Dubois', 'Larsen', 'Mensah', 'Fischer', 'Reyes', 'Morgan', 'Ali']
TIME_ZONES = [0, 0, 60, 120, -300, -240, -480, 330, 600, 540, 480, -180, 180]
DATE_STYLES = ['Z', 'offset', 'offset', 'offset-frac', 'date', 'naive-offset']
URL_STYLES = ['/{y}/{m}/{d}/{slug}/', '/news/{slug}-{n}', '/{section}/{slug}.html',
              '/article/{n}/{slug}', '/{section}/{y}/{m}/{slug}-{n}', '/p/{n}']
SECTIONS = ['world', 'politics', 'business', 'opinion', 'news', 'economy', 'tech', 'analysis']
EVIDENCE_SOURCES = ['json-ld', 'json-ld', 'opengraph', 'meta', 'time', 'byline', 'dublin-core']


class Site:
    """An outlet: name, host, how it writes URLs and dates."""

    def __init__(self, name, host, rng, kind='outlet'):
        self.name = name
        self.host = host
        self.kind = kind
        self.www = rng.random() < 0.5
        self.url_style = rng.choice(URL_STYLES)
        self.tz = rng.choice(TIME_ZONES)
        self.date_style = rng.choice(DATE_STYLES)
        self.date_evidence = rng.choice(EVIDENCE_SOURCES)
        self.authors = ['%s %s' % (rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES))
                        for _ in range(rng.randint(2, 5))]
        self.footer = []  # boilerplate paragraphs (end); set for boilerplate sites
        self.header = []  # boilerplate paragraphs (begin)
        self.bios = {}  # author -> bio paragraph (boilerplate sites)

    @property
    def site(self):
        return self.host


def slugify(title, limit=8):
    words = re.findall(r'[a-z0-9]+', title.lower())
    return '-'.join(words[:limit]) or 'story'


class SiteCatalogue:
    def __init__(self, rng):
        self.rng = rng
        self.used_hosts = set()
        self.used_names = set()
        self.counter = 1000

    def _unique(self, name, host):
        base_name, base_host = name, host
        k = 2
        if host in self.used_hosts:  # another top-level domain first
            stem, dot, tld = base_host.partition('.')
            for other in TLDS:
                if stem + other not in self.used_hosts:
                    host = stem + other
                    break
        while name in self.used_names or host in self.used_hosts:
            name = base_name + (' Online' if k == 2 else ' %d' % k)
            stem, dot, tld = base_host.partition('.')
            host = '%s%d.%s' % (stem, k, tld)
            k += 1
        self.used_names.add(name)
        self.used_hosts.add(host)
        return name, host

    def outlet(self, kind='outlet'):
        rng = self.rng
        if rng.random() < 0.7:
            name = 'The %s %s' % (rng.choice(PLACES), rng.choice(MASTHEADS))
        else:
            name = rng.choice(BLOG_NAMES)
        stem = re.sub(r'[^a-z]', '', name.lower().replace('the ', '', 1))
        name, host = self._unique(name, stem + rng.choice(TLDS))
        return Site(name, host, rng, kind)

    def named(self, name, host, kind):
        name, host = self._unique(name, host)
        return Site(name, host, self.rng, kind)

    def url(self, site, title, when):
        self.counter += self.rng.randint(1, 97)
        y, m, d = (when or dt.datetime(2020, 6, 1)).strftime('%Y %m %d').split()
        path = site.url_style.format(y=y, m=m, d=d, slug=slugify(title), n=self.counter,
                                     section=self.rng.choice(SECTIONS))
        if '{n}' not in site.url_style:
            path = path.rstrip('/') + '-%d' % self.counter + ('/' if path.endswith('/') else '')
        return 'https://%s%s%s' % ('www.' if site.www else '', site.host, path)


def render_date(when, site, rng, force_style=None):
    """ISO 8601 in the site's time zone and style; '' for None."""
    if when is None:
        return ''
    style = force_style or site.date_style
    local = when + dt.timedelta(minutes=site.tz)
    if style == 'date':
        return local.strftime('%Y-%m-%d')
    if style == 'Z':
        return when.strftime('%Y-%m-%dT%H:%M:%SZ')
    sign = '+' if site.tz >= 0 else '-'
    off = '%s%02d:%02d' % (sign, abs(site.tz) // 60, abs(site.tz) % 60)
    if style == 'offset-frac':
        return local.strftime('%Y-%m-%dT%H:%M:%S') + '.%03d' % rng.randint(0, 999) + off
    if style == 'naive-offset':
        return local.strftime('%Y-%m-%dT%H:%M') + off
    return local.strftime('%Y-%m-%dT%H:%M:%S') + off


# --------------------------------------------------------------------------
# Text pieces


class Para:
    """A paragraph. `units` are (tag, char_begin, char_end): which source
    paragraph each stretch came from (tag None = not copied from anywhere)."""

    __slots__ = ('text', 'kind', 'units', 'links')

    def __init__(self, text, tag=None, kind='paragraph'):
        self.text = text
        self.kind = kind
        self.units = [(tag, 0, len(text))] if tag is not None else []
        self.links = []  # (href, char_begin, char_end)


class FreshText:
    """Text no other article shares: paragraphs of base texts kept out of the
    corpus (each used once), then, when those run out, spliced base words
    with every third word replaced (which shares no word 8-gram with anything)."""

    def __init__(self, rng, texts):
        self.rng = rng
        self.paras = [p for t in texts for p in t['paras'] if len(p.split()) >= 25]
        rng.shuffle(self.paras)
        self.words = simple_words(texts[:400])
        self.vocab = sorted(set(w.strip('.,;:"()\u201c\u201d') for w in self.words) - {''})

    def paragraph(self):
        if self.paras:
            return self.paras.pop()
        return spliced_paragraph(self.rng, self.words, self.vocab, 60)

    def sentence(self):
        p = self.paragraph()
        s = SENTENCE_END.split(p)[0]
        return s if s.endswith(('.', '!', '?')) else s + '.'


SIMPLE_WORD = re.compile(r'^["\u201c(]?[A-Za-z]+[.,;:!?"\u201d)]*$')


def simple_words(texts):
    """The texts' words that are one run of letters (so that word n-grams
    count the same however a reader tokenises: no "U.S.", "1,200", URLs)."""
    return [w for t in texts for p in t['paras'] for w in p.split() if SIMPLE_WORD.match(w)]


def spliced_paragraph(rng, words, vocab, n):
    out = []
    while len(out) < n:
        start = rng.randrange(0, len(words) - 30)
        chunk = words[start:start + rng.randint(12, 30)]
        phase = rng.randrange(3)
        chunk[phase::3] = rng.choices(vocab, k=len(chunk[phase::3]))
        out.extend(chunk)
    text = ' '.join(out[:n]).rstrip('.,;:') + '.'
    return text[0].upper() + text[1:]


# --------------------------------------------------------------------------
# Light edits: they keep a paragraph's source tag (the region is still copied).


def edit_typo(text, rng):
    words = [m for m in re.finditer(r'[A-Za-z]{6,}', text)]
    if not words:
        return text
    m = rng.choice(words)
    w = m.group(0)
    i = rng.randrange(1, len(w) - 2)
    w = w[:i] + w[i + 1] + w[i] + w[i + 2:]
    return text[:m.start()] + w + text[m.end():]


def edit_punctuation(text, rng):
    commas = [m.start() for m in re.finditer(r', ', text)]
    if commas and rng.random() < 0.6:
        i = rng.choice(commas)
        return text[:i] + rng.choice([' ', ';', ' -']) + text[i + 1:]
    if text.endswith('.'):
        return text[:-1] + rng.choice(['', '!', '...'])
    return text + '.'


def curly_quotes(text):
    text = re.sub(r'"(?=\w)', '\u201c', text)
    text = text.replace('"', '\u201d')
    return text.replace("'", '\u2019')


def straight_quotes(text):
    for c, s in (('\u201c', '"'), ('\u201d', '"'), ('\u2018', "'"), ('\u2019', "'")):
        text = text.replace(c, s)
    return text


def edit_nbsp(text, rng):
    spaces = [m.start() for m in re.finditer(' ', text)]
    for i in rng.sample(spaces, min(len(spaces), rng.randint(1, 3))):
        text = text[:i] + NBSP + text[i + 1:]
    return text


def edit_drop_sentence(text, rng):
    sentences = SENTENCE_END.split(text)
    if len(sentences) < 3:
        return text
    del sentences[rng.randrange(1, len(sentences))]
    return ' '.join(sentences)


def edit_insert_sentence(text, rng, fresh):
    sentences = SENTENCE_END.split(text)
    if len(sentences) < 3:  # keep the edit light: a sentence among several
        return edit_typo(text, rng)
    sentences.insert(rng.randint(1, len(sentences)), fresh.sentence())
    return ' '.join(sentences)


def light_edits(paras, rng, fresh, amount):
    """Applies about `amount` light edits to copied paragraphs in place."""
    if not paras:
        return
    if rng.random() < 0.3 * amount:
        conv = curly_quotes if rng.random() < 0.5 else straight_quotes
        for p in paras:
            p.text = conv(p.text)
    for _ in range(amount):
        p = rng.choice(paras)
        op = rng.random()
        if op < 0.35:
            p.text = edit_typo(p.text, rng)
        elif op < 0.55:
            p.text = edit_punctuation(p.text, rng)
        elif op < 0.75:
            p.text = edit_nbsp(p.text, rng)
        elif op < 0.88:
            p.text = edit_drop_sentence(p.text, rng)
        else:
            p.text = edit_insert_sentence(p.text, rng, fresh)
    for p in paras:  # edits change lengths: units cover the whole paragraph
        p.units = [(tag, 0, len(p.text)) for tag, _, _ in p.units[:1]]


def merge_or_split(paras, rng):
    """Merges two neighbouring paragraphs or splits one at a sentence break."""
    copied = [i for i, p in enumerate(paras) if p.units and len(p.units) == 1]
    if len(copied) < 3:
        return
    if rng.random() < 0.5:
        i = rng.choice(copied[:-1])
        if i + 1 >= len(paras) or len(paras[i + 1].units) != 1:
            return
        a, b = paras[i], paras[i + 1]
        merged = Para(a.text + ' ' + b.text)
        merged.units = [(a.units[0][0], 0, len(a.text)),
                        (b.units[0][0], len(a.text) + 1, len(a.text) + 1 + len(b.text))]
        paras[i:i + 2] = [merged]
    else:
        i = rng.choice(copied)
        sentences = SENTENCE_END.split(paras[i].text)
        if len(sentences) < 2:
            return
        k = rng.randrange(1, len(sentences))
        tag = paras[i].units[0][0]
        paras[i:i + 1] = [Para(' '.join(sentences[:k]), tag), Para(' '.join(sentences[k:]), tag)]


# --------------------------------------------------------------------------
# Articles


class Doc:
    def __init__(self, site, title, when, scenario, cat, rng):
        self.site = site
        self.title = title
        self.when = when  # UTC datetime or None (missing date)
        self.scenario = scenario
        self.paras = []
        self.notices = []
        self.copied_from = None  # the Doc this one's shared text was copied from
        self.credit = None  # verdict for copied_from: linked / named / none
        self.url = cat.url(site, title, when)
        self.canonical_url = self.url if rng.random() < 0.7 else ''
        self.authors = [rng.choice(site.authors)] if rng.random() < 0.85 else []
        self.date_style = None

    def render(self, rng):
        """The article JSON (newstrace export format) and its units as
        [(tag, byte_begin, byte_end)] in text order."""
        site = self.site
        paras = list(self.paras)
        author = self.authors[0] if self.authors else None
        paras = ([Para(t) for t in site.header] + paras + [Para(t) for t in site.footer] +
                 ([Para(site.bios[author])] if author in site.bios else []))
        text_parts, blocks, links, spans = [], [], [], {}
        pos = 0
        for k, p in enumerate(paras):
            units = p.units or [(('own', self.url, k), 0, len(p.text))]
            if text_parts:
                text_parts.append('\n\n')
                pos += 2
            b = len(p.text.encode('utf-8'))
            blocks.append({'kind': p.kind, 'begin': pos, 'end': pos + b})
            for tag, cb, ce in units:
                ub = pos + len(p.text[:cb].encode('utf-8'))
                ue = pos + len(p.text[:ce].encode('utf-8'))
                old = spans.get(tag)
                spans[tag] = (min(old[0], ub), max(old[1], ue)) if old else (ub, ue)
            for href, cb, ce in p.links:
                lb = pos + len(p.text[:cb].encode('utf-8'))
                le = pos + len(p.text[:ce].encode('utf-8'))
                links.append({'href': href, 'text': p.text[cb:ce], 'begin': lb, 'end': le})
            text_parts.append(p.text)
            pos += b
        evidence = {'title': rng.choice(['json-ld', 'opengraph', 'title-tag', 'h1'])}
        published = render_date(self.when, site, rng, self.date_style)
        if published:
            evidence['published'] = site.date_evidence
        if self.authors:
            evidence['authors'] = rng.choice(['json-ld', 'byline', 'meta'])
        article = {
            'url': self.url, 'canonical_url': self.canonical_url, 'site': site.site,
            'title': self.title, 'authors': self.authors, 'published': published,
            'modified': '', 'publisher': site.name, 'language': 'en', 'categories': [],
            'text': ''.join(text_parts), 'blocks': blocks, 'links': links,
            'notices': self.notices, 'evidence': evidence,
        }
        units = sorted(((t, b, e) for t, (b, e) in spans.items()), key=lambda u: u[1])
        return article, units


def notice(kind, text, target='', target_url=''):
    n = {'kind': kind, 'text': text, 'target': target}
    if target_url:
        n['target_url'] = target_url
    return n


CREDIT_VARIANTS = ['text_link', 'notice_named', 'notice_linked', 'text_named', 'none']
CREDIT_OF_VARIANT = {'text_link': 'linked', 'notice_named': 'named', 'notice_linked': 'linked',
                     'text_named': 'named', 'none': 'none'}


def add_credit(doc, origin, variant, rng):
    """Credits `origin` on `doc` as `variant`; sets doc.copied_from/credit."""
    name = origin.site.name
    doc.copied_from = origin
    doc.credit = CREDIT_OF_VARIANT[variant]
    if variant == 'text_link':
        lead = rng.choice(['This article was originally published on ',
                           'This story first appeared on ', 'Republished with permission from '])
        p = Para(lead + name + '.')
        p.links.append((origin.url, len(lead), len(lead) + len(name)))
        doc.paras.append(p)
    elif variant == 'text_named':
        doc.paras.append(Para(rng.choice(['This article first appeared in %s.',
                                          'Originally published by %s.',
                                          'This story was first published by %s and is '
                                          'republished here with permission.']) % name))
    elif variant in ('notice_named', 'notice_linked'):
        text = rng.choice(['This article was originally published on %s.',
                           'First published by %s.', 'Source: %s']) % name
        doc.notices.append(notice('originally_published', text, name,
                                  origin.url if variant == 'notice_linked' else ''))


def copy_paras(origin_paras):
    out = []
    for p in origin_paras:
        q = Para(p.text, kind=p.kind)
        q.units = list(p.units)
        out.append(q)
    return out


def base_paras(text):
    return [Para(p, (text['id'], i)) for i, p in enumerate(text['paras'])]


# --------------------------------------------------------------------------
# The corpus


class Corpus:
    def __init__(self, base, rng, scale):
        self.rng = rng
        self.scale = scale
        self.cat = SiteCatalogue(rng)
        rng.shuffle(base)
        self.by_id = {t['id']: t for t in base}
        self.unused = [t for t in base if len(t['paras']) >= 2]
        self.used = set()
        self.docs = []
        self.start = dt.datetime(2020, 1, 1, 6, 0)
        self.outlets = [self.cat.outlet() for _ in range(int(60 * max(1, scale ** 0.5)))]
        self.republishers = [self.cat.outlet('republisher')
                             for _ in range(int(40 * max(1, scale ** 0.5)))]
        self.agencies = [self.cat.named(n, h, 'agency') for n, h in AGENCIES]
        self.mirrors = [self.cat.named(h.split('.')[0].title(), h, 'mirror') for h in MIRRORS]
        self.boiler_sites = []
        self.topic_groups = self._reserve_topic_groups(self.n(280))
        # Fresh text comes from base texts the corpus does not use otherwise.
        n_fresh = max(800, len(base) - int(1450 * scale))
        fresh_texts = self.unused[-n_fresh:]
        self.unused = self.unused[:-n_fresh]
        self.fresh = FreshText(rng, fresh_texts)

    def n(self, count):
        return max(1, int(round(count * self.scale)))

    def take(self, min_paras=2, min_words=0, pred=None):
        for i in range(len(self.unused) - 1, -1, -1):
            t = self.unused[i]
            if len(t['paras']) >= min_paras and t['words'] >= min_words and (
                    pred is None or pred(t)):
                del self.unused[i]
                self.used.add(t['id'])
                return t
        raise RuntimeError('base texts exhausted: lower --scale')

    def when(self):
        return self.start + dt.timedelta(minutes=self.rng.randrange(0, 330 * 24 * 60))

    def later(self, when, date_only=False):
        rng = self.rng
        if when is None:
            return self.when()
        hours = rng.choice([rng.uniform(2, 24), rng.uniform(24, 24 * 20)])
        if date_only:
            hours = max(hours, 49)
        return when + dt.timedelta(hours=hours)

    def doc(self, site, text, scenario, when='now', title=None):
        if when == 'now':
            when = self.when()
        title = title or text['title'] or ' '.join(text['paras'][0].split()[:8])
        d = Doc(site, title, when, scenario, self.cat, self.rng)
        d.paras = base_paras(text)
        self.docs.append(d)
        return d

    def copy_doc(self, origin, site, scenario, when='later'):
        rng = self.rng
        if when == 'later':
            date_only = 'date' in (origin.site.date_style, site.date_style)
            when = self.later(origin.when, date_only)
        title = origin.title
        if rng.random() < 0.2:
            title = title + rng.choice([' | ', ' - ']) + site.name
        d = Doc(site, title, when, scenario, self.cat, rng)
        d.paras = copy_paras(origin.paras)
        if rng.random() < 0.5:
            d.authors = list(origin.authors)
        self.docs.append(d)
        return d

    # a) republications
    def republications(self, count, scenario='republication', missing_dates=False):
        rng = self.rng
        for _ in range(self.n(count)):
            text = self.take(min_paras=3)
            origin = self.doc(rng.choice(self.outlets), text, scenario)
            if rng.random() < 0.3:
                origin.notices.append(notice(
                    'republish_terms', rng.choice([
                        'Republish our articles for free, online or in print, under a Creative '
                        'Commons licence, with a link to the original.',
                        'You may republish this article as long as you credit %s and link back '
                        'to the original.' % origin.site.name]), origin.site.name))
            for _ in range(rng.choice([1, 1, 1, 2, 2, 3, 4])):
                site = rng.choice(self.boiler_sites) if (
                    self.boiler_sites and rng.random() < 0.15) else rng.choice(self.republishers)
                copy = self.copy_doc(origin, site, scenario)
                self.vary_copy(copy, origin, rng.choice(CREDIT_VARIANTS))
            if missing_dates:
                self.drop_dates(origin)

    def drop_dates(self, origin):
        """Scenario g: the origin's date, a copy's, or both go missing; some
        copies land on the origin's day (dates cannot decide)."""
        rng = self.rng
        copies = [d for d in self.docs if d.copied_from is origin]
        r = rng.random()
        if r < 0.4:
            origin.when = None
        for c in copies:
            r2 = rng.random()
            if r2 < 0.4 or r >= 0.4 and r2 < 0.7:
                c.when = None
            elif origin.when is not None and r2 < 0.85:
                c.when = origin.when + dt.timedelta(minutes=rng.randint(0, 90))
                c.date_style = 'date'
                origin.date_style = 'date'

    def vary_copy(self, copy, origin, credit_variant):
        rng = self.rng
        copied = list(copy.paras)
        if rng.random() < 0.25:  # the copy's own lead
            copy.paras[0] = Para(self.fresh.paragraph())
            copied = copy.paras[1:]
        if len(copied) >= 4 and rng.random() < 0.2:  # a paragraph dropped
            drop = copied[rng.randrange(1, len(copied) - 1)]
            copy.paras.remove(drop)
            copied.remove(drop)
        light_edits(copied, rng, self.fresh, rng.choice([0, 1, 1, 2, 3]))
        if rng.random() < 0.2:
            merge_or_split(copy.paras, rng)
        if rng.random() < 0.2:
            copy.paras.insert(0, Para(rng.choice(["Editor's note: ", 'Note: ', '']) +
                                      self.fresh.sentence()))
        if rng.random() < 0.1:
            copy.notices.append(notice('editor_note', 'Editor\'s note: ' + self.fresh.sentence()))
        add_credit(copy, origin, credit_variant, rng)

    # b) excerpts
    def excerpts(self, count):
        rng = self.rng
        made = 0
        while made < self.n(count):
            text = self.take(min_paras=6)
            origin = self.doc(rng.choice(self.outlets), text, 'excerpt')
            for _ in range(rng.choice([1, 1, 2])):
                host_text = self.take(min_paras=4, min_words=250)
                host = self.doc(rng.choice(self.republishers + self.outlets), host_text,
                                'excerpt', when=self.later(origin.when, True))
                k = rng.randint(1, 3)
                for _ in range(20):  # a passage worth finding: 40 words or more
                    i = rng.randrange(0, len(origin.paras) - k + 1)
                    if sum(len(p.text.split()) for p in origin.paras[i:i + k]) >= 40:
                        break
                part = copy_paras(origin.paras[i:i + k])
                if rng.random() < 0.3:
                    for p in part:
                        p.kind = 'blockquote'
                light_edits(part, rng, self.fresh, rng.choice([0, 0, 1]))
                at = rng.randint(1, len(host.paras) - 1)
                variant = rng.choice(['link', 'named', 'none'])
                name = origin.site.name
                host.copied_from, host.credit = origin, {'link': 'linked', 'named': 'named',
                                                         'none': 'none'}[variant]
                if variant != 'none':
                    lead = rng.choice(['As ', 'In a report, ', 'Writing earlier, '])
                    p = Para(lead + name + rng.choice([' reported:', ' noted:', ' put it:']))
                    if variant == 'link':
                        p.links.append((origin.url, len(lead), len(lead) + len(name)))
                    part.insert(0, p)
                host.paras[at:at] = part
                made += 1

    # c) duplicates
    def duplicates(self, count):
        rng = self.rng
        for _ in range(self.n(count)):
            text = self.take()
            orig = self.doc(rng.choice(self.outlets + self.republishers), text, 'duplicate')
            if rng.random() < 0.5:  # same site, tracking parameters
                dup = Doc(orig.site, orig.title, orig.when, 'duplicate', self.cat, rng)
                sep = '&' if '?' in orig.url else '?'
                dup.url = orig.url + sep + rng.choice(
                    ['utm_source=twitter&utm_medium=social', 'utm_source=newsletter',
                     'utm_campaign=daily&utm_medium=email', 'ref=homepage'])
                dup.canonical_url = orig.url
                dup.authors = list(orig.authors)
                mirror = False
            else:  # a mirror site
                mirror_site = rng.choice(self.mirrors)
                dup = Doc(mirror_site, orig.title, orig.when + dt.timedelta(
                    minutes=rng.randint(5, 600)), 'duplicate', self.cat, rng)
                dup.url = 'https://%s/%s%s' % (mirror_site.host, orig.site.host,
                                               orig.url.split(orig.site.host, 1)[1])
                dup.canonical_url = orig.url if rng.random() < 0.6 else ''
                dup.authors = list(orig.authors)
                mirror = True
            dup.paras = copy_paras(orig.paras)
            if rng.random() < 0.5:
                conv = curly_quotes if rng.random() < 0.5 else straight_quotes
                for p in dup.paras:
                    p.text = conv(p.text)
                    p.units = [(p.units[0][0], 0, len(p.text))]
            if rng.random() < 0.3:
                p = rng.choice(dup.paras)
                p.text = edit_nbsp(p.text, rng).replace('. ', '.  ', 1)
                p.units = [(p.units[0][0], 0, len(p.text))]
            if mirror:
                dup.copied_from = orig  # credit: not judged for mirrors
            self.docs.append(dup)

    # d) wire stories
    def wire_stories(self, count):
        rng = self.rng
        for _ in range(self.n(count)):
            text = self.take(min_paras=5, min_words=250)
            agency = rng.choice(self.agencies)
            first = self.when()
            agency_doc = None
            if rng.random() < 0.7:
                agency_doc = self.doc(agency, text, 'wire', when=first)
                agency_copy = agency_doc
            else:  # the agency's copy is not in the corpus
                agency_copy = Doc(agency, text['title'] or 'wire story', first, 'wire', self.cat,
                                  rng)
                agency_copy.paras = base_paras(text)
            outlets = rng.sample(self.outlets, min(len(self.outlets),
                                                   rng.choice([3, 3, 4, 5, 6, 8, 10, 15])))
            for site in outlets:
                c = self.copy_doc(agency_copy, site, 'wire')
                c.authors = []
                c.paras[0] = Para(self.fresh.paragraph())
                if rng.random() < 0.4:
                    del c.paras[len(c.paras) - rng.randint(1, min(2, len(c.paras) - 3)):]
                light_edits(c.paras[1:], rng, self.fresh, rng.choice([0, 1, 2]))
                variant = rng.choice(['notice_named', 'text_named', 'notice_linked', 'none'])
                if agency_doc is None and variant == 'notice_linked':
                    variant = 'notice_named'
                add_credit(c, agency_copy, variant, rng)
                if agency_doc is None:
                    c.copied_from, c.credit = None, None

    # e) boilerplate sites
    def boilerplate_sites(self, count):
        rng = self.rng
        for _ in range(self.n(count)):
            site = self.cat.outlet('boilerplate')
            for kind in rng.sample(['newsletter', 'disclaimer', 'note', 'bio', 'support'],
                                   rng.randint(1, 2)):
                if kind == 'bio':
                    for a in site.authors:
                        site.bios[a] = '%s is a %s at %s. %s' % (
                            a, rng.choice(['senior reporter', 'contributing writer',
                                           'columnist', 'staff correspondent']),
                            site.name, self.fresh.sentence())
                elif kind == 'note':
                    site.header.append('Note to readers: ' + self.fresh.sentence() + ' ' +
                                       self.fresh.sentence())
                else:
                    site.footer.append(boilerplate_text(kind, site.name, rng, self.fresh))
            self.boiler_sites.append(site)
            for _ in range(rng.randint(5, 30)):
                self.doc(site, self.take(), 'boilerplate')

    def _reserve_topic_groups(self, count):
        """Groups of texts on one topic or story (the base's "similar" lists),
        set aside before fresh text is drawn, about `count` texts in all."""
        free = {t['id'] for t in self.unused}
        groups, made = [], 0
        for seed in list(self.unused):
            if made >= count:
                break
            if seed['id'] not in free:
                continue
            group = [seed] + [self.by_id[s] for s in seed['similar'] if s in free][:4]
            if len(group) < 2:
                continue
            for t in group:
                free.discard(t['id'])
                self.used.add(t['id'])
            groups.append(group)
            made += len(group)
        self.unused = [t for t in self.unused if t['id'] in free]
        return groups

    # f) same topic or story, written independently
    def same_topic(self):
        rng = self.rng
        for group in self.topic_groups:
            day = self.when()
            for t in group:
                self.doc(rng.choice(self.outlets + self.republishers), t, 'same_topic',
                         when=day + dt.timedelta(hours=rng.uniform(0, 72)))

    def singletons(self, count):
        for _ in range(self.n(count)):
            d = self.doc(self.rng.choice(self.outlets + self.republishers), self.take(), 'single')
            if self.rng.random() < 0.05:
                d.when = None


def boilerplate_text(kind, name, rng, fresh):
    """A site's own footer: a template sentence naming the site, and a fresh
    sentence, so that two sites' footers share no long word run."""
    if kind == 'newsletter':
        head = rng.choice(['Sign up for the %s newsletter', 'Get %s in your inbox',
                           'Subscribe to %s daily']) % name
        tail = rng.choice(['every morning.', 'for free.', 'and never miss a story.'])
    elif kind == 'disclaimer':
        head = rng.choice(['The views expressed here are the author\'s own',
                           'Opinions in this article do not necessarily reflect those of %s'
                           % name, 'Disclaimer: %s does not endorse the views of contributors'
                           % name])
        tail = '.'
    else:
        head = rng.choice(['Support independent journalism at %s', '%s depends on readers like '
                           'you', 'Help %s keep reporting']) % name
        tail = rng.choice(['today.', 'with a donation.', '.'])
    return (head + ' ' + tail).replace(' .', '.') + ' ' + fresh.sentence()


# --------------------------------------------------------------------------
# Truth


def normalise(text):
    return ' '.join(straight_quotes(text).replace(NBSP, ' ').split())


def passages_of(units_a, units_b):
    """Maximal runs of source paragraphs adjacent on both sides."""
    index_b = {tag: j for j, (tag, _, _) in enumerate(units_b)}
    runs = []
    prev = None
    for i, (tag, b, e) in enumerate(units_a):
        j = index_b.get(tag)
        if j is None:
            prev = None
            continue
        _, bb, be = units_b[j]
        if prev is not None and prev[0] == i - 1 and prev[1] == j - 1:
            run = runs[-1]
            run['a_end'], run['b_end'] = e, max(run['b_end'], be)
            run['b_begin'] = min(run['b_begin'], bb)
        else:
            runs.append({'a_begin': b, 'a_end': e, 'b_begin': bb, 'b_end': be})
        prev = (i, j)
    return runs


def covered(passages, side):
    spans = sorted((p[side + '_begin'], p[side + '_end']) for p in passages)
    total, end = 0, -1
    for b, e in spans:
        if e > end:
            total += e - max(b, end)
            end = e
    return total


def classify(art_a, art_b, passages):
    if normalise(art_a['text']) == normalise(art_b['text']):
        return 'duplicate'
    la = len(art_a['text'].encode('utf-8')) or 1
    lb = len(art_b['text'].encode('utf-8')) or 1
    share = max(covered(passages, 'a') / la, covered(passages, 'b') / lb)
    return 'republication' if share >= REPUBLICATION_MIN_SHARE else 'excerpt'


def truth_pairs(docs, rendered):
    """Every two articles sharing a source paragraph form a pair."""
    by_tag = {}
    for k, (_, units) in enumerate(rendered):
        for tag, _, _ in units:
            by_tag.setdefault(tag, []).append(k)
    candidates = set()
    for ks in by_tag.values():
        for x in range(len(ks)):
            for y in range(x + 1, len(ks)):
                candidates.add((min(ks[x], ks[y]), max(ks[x], ks[y])))
    pairs = []
    for x, y in sorted(candidates):
        (ax, ux), (ay, uy) = rendered[x], rendered[y]
        dx, dy = docs[x], docs[y]
        if ax['url'] > ay['url']:
            (ax, ux, dx), (ay, uy, dy) = (ay, uy, dy), (ax, ux, dx)
        passages = passages_of(ux, uy)
        origin = credit = None
        if dy.copied_from is dx:
            origin, credit = dx, dy.credit
        elif dx.copied_from is dy:
            origin, credit = dy, dx.credit
        scenario = dx.scenario if dx.scenario == dy.scenario else (
            dy.scenario if dy.copied_from is not None else dx.scenario)
        pairs.append({'a': ax['url'], 'b': ay['url'], 'kind': classify(ax, ay, passages),
                      'origin': origin.url if origin else None, 'credit': credit,
                      'scenario': scenario, 'passages': passages})
    return pairs


DEFINITIONS = {
    'pair': 'two articles sharing at least one copied paragraph (a < b by url)',
    'passage': 'a maximal run of copied paragraphs adjacent on both sides; light edits '
               'inside do not split it; a paragraph present on one side only does',
    'duplicate': 'texts equal after straight quotes, NBSP to space and whitespace collapsing',
    'republication': 'not a duplicate, and the shared bytes are >= %.0f%% of one side'
                     % (100 * REPUBLICATION_MIN_SHARE),
    'excerpt': 'any other pair',
    'origin': 'the article the other copied the shared text from; null when both copied '
              'a third text (wire outlets, two copies of one origin) or for utm duplicates',
    'credit': "the copy's credit of the origin: linked, named, none; null when origin is "
              'null and for mirror duplicates',
}


def generate(base, out, seed, scale):
    rng = random.Random(seed)
    c = Corpus(base, rng, scale)
    c.boilerplate_sites(8)
    c.republications(220)
    c.republications(50, scenario='missing_date', missing_dates=True)
    c.excerpts(140)
    c.duplicates(80)
    c.wire_stories(16)
    c.same_topic()
    c.singletons(220)
    docs = c.docs
    rng.shuffle(docs)
    rendered = [d.render(rng) for d in docs]
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, 'corpus.jsonl'), 'w', encoding='utf-8') as f:
        for article, _ in rendered:
            f.write(json.dumps(article, ensure_ascii=False) + '\n')
    pairs = truth_pairs(docs, rendered)
    counts = {}
    for p in pairs:
        key = p['scenario'] + '/' + p['kind']
        counts[key] = counts.get(key, 0) + 1
    articles_by = {}
    for d in docs:
        articles_by[d.scenario] = articles_by.get(d.scenario, 0) + 1
    truth = {'articles': len(docs), 'pairs': pairs,
             'boilerplate_sites': sorted(s.site for s in c.boiler_sites),
             'scenarios': {d.url: d.scenario for d in docs},
             'definitions': DEFINITIONS, 'seed': seed, 'scale': scale,
             'counts': {'pairs_by_scenario_kind': counts, 'articles_by_scenario': articles_by,
                        'base_texts_used': len(c.used)}}
    with open(os.path.join(out, 'truth.json'), 'w', encoding='utf-8') as f:
        json.dump(truth, f, ensure_ascii=False, indent=0)
    return truth


# --------------------------------------------------------------------------
# Speed mode: many fresh articles, streamed


def generate_speed(base, out, seed, count, reuse_rate=0.05):
    """Writes `count` fresh articles of about 600 words (8 paragraphs of 75):
    runs of base words with every third word replaced by a random word, each
    (base, noise) alignment used once, so no two fresh articles share a
    passage (at 1M articles, chance alignments otherwise made ~750 pairs
    sharing 50 words). About `reuse_rate` of them copy an earlier article that nothing else copies:
    republications (70%: whole text, maybe the copy's own lead, one typo, a
    credit line naming the origin) and excerpts (1-3 paragraphs inside a
    fresh article). One site in ten ends every article with its own footer."""
    rng = random.Random(seed)
    words = simple_words(base)
    vocab = sorted(set(w.strip('.,;:"()\u201c\u201d') for w in words) - {''})
    noise = rng.choices(vocab, k=1 << 22)  # random words, sliced at random offsets
    cat = SiteCatalogue(rng)
    sites = [cat.outlet() for _ in range(max(50, min(3000, count // 300)))]
    for s in rng.sample(sites, len(sites) // 10):
        s.footer = [spliced_paragraph(rng, words, vocab, 30)]
    enc = json.encoder.encode_basestring  # a str as a JSON literal (C)
    site_json = {}
    for s in sites:
        site_json[s.host] = (', "site": %s' % enc(s.site), ', "publisher": %s, "language": "en", '
                             '"categories": [], ' % enc(s.name),
                             [enc(a) for a in s.authors])
    start = dt.datetime(2019, 1, 1)
    span_minutes = 730 * 24 * 60
    recent = []  # (url, when, paras, site, paragraph byte spans, text bytes) open to copying
    pairs = []
    nwords, nnoise = len(words) - 80, len(noise) - 30
    used = bytearray(nwords + 3 + 3 * nnoise)  # alignments s0 + ph - 3r taken
    randrange, random_ = rng.randrange, rng.random
    os.makedirs(out, exist_ok=True)
    path = os.path.join(out, 'corpus.jsonl.gz')
    t0 = time.time()
    with open(path, 'wb') as f:
        batch = []
        for k in range(count):
            site = sites[randrange(len(sites))]
            when = start + dt.timedelta(minutes=randrange(span_minutes))
            origin = None
            if recent and random_() < reuse_rate:
                origin = recent.pop(randrange(len(recent)))
                when = origin[1] + dt.timedelta(hours=1 + randrange(240))
            paras = []
            for _ in range(8):
                # Two paragraphs share words only when s0 + ph - 3r (the
                # alignment of base words and noise slice) is equal: each
                # alignment is used once, so fresh texts share no passage.
                while True:
                    s0, ph, r = randrange(nwords), randrange(3), randrange(nnoise)
                    c = s0 + ph - 3 * r + 3 * nnoise
                    if not used[c]:
                        used[c] = 1
                        break
                chunk = words[s0:s0 + 75]
                chunk[ph::3] = noise[r:r + 25]  # 25 = len(range(ph, 75, 3)) for ph < 3
                paras.append(' '.join(chunk))
            shared = credit = None  # (own paragraph indices, origin paragraph indices)
            if origin is not None:
                o_paras = origin[2]
                if random_() < 0.7:
                    own_lead = random_() < 0.3
                    first = 1 if own_lead else 0
                    paras = paras[:first] + o_paras[first:]
                    shared = (range(first, len(paras)), range(first, len(o_paras)))
                    j = randrange(first, len(paras))
                    paras[j] = edit_typo(paras[j], rng)
                    paras.append('This article was originally published on %s.' % origin[3].name)
                    credit = 'named'
                else:
                    n = 1 + randrange(3)
                    i = randrange(len(o_paras) - n + 1)
                    at = 1 + randrange(len(paras) - 1)
                    paras[at:at] = o_paras[i:i + n]
                    shared = (range(at, at + n), range(i, i + n))
                    credit = 'none'
            title = ' '.join(paras[0].split(' ', 8)[:8])
            url = cat.url(site, title, when)
            text_paras = site.header + paras + site.footer
            text = '\n\n'.join(text_paras)
            offs, pos = [], 0
            for p in text_paras:
                b = len(p.encode('utf-8'))
                offs.append((pos, pos + b))
                pos += b + 2
            text_bytes = pos - 2
            sj = site_json[site.host]
            eurl = enc(url)
            batch.append(''.join((
                '{"url": ', eurl, ', "canonical_url": ', eurl, sj[0], ', "title": ', enc(title),
                ', "authors": [', sj[2][k % len(sj[2])], '], "published": "',
                render_date(when, site, rng), '", "modified": ""', sj[1], '"text": ', enc(text),
                ', "blocks": [',
                ', '.join('{"kind": "paragraph", "begin": %d, "end": %d}' % o for o in offs),
                '], "links": [], "notices": [], "evidence": {"published": "json-ld"}}\n')))
            h = len(site.header)
            if shared is not None:
                own, theirs = shared
                ob = origin[4]
                pa = {'a_begin': offs[h + own[0]][0], 'a_end': offs[h + own[-1]][1],
                      'b_begin': ob[theirs[0]][0], 'b_end': ob[theirs[-1]][1]}
                a, b = url, origin[0]
                lens = (text_bytes, origin[5])
                if a > b:
                    a, b, lens = b, a, (lens[1], lens[0])
                    pa = {'a_begin': pa['b_begin'], 'a_end': pa['b_end'],
                          'b_begin': pa['a_begin'], 'b_end': pa['a_end']}
                share = max((pa['a_end'] - pa['a_begin']) / lens[0],
                            (pa['b_end'] - pa['b_begin']) / lens[1])
                pairs.append({'a': a, 'b': b, 'kind': 'republication' if (
                    share >= REPUBLICATION_MIN_SHARE) else 'excerpt', 'origin': origin[0],
                    'credit': credit, 'scenario': 'speed_' + (
                        'republication' if credit == 'named' else 'excerpt'),
                    'passages': [pa]})
            else:
                entry = (url, when, paras, site, offs[h:h + len(paras)], text_bytes)
                if len(recent) < 20000:
                    recent.append(entry)
                else:
                    recent[randrange(len(recent))] = entry
            if len(batch) >= 2000:
                f.write(gzip.compress(''.join(batch).encode('utf-8'), compresslevel=1))
                batch = []
            if (k + 1) % 100000 == 0:
                print('speed: %d articles, %.0f s' % (k + 1, time.time() - t0), file=sys.stderr)
        if batch:
            f.write(gzip.compress(''.join(batch).encode('utf-8'), compresslevel=1))
    truth = {'articles': count, 'pairs': pairs,
             'boilerplate_sites': sorted(s.site for s in sites if s.footer),
             'definitions': DEFINITIONS, 'seed': seed, 'speed': count}
    with open(os.path.join(out, 'truth.json'), 'w', encoding='utf-8') as f:
        json.dump(truth, f, ensure_ascii=False)
    return truth


def load_base(path):
    with gzip.open(path, 'rt', encoding='utf-8') as f:
        return [json.loads(line) for line in f if line.strip()]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--out', default='/tmp/newstrace-reuse/corpus',
                    help='output directory (default %(default)s)')
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--scale', type=float, default=1.0, help='multiplies scenario counts')
    ap.add_argument('--speed', type=int, metavar='N',
                    help='speed mode: N fresh ~600-word articles, ~5%% reuse, corpus.jsonl.gz')
    ap.add_argument('--base', default=os.environ.get('NEWSTRACE_REUSE_BASE', DEFAULT_BASE),
                    help='base texts (default ../shared/data/reuse-base/base.jsonl.gz)')
    args = ap.parse_args(argv)
    if not os.path.exists(args.base):
        print('make_reuse_corpus: %s not found; skipping' % args.base)
        return 0
    t0 = time.time()
    base = load_base(args.base)
    if args.speed:
        truth = generate_speed(base, args.out, args.seed, args.speed)
        name = 'corpus.jsonl.gz'
    else:
        truth = generate(base, args.out, args.seed, args.scale)
        name = 'corpus.jsonl'
    print('make_reuse_corpus: %d articles, %d truth pairs -> %s (%.1f s)' % (
        truth['articles'], len(truth['pairs']), os.path.join(args.out, name), time.time() - t0))
    return 0


if __name__ == '__main__':
    sys.exit(main())
