"""Read `content/` into a validated `Knowledge` snapshot.

Every problem is reported as a `ContentError` naming the file, the field path
and the reason, and all of them are collected before giving up, so that one
run of `immunoguide validate` lists everything there is to fix.
"""

from __future__ import annotations

import re

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import frontmatter
import yaml
from pydantic import BaseModel, ValidationError

from .model import Article, Condition, Drug, DrugClass, InteractionRule, Participant, Source, Topic, citations_in
from .snapshot import Knowledge

M = TypeVar("M", bound=BaseModel)
#: libyaml's parser when PyYAML was built with it (several times faster), else the pure-Python one.
_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class ContentError:
    file: str
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.reason}" if self.field else f"{self.file}: {self.reason}"


class ContentInvalid(Exception):
    def __init__(self, errors: list[ContentError]):
        self.errors = errors
        super().__init__(f"{len(errors)} content error(s):\n" + "\n".join(str(e) for e in errors))


def _field_path(loc: Iterable[Any]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


_REASONS = {
    "greater_than": "must be > {gt}",
    "greater_than_equal": "must be >= {ge}",
    "missing": "is required",
    "extra_forbidden": "is not a known field",
    "string_pattern_mismatch": "does not match the pattern {pattern}",
    "too_short": "must have at least {min_length} item(s)",
    "string_too_short": "must not be empty",
}


def _reason(err: dict[str, Any]) -> str:
    template = _REASONS.get(err["type"])
    if template:
        ctx = {k: f"{v:g}" if isinstance(v, float) else v for k, v in (err.get("ctx") or {}).items()}
        try:
            return template.format(**ctx)
        except (KeyError, IndexError):
            pass
    msg = err["msg"]
    return msg.removeprefix("Value error, ")


def _validation_errors(file: str, exc: ValidationError) -> Iterator[ContentError]:
    for err in exc.errors():
        loc = [p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-"))]
        yield ContentError(file, _field_path(loc), _reason(err))


class _FastYAMLHandler(frontmatter.YAMLHandler):
    def load(self, fm: str, **kwargs: Any) -> Any:
        return yaml.load(fm, Loader=_YamlLoader)


_FRONT_MATTER = _FastYAMLHandler()


class _Reader:
    def __init__(self, root: Path):
        self.root = root
        self.errors: list[ContentError] = []
        #: Slugs and source ids whose files exist but failed validation: references to
        #: them are not reported again as "unknown", which would only hide the real error.
        self.present: set[str] = set()

    def rel(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root.parent))
        except ValueError:
            return str(path)

    def files(self, folder: str, suffix: str) -> list[Path]:
        paths = sorted((self.root / folder).glob(f"*{suffix}"))
        if folder not in ("sources", "interactions"):
            self.present.update(f"{folder}/{p.stem}" for p in paths)
        return paths

    def parse(self, model: type[M], data: Any, file: str) -> M | None:
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            self.errors.extend(_validation_errors(file, exc))
            return None

    def yaml(self, path: Path) -> Any:
        try:
            return yaml.load(path.read_text(encoding="utf-8"), Loader=_YamlLoader)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"line {mark.line + 1}" if mark else ""
            self.errors.append(ContentError(self.rel(path), where, f"invalid YAML: {getattr(exc, 'problem', exc)}"))
        except UnicodeDecodeError:
            self.errors.append(ContentError(self.rel(path), "", "not UTF-8 text"))
        except ValueError as exc:  # e.g. an impossible date such as 2025-13-45
            self.errors.append(ContentError(self.rel(path), "", f"invalid YAML value: {exc}"))
        return None

    def one_per_file(self, folder: str, model: type[M]) -> list[M]:
        items = []
        for path in self.files(folder, ".yaml"):
            data = self.yaml(path)
            if data is None:
                continue
            if not isinstance(data, dict):
                self.errors.append(ContentError(self.rel(path), "", "must be a mapping of fields"))
                continue
            item = self.parse(model, data, self.rel(path))
            if item is not None:
                self.check_slug(item, path)
                items.append(item)
        return items

    def markdown(self, folder: str, model: type[M]) -> list[M]:
        items = []
        for path in self.files(folder, ".md"):
            try:
                post = frontmatter.loads(path.read_text(encoding="utf-8"), handler=_FRONT_MATTER)
            except (yaml.YAMLError, UnicodeDecodeError, ValueError) as exc:
                self.errors.append(ContentError(self.rel(path), "front matter", f"invalid: {exc}"))
                continue
            item = self.parse(model, {**post.metadata, "body": post.content}, self.rel(path))
            if item is not None:
                self.check_slug(item, path)
                items.append(item)
        return items

    def check_slug(self, item: Any, path: Path) -> None:
        if item.slug != path.stem:
            self.errors.append(
                ContentError(self.rel(path), "slug", f"'{item.slug}' must match the file name '{path.stem}'")
            )

    def list_files(self, folder: str, model: type[M], key: str) -> list[tuple[str, M]]:
        """Files that each hold a list of items (sources, interaction rules)."""
        out: list[tuple[str, M]] = []
        for path in self.files(folder, ".yaml"):
            data = self.yaml(path)
            if data is None:
                continue
            if not isinstance(data, list):
                self.errors.append(ContentError(self.rel(path), "", f"must be a list of {folder}"))
                continue
            for i, entry in enumerate(data):
                if isinstance(entry, dict) and isinstance(entry.get(key), str):
                    self.present.add(f"{folder}/{entry[key]}")
                try:
                    out.append((self.rel(path), model.model_validate(entry)))
                except ValidationError as exc:
                    for e in _validation_errors(self.rel(path), exc):
                        self.errors.append(ContentError(e.file, f"[{i}]" + ("." + e.field if e.field else ""), e.reason))
        return out


#: Markdown links to this site's pages: [text](/drugs/slug), [text](/conditions/slug#part), ...
INTERNAL_LINK = re.compile(r"\]\(/(drugs|conditions|classes|articles|topics)/([a-z0-9-]+)[#)?]")


def load_content(root: Path | str) -> Knowledge:
    """Load and validate `root` (the `content/` folder); raise `ContentInvalid` listing every error."""
    root = Path(root)
    r = _Reader(root)
    if not root.is_dir():
        raise ContentInvalid([ContentError(str(root), "", "content folder not found")])

    sources: dict[str, Source] = {}
    for file, source in r.list_files("sources", Source, "id"):
        if source.id in sources:
            r.errors.append(ContentError(file, source.id, "duplicate source id"))
        sources[source.id] = source
    rules: dict[str, tuple[str, InteractionRule]] = {}
    for file, rule in r.list_files("interactions", InteractionRule, "id"):
        if rule.id in rules:
            r.errors.append(ContentError(file, rule.id, "duplicate interaction rule id"))
        rules[rule.id] = (file, rule)
    drugs = r.one_per_file("drugs", Drug)
    classes = r.one_per_file("classes", DrugClass)
    conditions = r.one_per_file("conditions", Condition)
    topics = r.markdown("topics", Topic)
    articles = r.markdown("articles", Article)

    def index(items: list[Any], folder: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for item in items:
            if item.slug in out:
                r.errors.append(ContentError(f"content/{folder}/{item.slug}", "slug", "duplicate slug"))
            out[item.slug] = item
        return out

    drug_by = index(drugs, "drugs")
    class_by = index(classes, "classes")
    condition_by = index(conditions, "conditions")
    topic_by = index(topics, "topics")
    article_by = index(articles, "articles")

    folders = {"class": "classes", "condition": "conditions", "drug": "drugs", "topic": "topics", "source": "sources"}

    def unknown(slug: str, known: dict[str, Any], what: str) -> bool:
        return slug not in known and f"{folders[what]}/{slug}" not in r.present

    def check_refs(file: str, field: str, slugs: Iterable[str], known: dict[str, Any], what: str) -> None:
        for i, slug in enumerate(slugs):
            if unknown(slug, known, what):
                r.errors.append(ContentError(file, f"{field}[{i}]", f"unknown {what} '{slug}'"))

    def check_one(file: str, field: str, slug: str | None, known: dict[str, Any], what: str) -> None:
        if slug is not None and unknown(slug, known, what):
            r.errors.append(ContentError(file, field, f"unknown {what} '{slug}'"))

    def check_citations(file: str, item: Any, prefix: str = "") -> None:
        for path, citation in citations_in(item, prefix):
            if unknown(citation.source, sources, "source"):
                r.errors.append(ContentError(file, f"{path}.source", f"unknown source '{citation.source}'"))

    properties_in_use = {p for d in drugs for p in d.properties}

    def check_participant(file: str, field: str, part: Participant) -> None:
        kind, slug = part.key
        if kind == "drug":
            check_one(file, field + ".drug", slug, drug_by, "drug")
        elif kind == "class":
            check_one(file, field + ".class", slug, class_by, "class")
        elif slug not in properties_in_use:
            r.errors.append(ContentError(file, field + ".property", f"no medicine has the property '{slug}'"))

    rxnorm_of: dict[str, str] = {}
    for d in drugs:
        f = f"content/drugs/{d.slug}.yaml"
        if d.rxnorm is not None:
            if d.rxnorm in rxnorm_of:
                r.errors.append(ContentError(f, "rxnorm", f"code {d.rxnorm} is already {rxnorm_of[d.rxnorm]}'s"))
            rxnorm_of[d.rxnorm] = d.slug
        check_refs(f, "classes", d.classes, class_by, "class")
        check_refs(f, "conditions", d.conditions, condition_by, "condition")
        check_one(f, "label_source", d.label_source, sources, "source")
        regimen_ids: dict[str, str] = {}
        for i, reg in enumerate(d.regimens):
            check_one(f, f"regimens[{i}].indication", reg.indication, condition_by, "condition")
            if reg.id is not None:
                if reg.id in regimen_ids:
                    r.errors.append(ContentError(f, f"regimens[{i}].id", f"duplicate regimen id '{reg.id}'"))
                regimen_ids[reg.id] = reg.indication
        for i, adj in enumerate(d.adjustments):
            check_one(f, f"adjustments[{i}].indication", adj.indication, condition_by, "condition")
            for j, rid in enumerate(adj.regimens):
                if rid not in regimen_ids:
                    r.errors.append(ContentError(f, f"adjustments[{i}].regimens[{j}]", f"no regimen of this drug has id '{rid}'"))
                elif adj.indication is not None and regimen_ids[rid] != adj.indication:
                    r.errors.append(ContentError(f, f"adjustments[{i}].regimens[{j}]", f"regimen '{rid}' is not for indication '{adj.indication}'"))
            for field in ("with_any", "with_all"):
                for j, part in enumerate(getattr(adj, field)):
                    check_participant(f, f"adjustments[{i}].{field}[{j}]", part)
        check_citations(f, d)
    for c in classes:
        check_citations(f"content/classes/{c.slug}.yaml", c)
    for c in conditions:
        check_citations(f"content/conditions/{c.slug}.yaml", c)
    for t in topics:
        check_citations(f"content/topics/{t.slug}.md", t)
    internal = {"drugs": drug_by, "conditions": condition_by, "classes": class_by, "articles": article_by, "topics": topic_by}

    def check_links(file: str, body: str) -> None:
        for folder, slug in INTERNAL_LINK.findall(body):
            if slug not in internal[folder] and f"{folders.get(folder.rstrip('s'), folder)}/{slug}" not in r.present:
                r.errors.append(ContentError(file, "body", f"links to /{folder}/{slug}, which does not exist"))

    for t in topics:
        check_links(f"content/topics/{t.slug}.md", t.body)
    for a in articles:
        f = f"content/articles/{a.slug}.md"
        check_links(f, a.body)
        check_refs(f, "drugs", a.drugs, drug_by, "drug")
        check_refs(f, "conditions", a.conditions, condition_by, "condition")
        check_refs(f, "topics", a.topics, topic_by, "topic")
        check_citations(f, a)

    pairs_seen: dict[frozenset[tuple[str, str]], str] = {}
    for rule_id, (file, rule) in rules.items():
        for i, part in enumerate(rule.between):
            check_participant(file, f"{rule_id}.between[{i}]", part)
        pair = frozenset(p.key for p in rule.between)
        if pair in pairs_seen:
            r.errors.append(ContentError(file, rule_id, f"the same pair as rule '{pairs_seen[pair]}'"))
        pairs_seen[pair] = rule_id
        check_citations(file, rule, rule_id)

    if r.errors:
        raise ContentInvalid(r.errors)
    return Knowledge(
        drugs=drug_by,
        classes=class_by,
        conditions=condition_by,
        topics=topic_by,
        articles=article_by,
        sources=sources,
        interactions={rule_id: rule for rule_id, (_, rule) in rules.items()},
    )
