"""The loader reports each kind of content error as file: field: reason, and all of them at once."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from immunoguide.knowledge.load import ContentInvalid, load_content


def edit_yaml(path: Path, change) -> None:  # noqa: ANN001
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def errors_of(content: Path) -> list[str]:
    with pytest.raises(ContentInvalid) as info:
        load_content(content)
    return [str(e) for e in info.value.errors]


def test_fixture_content_is_valid(content_copy: Path) -> None:
    k = load_content(content_copy)
    assert k.counts() == {"drugs": 2, "classes": 1, "conditions": 1, "topics": 1, "articles": 2, "interactions": 1, "sources": 1}
    assert [a.slug for a in k.articles_newest_first] == ["pomalidomide-dosing-guide", "older-article"]


DRUG = "drugs/pomalidomide.yaml"


def _set(path: list, value):  # noqa: ANN001, ANN202
    def change(data):  # noqa: ANN001, ANN202
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def _delete(path: list):  # noqa: ANN001, ANN202
    def change(data):  # noqa: ANN001, ANN202
        target = data
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return change


@pytest.mark.parametrize(
    ("file", "change", "expected"),
    [
        (DRUG, _set(["regimens", 0, "dose", "amount"], -4), "content/drugs/pomalidomide.yaml: regimens[0].dose.amount: must be > 0"),
        (DRUG, _set(["regimens", 0, "dose", "amount"], 0), "content/drugs/pomalidomide.yaml: regimens[0].dose.amount: must be > 0"),
        (DRUG, _delete(["summary"]), "content/drugs/pomalidomide.yaml: summary: is required"),
        (DRUG, _set(["colour"], "blue"), "content/drugs/pomalidomide.yaml: colour: is not a known field"),
        (DRUG, _set(["regimens", 0, "sources"], []), "content/drugs/pomalidomide.yaml: regimens[0].sources: must have at least 1 item(s)"),
        (DRUG, _set(["regimens", 0, "cycle", "days_on"], 30), "content/drugs/pomalidomide.yaml: regimens[0].cycle: days_on must not exceed length_days"),
        (DRUG, _set(["regimens", 0, "frequency"], "every-n-weeks"), "content/drugs/pomalidomide.yaml: regimens[0]: interval is required when frequency is every-n-weeks"),
        (DRUG, _set(["regimens", 0, "frequency"], "hourly"), "content/drugs/pomalidomide.yaml: regimens[0].frequency: Input should be"),
        (DRUG, _set(["red_flags"], []), "content/drugs/pomalidomide.yaml: an immunomodulator monograph needs: red_flags"),
        (DRUG, _set(["slug"], "pomalidomid"), "content/drugs/pomalidomide.yaml: slug: 'pomalidomid' must match the file name 'pomalidomide'"),
        (DRUG, _set(["reviewed"], "last year"), "content/drugs/pomalidomide.yaml: reviewed: Input should be a valid date"),
        (DRUG, _set(["mechanism", "sources", 0, "source"], "fda-label-nothing"), "content/drugs/pomalidomide.yaml: mechanism.sources[0].source: unknown source 'fda-label-nothing'"),
        (DRUG, _set(["classes"], ["imids", "tnf-inhibitors"]), "content/drugs/pomalidomide.yaml: classes[1]: unknown class 'tnf-inhibitors'"),
        (DRUG, _set(["regimens", 0, "indication"], "gout"), "content/drugs/pomalidomide.yaml: regimens[0].indication: unknown condition 'gout'"),
        ("sources/main.yaml", lambda d: d[0].update(revised="Nov 2024"), "content/sources/main.yaml: [0].revised: does not match the pattern"),
        ("sources/main.yaml", lambda d: d.append(dict(d[0])), "content/sources/main.yaml: fda-label-pomalidomide: duplicate source id"),
        ("classes/imids.yaml", _set(["description"], [{"text": "Unsourced claim."}]), "content/classes/imids.yaml: description[0].sources: is required"),
    ],
)
def test_each_error_names_file_field_and_reason(content_copy: Path, file: str, change, expected: str) -> None:  # noqa: ANN001
    edit_yaml(content_copy / file, change)
    errors = errors_of(content_copy)
    assert any(e.startswith(expected) for e in errors), errors


def edit_front_matter(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("drugs: [pomalidomide]", "drugs: [pomalidomide, humira]", "content/articles/pomalidomide-dosing-guide.md: drugs[1]: unknown drug 'humira'"),
        ("topics: [immunomodulatory-drugs]", "topics: [biologics]", "content/articles/pomalidomide-dosing-guide.md: topics[0]: unknown topic 'biologics'"),
        ("topics: [immunomodulatory-drugs]", "topics: []", "content/articles/pomalidomide-dosing-guide.md: topics: must have at least 1 item(s)"),
        ("date: 2025-10-17", "date: 2025-13-45", "content/articles/pomalidomide-dosing-guide.md: front matter: invalid: month must be in 1..12"),
        ("summary: How", "summary: [How", "content/articles/pomalidomide-dosing-guide.md: front matter: invalid"),
    ],
)
def test_article_errors(content_copy: Path, old: str, new: str, expected: str) -> None:
    edit_front_matter(content_copy / "articles" / "pomalidomide-dosing-guide.md", old, new)
    errors = errors_of(content_copy)
    assert any(e.startswith(expected) for e in errors), errors


def test_article_links_to_missing_pages_fail_the_build(content_copy: Path) -> None:
    path = content_copy / "articles" / "pomalidomide-dosing-guide.md"
    path.write_text(path.read_text() + "\nSee [Humira](/drugs/humira) and [myeloma](/conditions/multiple-myeloma#treatment).\n")
    errors = errors_of(content_copy)
    assert "content/articles/pomalidomide-dosing-guide.md: body: links to /drugs/humira, which does not exist" in errors
    assert not any("multiple-myeloma" in e for e in errors)


def test_invalid_yaml_names_the_line(content_copy: Path) -> None:
    (content_copy / "conditions" / "multiple-myeloma.yaml").write_text("slug: multiple-myeloma\nname: [unclosed\n")
    errors = errors_of(content_copy)
    assert any(e.startswith("content/conditions/multiple-myeloma.yaml: line ") and "invalid YAML" in e for e in errors), errors


def test_every_error_is_listed_not_just_the_first(content_copy: Path) -> None:
    edit_yaml(content_copy / DRUG, _set(["regimens", 0, "dose", "amount"], -1))
    edit_yaml(content_copy / "classes/imids.yaml", _delete(["summary"]))
    edit_front_matter(content_copy / "articles" / "older-article.md", "drugs: [pomalidomide]", "drugs: [nonexistent]")
    errors = errors_of(content_copy)
    assert "content/drugs/pomalidomide.yaml: regimens[0].dose.amount: must be > 0" in errors
    assert "content/classes/imids.yaml: summary: is required" in errors
    assert "content/articles/older-article.md: drugs[0]: unknown drug 'nonexistent'" in errors
    # The invalid drug file is reported once, not again through every reference to it.
    assert not any("unknown drug 'pomalidomide'" in e for e in errors), errors
    assert len(errors) == 3, errors


def test_impossible_date_in_yaml(content_copy: Path) -> None:
    path = content_copy / "classes" / "imids.yaml"
    path.write_text(path.read_text().replace("reviewed: 2026-11-25", "reviewed: 2026-02-30"))
    assert errors_of(content_copy) == ["content/classes/imids.yaml: invalid YAML value: day is out of range for month"]


def test_missing_content_folder(tmp_path: Path) -> None:
    errors = errors_of(tmp_path / "nowhere")
    assert errors == [f"{tmp_path / 'nowhere'}: content folder not found"]


RULES = "interactions/main.yaml"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d[0]["between"][0].update(drug="humira"), "content/interactions/main.yaml: pomalidomide-strong-cyp1a2-inhibitors.between[0].drug: unknown drug 'humira'"),
        (lambda d: d[0]["between"].__setitem__(1, {"class": "ssris"}), "content/interactions/main.yaml: pomalidomide-strong-cyp1a2-inhibitors.between[1].class: unknown class 'ssris'"),
        (lambda d: d[0]["between"].__setitem__(1, {"property": "strong-cyp9-inhibitor"}), "content/interactions/main.yaml: pomalidomide-strong-cyp1a2-inhibitors.between[1].property: no medicine has the property 'strong-cyp9-inhibitor'"),
        (lambda d: d[0]["between"].__setitem__(1, {"drug": "fluvoxamine", "class": "imids"}), "content/interactions/main.yaml: [0].between[1]: give exactly one of drug, class or property"),
        (lambda d: d[0]["between"].pop(), "content/interactions/main.yaml: [0].between: must have at least 2 item(s)"),
        (lambda d: d[0].update(severity="deadly"), "content/interactions/main.yaml: [0].severity: Input should be"),
        (lambda d: d.append({**d[0], "between": list(reversed(d[0]["between"])), "id": "again"}), "content/interactions/main.yaml: again: the same pair as rule 'pomalidomide-strong-cyp1a2-inhibitors'"),
        (lambda d: d.append(dict(d[0])), "content/interactions/main.yaml: pomalidomide-strong-cyp1a2-inhibitors: duplicate interaction rule id"),
        (lambda d: d[0]["sources"][0].update(source="nowhere"), "content/interactions/main.yaml: pomalidomide-strong-cyp1a2-inhibitors.sources[0].source: unknown source 'nowhere'"),
    ],
)
def test_interaction_rule_errors(content_copy: Path, change, expected: str) -> None:  # noqa: ANN001
    edit_yaml(content_copy / RULES, change)
    errors = errors_of(content_copy)
    assert any(e.startswith(expected) for e in errors), errors


def test_other_medicine_with_properties_needs_sources(content_copy: Path) -> None:
    edit_yaml(content_copy / "drugs/fluvoxamine.yaml", _set(["sources"], []))
    assert "content/drugs/fluvoxamine.yaml: sources must cite where the classes and properties of this medicine come from" in errors_of(content_copy)


def test_property_tags_come_from_the_vocabulary(content_copy: Path) -> None:
    edit_yaml(content_copy / DRUG, _set(["properties"], ["teratogen", "hepatoxic"]))
    errors = errors_of(content_copy)
    assert any(e.startswith("content/drugs/pomalidomide.yaml: properties[1]: Input should be") for e in errors), errors
