"""Typo-tolerant search over the curated content: brands, generics, other names, misspellings."""

from __future__ import annotations

import pytest

from immunoguide.knowledge.load import load_content
from immunoguide.knowledge.search import SearchIndex
from tests.conftest import CONTENT


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex(load_content(CONTENT))


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        # brand names
        ("humira", "adalimumab"),
        ("Revlimid", "lenalidomide"),
        ("POMALYST", "pomalidomide"),
        ("thalomid", "thalidomide"),
        ("enbrel", "etanercept"),
        ("remicade", "infliximab"),
        ("xeljanz", "tofacitinib"),
        ("gilenya", "fingolimod"),
        ("plaquenil", "hydroxychloroquine"),
        ("arava", "leflunomide"),
        ("imuran", "azathioprine"),
        ("cellcept", "mycophenolate-mofetil"),
        ("otrexup", "methotrexate"),
        # biosimilars
        ("amjevita", "adalimumab"),
        ("inflectra", "infliximab"),
        # other names
        ("MTX", "methotrexate"),
        ("HCQ", "hydroxychloroquine"),
        # misspellings, case and stray whitespace
        ("methotrexat", "methotrexate"),
        ("pomalidamide", "pomalidomide"),
        ("  Lenalidomid ", "lenalidomide"),
        ("adalimumub", "adalimumab"),
        ("cyclophosphamid", "cyclophosphamide"),
        ("tofacitnib", "tofacitinib"),
        # typeahead prefixes
        ("hydroxy", "hydroxychloroquine"),
        ("inflix", "infliximab"),
    ],
)
def test_names_find_the_drug_first(index: SearchIndex, query: str, slug: str) -> None:
    hits = index.search(query)
    assert hits, f"nothing for {query!r}"
    assert (hits[0].entry.type, hits[0].entry.slug) == ("drug", slug), [(h.entry.slug, h.score) for h in hits[:3]]


@pytest.mark.parametrize(
    ("query", "type_", "slug"),
    [
        ("crohns disease", "condition", "crohns-disease"),
        ("lupus", "condition", "systemic-lupus-erythematosus"),
        ("myeloma", "condition", "multiple-myeloma"),
        ("tnf inhibitors", "class", "tnf-inhibitors"),
        ("jak inhibitor", "class", "jak-inhibitors"),
    ],
)
def test_conditions_and_classes(index: SearchIndex, query: str, type_: str, slug: str) -> None:
    found = [(h.entry.type, h.entry.slug) for h in index.search(query, limit=5)]
    assert (type_, slug) in found, found


@pytest.mark.parametrize(
    ("query", "article"),
    [
        ("pomalidomide dosing", "pomalidomide-dosing-guide"),
        ("antidepressants", "immunomodulators-and-antidepressants"),
        ("blood thinners", "immunomodulators-and-blood-thinners"),
        ("pregnancy", "pregnancy-and-immunomodulators"),
        ("switching without a flare", "switching-immunomodulators-without-a-flare"),
    ],
)
def test_articles_are_found_by_their_words(index: SearchIndex, query: str, article: str) -> None:
    found = [h.entry.slug for h in index.search(query, limit=10)]
    assert article in found, found


@pytest.mark.parametrize("query", ["", "   ", "?!", "zzqxv", "bicycle"])
def test_no_match_is_no_result(index: SearchIndex, query: str) -> None:
    assert index.search(query) == []
