"""Typo-tolerant search over the knowledge snapshot (rapidfuzz).

Names (generic, brand, other names, class and condition names) are matched
whole, so "humira" finds adalimumab and "methotrexat" finds methotrexate.
Titles and summaries are matched word by word, so "pomalidomide dosing"
finds the dosing guide. Built once per snapshot; a query is a few
vectorised rapidfuzz calls.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from .snapshot import Knowledge

_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    "a an and are as at be by can do for from how i in is it its my of on or the their this to what when who why with you your".split()
)

#: Below these scores a match is noise rather than a typo.
NAME_CUTOFF = 80.0
WORD_CUTOFF = 84.0


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(_WORD.findall(text.lower()))


@dataclass(frozen=True)
class Entry:
    type: str  # drug | class | condition | topic | article
    slug: str
    title: str
    url: str
    summary: str


@dataclass(frozen=True)
class Hit:
    entry: Entry
    score: float
    matched: str  # the name or word the query matched

    def as_json(self) -> dict[str, object]:
        e = self.entry
        return {"type": e.type, "slug": e.slug, "title": e.title, "url": e.url, "score": round(self.score, 1), "matched": self.matched, "summary": e.summary}


# Kinds rank in this order when scores tie: a drug page beats an article that mentions it.
_TYPE_RANK = {"drug": 0, "class": 1, "condition": 2, "topic": 3, "article": 4}


class SearchIndex:
    def __init__(self, knowledge: Knowledge):
        self.entries: list[Entry] = []
        names: list[str] = []
        name_owner: list[int] = []
        words: dict[str, set[int]] = defaultdict(set)

        def add(entry: Entry, entry_names: list[str], text: str) -> None:
            i = len(self.entries)
            self.entries.append(entry)
            for n in {normalise(n) for n in entry_names} - {""}:
                names.append(n)
                name_owner.append(i)
            for w in _WORD.findall(normalise(" ".join(entry_names) + " " + text)):
                if len(w) >= 3 and w not in _STOP:
                    words[w].add(i)

        for d in knowledge.drugs_sorted():
            add(
                Entry("drug", d.slug, d.name, f"/drugs/{d.slug}", d.summary),
                [d.name, *(b.name for b in d.brands), *d.synonyms],
                d.summary,
            )
        for c in knowledge.classes.values():
            add(Entry("class", c.slug, c.name, f"/classes/{c.slug}", c.summary), [c.name], c.summary)
        for c in knowledge.conditions.values():
            add(Entry("condition", c.slug, c.name, f"/conditions/{c.slug}", c.summary), [c.name, *c.other_names], c.summary)
        for t in knowledge.topics.values():
            add(Entry("topic", t.slug, t.title, f"/topics/{t.slug}", t.summary), [], t.title + " " + t.summary)
        for a in knowledge.articles_newest_first:
            add(Entry("article", a.slug, a.title, f"/articles/{a.slug}", a.summary), [], a.title + " " + a.summary)

        self._names = names
        self._name_owner = name_owner
        #: Names sorted, for prefix (typeahead) matches by binary search.
        self._sorted = sorted((n, i) for i, n in enumerate(names))
        self._words = list(words)
        self._word_owners = [words[w] for w in self._words]

    def search(self, query: str, limit: int = 20) -> list[Hit]:
        q = normalise(query)
        if not q:
            return []
        best: dict[int, tuple[float, str]] = {}

        def offer(i: int, score: float, matched: str) -> None:
            if score > best.get(i, (0.0, ""))[0]:
                best[i] = (score, matched)

        # 1. Whole-name matches: exact, prefix (typeahead), or a close spelling.
        for name, score, pos in process.extract(q, self._names, scorer=fuzz.ratio, score_cutoff=NAME_CUTOFF, limit=None):
            offer(self._name_owner[pos], score, name)
        if len(q) >= 3:
            at = bisect.bisect_left(self._sorted, (q, -1))
            while at < len(self._sorted) and self._sorted[at][0].startswith(q):
                name, pos = self._sorted[at]
                offer(self._name_owner[pos], 90.0 + 10.0 * len(q) / len(name), name)
                at += 1

        # 2. Word matches over names, titles and summaries: every query word must find a close word.
        terms = [w for w in _WORD.findall(q) if len(w) >= 3 and w not in _STOP]
        if terms:
            per_entry: dict[int, list[float]] = defaultdict(list)
            for term in terms:
                found: dict[int, float] = {}
                for _, score, pos in process.extract(term, self._words, scorer=fuzz.ratio, score_cutoff=WORD_CUTOFF, limit=None):
                    for i in self._word_owners[pos]:
                        found[i] = max(found.get(i, 0.0), score)
                for i, score in found.items():
                    per_entry[i].append(score)
            for i, scores in per_entry.items():
                if len(scores) == len(terms):
                    offer(i, 0.8 * sum(scores) / len(scores), " ".join(terms))

        hits = [Hit(self.entries[i], score, matched) for i, (score, matched) in best.items()]
        hits.sort(key=lambda h: (-h.score, _TYPE_RANK[h.entry.type], h.entry.title))
        return hits[:limit]
