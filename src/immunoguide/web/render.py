"""Presentation helpers shared by pages, feeds and the API: Markdown, dates, doses, citations, JSON-LD."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

from ..knowledge.model import Citation, Source

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": True}).enable("table")


@lru_cache(maxsize=512)
def markdown(text: str) -> Markup:
    """Markdown to sanitised HTML (raw HTML in the source is never passed through)."""
    html = _md.render(text)
    return Markup(nh3.clean(html, link_rel="noopener"))


_TABLE_TAGS = {"table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td", "p", "br", "sup", "sub", "b", "i", "em", "strong", "span", "ul", "ol", "li"}


def label_html(html: str) -> Markup:
    """A label's own table HTML, reduced to plain table markup (no links, styles, scripts or ids)."""
    return Markup(nh3.clean(html, tags=_TABLE_TAGS, attributes={"td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan", "scope"}}, link_rel=None))


def long_date(value: dt.date | dt.datetime | str) -> str:
    """17 Oct 2025 — the hub's date format (an ISO date string is read first)."""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return f"{value.day} {value.strftime('%b %Y')}"


@dataclass
class Citer:
    """Numbers the sources cited on one page, in order of first citation."""

    sources: dict[str, Source]
    order: list[str] = field(default_factory=list)
    sections: dict[str, list[str]] = field(default_factory=dict)

    def refs(self, citations: list[Citation]) -> list[tuple[int, str]]:
        """(number, sections) for each distinct source of one statement, registering them for the list."""
        cited: dict[int, list[str]] = {}
        for c in citations:
            if c.source not in self.sections:
                self.order.append(c.source)
                self.sections[c.source] = []
            if c.section not in self.sections[c.source]:
                self.sections[c.source].append(c.section)
            cited.setdefault(self.order.index(c.source) + 1, []).append(c.section)
        return [(n, "; ".join(sections)) for n, sections in sorted(cited.items())]

    def listing(self) -> list[tuple[int, Source, list[str]]]:
        return [(i + 1, self.sources[sid], self.sections[sid]) for i, sid in enumerate(self.order)]


def source_json(source: Source) -> dict[str, Any]:
    return source.model_dump(mode="json", exclude_none=True)


def json_ld(data: dict[str, Any]) -> Markup:
    """A JSON-LD script body that cannot close its own <script> element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
