"""The ontology's commands, in-process: ``schemes``, ``concept`` and ``docs``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from sourcing_kg.cli import main
from sourcing_kg.core.errors import ExitCode
from sourcing_kg.core.namespaces import BRON, PREFIXES, SK, SKID, scheme
from sourcing_kg.core.resources import ontology_dir
from sourcing_kg.model.ontology import ontology_graph

MINI = Path(__file__).parent / "fixtures" / "lookup" / "mini-schemes.ttl"
FASE = scheme("fase")


@pytest.fixture
def with_mini_schemes(monkeypatch: pytest.MonkeyPatch) -> Graph:
    """The core ontology (no scheme files) plus a few concepts, seen by the commands instead of
    the whole ontology: the counts then do not depend on the concept-scheme files."""
    graph = Graph()
    for name in ("sourcing-kg.ttl", "resultaten.ttl", "bronnen.ttl", "landen.ttl"):
        graph.parse(ontology_dir() / name, format="turtle")
    graph.parse(MINI, format="turtle")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)

    def fake() -> Graph:
        copy = Graph()
        for triple in graph:
            copy.add(triple)
        for prefix, namespace in graph.namespaces():
            copy.bind(prefix, namespace)
        return copy

    for module in ("schemes", "concept"):
        monkeypatch.setattr(f"sourcing_kg.commands.{module}.ontology_graph", fake)
    return graph


def _json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> object:
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


# --- schemes ----------------------------------------------------------------------------


def test_schemes_json_lists_every_scheme_of_the_ontology(
    capsys: pytest.CaptureFixture[str],
) -> None:
    payload = _json(capsys, ["schemes", "--format", "json"])
    graph = ontology_graph()
    expected = {str(s) for s in graph.subjects(RDF.type, SKOS.ConceptScheme)}
    assert {s["iri"] for s in payload["schemes"]} == expected  # type: ignore[index]


def test_schemes_counts_and_titles(
    with_mini_schemes: Graph, capsys: pytest.CaptureFixture[str]
) -> None:
    payload = _json(capsys, ["schemes", "--format", "json", "--lang", "en"])
    rows = {s["iri"]: s for s in payload["schemes"]}  # type: ignore[index]
    assert rows[str(SKID.fase)]["concepts"] == 2
    assert rows[str(SKID.fase)]["title"] == "Phases of the IT sourcing lifecycle"
    assert rows[str(SKID.subdomein)]["concepts"] == 1
    names = [s["name"] for s in payload["schemes"]]  # type: ignore[index]
    assert names.index("domein") < names.index("subdomein") < names.index("fase")


def test_schemes_text(with_mini_schemes: Graph, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schemes", "--lang", "nl"]) == 0
    out = capsys.readouterr().out
    assert str(SKID.fase) in out and "Fasen van de IT-sourcing levenscyclus" in out


def test_schemes_rejects_an_unknown_language() -> None:
    with pytest.raises(SystemExit) as stop:
        main(["schemes", "--lang", "de"])
    assert stop.value.code == ExitCode.USAGE


# --- concept ----------------------------------------------------------------------------


@pytest.mark.parametrize("spelling", ["fase/3", "fase:3", str(FASE["3"])])
def test_concept_by_code_curie_or_iri(
    with_mini_schemes: Graph, capsys: pytest.CaptureFixture[str], spelling: str
) -> None:
    payload = _json(capsys, ["concept", spelling, "--format", "json", "--lang", "en"])
    assert payload["iri"] == str(FASE["3"])  # type: ignore[index]
    assert payload["label"] == "Acquisition and contracting"  # type: ignore[index]
    assert payload["notation"] == ["3"]  # type: ignore[index]
    assert [s["iri"] for s in payload["schemes"]] == [str(SKID.fase)]  # type: ignore[index]
    assert payload["editorial_notes"] == ["A test note."]  # type: ignore[index]
    assert [s["iri"] for s in payload["sources"]] == [str(BRON["par-4.4"])]  # type: ignore[index]
    citation = with_mini_schemes.value(BRON["par-4.4"], DCTERMS.bibliographicCitation)
    assert payload["sources"][0]["citation"] == str(citation)  # type: ignore[index]
    used_by = {(p, r["short"]) for p, r in payload["used_by"]}  # type: ignore[index]
    assert ("sk:behoortTotFase", "randvoorwaarde:3.4") in used_by
    assert ("sk:gevraagdInFase", "sk:DueDiligence") in used_by


def test_concept_in_dutch(with_mini_schemes: Graph, capsys: pytest.CaptureFixture[str]) -> None:
    payload = _json(capsys, ["concept", "fase/3", "--format", "json", "--lang", "nl"])
    assert payload["label"] == "Verwerven en contracteren"  # type: ignore[index]
    assert payload["definition"].startswith("Het doel van de fase")  # type: ignore[index]


def test_concept_broader_and_narrower(
    with_mini_schemes: Graph, capsys: pytest.CaptureFixture[str]
) -> None:
    child = _json(capsys, ["concept", "subdomein/11", "--format", "json"])
    parent = _json(capsys, ["concept", "domein/D", "--format", "json"])
    assert [r["short"] for r in child["broader"]] == ["domein:D"]  # type: ignore[index]
    assert [r["short"] for r in parent["narrower"]] == ["subdomein:11"]  # type: ignore[index]


def test_concept_class_shows_deliverable_metadata(capsys: pytest.CaptureFixture[str]) -> None:
    payload = _json(capsys, ["concept", "sk:Exitplan", "--format", "json", "--lang", "en"])
    graph = ontology_graph()
    english = {str(x) for x in graph.objects(SK.Exitplan, RDFS.label) if x.language == "en"}  # type: ignore[attr-defined]
    assert {payload["label"]} == english  # type: ignore[index]
    # values read "short-name (label)"; the label comes from whatever schemes are loaded
    properties = {(p, v.split(" ")[0]) for p, v in payload["properties"]}  # type: ignore[index]
    assert ("sk:gevraagdInFase", "fase:4") in properties
    assert ("rdfs:subClassOf", "sk:Resultaat") in properties
    assert payload["kinds"] == ["owl:Class"]  # type: ignore[index]


def test_concept_text_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["concept", "sk:Exitplan", "--lang", "nl"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("sk:Exitplan  Exitplan")
    assert str(BRON["tabel-3"]) in out


def test_concept_turtle_is_the_concise_bounded_description(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["concept", "sk:laatstGetest", "--format", "turtle"]) == 0
    printed = Graph().parse(data=capsys.readouterr().out, format="turtle")
    assert isomorphic(printed, ontology_graph().cbd(SK.laatstGetest))
    assert len(printed) > 5


def test_unknown_concept_is_a_usage_error_with_close_matches(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["concept", "sk:Exitpln"]) == ExitCode.USAGE
    assert "sk:Exitplan" in capsys.readouterr().err


def test_unknown_concept_without_matches(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["concept", "qqqqqqqq"]) == ExitCode.USAGE
    assert capsys.readouterr().out == ""


def test_concept_matches_case_insensitively(capsys: pytest.CaptureFixture[str]) -> None:
    payload = _json(capsys, ["concept", "exitplan", "--format", "json"])
    assert payload["iri"] == str(SK.Exitplan)  # type: ignore[index]


# --- docs -------------------------------------------------------------------------------


def test_docs_writes_html_and_the_merged_ontology(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "site"
    assert main(["docs", "-o", str(target)]) == 0
    html = (target / "index.html").read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html")
    assert "Exitplan" in (target / "nl" / "klassen.html").read_text(encoding="utf-8")
    merged = Graph().parse(target / "sourcing-kg.ttl", format="turtle")
    assert isomorphic(merged, ontology_graph())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no staging left behind


def test_docs_refuses_a_non_empty_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    assert main(["docs", "-o", str(tmp_path)]) == ExitCode.USAGE
    assert (tmp_path / "keep.txt").read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.txt"]


def test_docs_force_replaces_the_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "site"
    target.mkdir()
    (target / "old.html").write_text("old", encoding="utf-8")
    (target / ".sourcing-kg-docs").write_text("a previous build", encoding="utf-8")
    assert main(["docs", "-o", str(target), "--force"]) == 0
    names = sorted(p.name for p in target.iterdir())
    assert names == [".sourcing-kg-docs", "en", "index.html", "nl", "sourcing-kg.ttl"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_docs_into_an_empty_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["docs", "-o", str(tmp_path)]) == 0
    assert (tmp_path / "index.html").is_file()


def test_docs_refuses_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "a-file"
    target.write_text("x", encoding="utf-8")
    assert main(["docs", "-o", str(target), "--force"]) == ExitCode.USAGE
    assert target.read_text(encoding="utf-8") == "x"


def test_docs_needs_an_output(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["docs"])
    assert stop.value.code == ExitCode.USAGE
