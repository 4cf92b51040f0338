"""How label search ranks: the label named by the query, then the words as a phrase, then where on the label, then the newest."""

from __future__ import annotations

import json
from pathlib import Path


from immunoguide.labels.importer import import_part
from immunoguide.labels.query import search_labels

PART1 = Path(__file__).resolve().parents[1] / "fixtures" / "openfda" / "drug-label-0001-of-0002.json.zip"


def label(set_id: str, brand: str, **sections: str) -> dict:
    return {"set_id": set_id, "id": f"{set_id}-v1", "version": "1", "effective_time": "20240101",
            "openfda": {"brand_name": [brand], "generic_name": [brand.lower()]}, **{k: [v] for k, v in sections.items()}}


def imported(engine, tmp_path: Path, *labels: dict) -> None:  # noqa: ANN001
    part = tmp_path / "part.json"
    part.write_text(json.dumps({"results": list(labels)}))
    import_part(engine, part)


def test_where_on_the_label_comes_before_the_newest(engine, tmp_path: Path) -> None:  # noqa: ANN001
    imported(
        engine, tmp_path,
        label("boxed", "Alpha", boxed_warning="Severe zorbitis has occurred.", adverse_reactions="Headache."),
        label("interactions", "Beta", drug_interactions="Zorbitis risk rises with strong inhibitors."),
        label("adverse", "Gamma", adverse_reactions="Zorbitis was reported in 2% of patients."),  # imported last: newest
    )
    hits = search_labels(engine, "zorbitis")
    assert [(h.set_id, h.field) for h in hits] == [("boxed", "boxed_warning"), ("interactions", "drug_interactions"), ("adverse", "adverse_reactions")]
    assert "[zorbitis]" in hits[0].snippet.lower() or "[Zorbitis]" in hits[0].snippet


def test_the_words_as_a_phrase_come_first_then_the_newest(engine, tmp_path: Path) -> None:  # noqa: ANN001
    imported(
        engine, tmp_path,
        label("phrase", "Delta", warnings="Reduce the dose in severe quorbic impairment."),
        label("apart", "Epsilon", warnings="Impairment of memory; quorbic acid levels rise."),
        label("apart-newer", "Zeta", warnings="Quorbic salts may cause visual impairment."),
    )
    assert [h.set_id for h in search_labels(engine, "quorbic impairment")] == ["phrase", "apart-newer", "apart"]


def test_a_label_named_by_the_query_comes_first_and_the_section_filter_holds(engine) -> None:  # noqa: ANN001
    import_part(engine, PART1)
    hits = search_labels(engine, "anakinra")
    assert hits[0].title.startswith("Kineret") and len({h.set_id for h in hits}) == len(hits)  # one row a label
    only = search_labels(engine, "hepatotoxicity", section="boxed_warning")
    assert only and {h.field for h in only} == {"boxed_warning"}
    warnings_only = search_labels(engine, "hepatotoxicity", section="warnings")
    assert all(h.field == "warnings" for h in warnings_only)  # not warnings_and_cautions
    page2 = search_labels(engine, "hepatotoxicity", limit=3, offset=3)
    assert [h.set_id for h in page2] == [h.set_id for h in search_labels(engine, "hepatotoxicity", limit=6)][3:]


def test_every_match_is_reachable_page_by_page(engine, tmp_path: Path) -> None:  # noqa: ANN001
    many = [label(f"l{n:02d}", f"Brand{n}", adverse_reactions=f"Plurexia in {n} patients.") for n in range(60)]
    imported(engine, tmp_path, label("boxed", "Kappa", boxed_warning="Plurexia."), *many)
    first = search_labels(engine, "plurexia", limit=50)
    rest = search_labels(engine, "plurexia", limit=50, offset=50)
    assert [h.set_id for h in first + rest] == ["boxed"] + [f"l{n:02d}" for n in reversed(range(60))]
