"""Both engines give the same findings: fixtures, examples, a generated corpus, W3C SHACL tests.

The fast engine (:mod:`sourcing_kg.validation.fast`) and the reference engine (pySHACL) judge
the same scopes with the same shapes; every finding is compared on focus node, path, value,
source shape, severity, messages, rule, file and dossier (as multisets: a finding reported twice
by one engine must be reported twice by the other). Blank nodes of complex paths are compared by
the path's structure.
"""

from __future__ import annotations

import importlib.util
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from sourcing_kg.core.resources import examples_dir
from sourcing_kg.model.policy import load_policy
from sourcing_kg.validation.engine import validate_corpus
from sourcing_kg.validation.report import Finding, Report
from sourcing_kg.validation.scope import read_corpus
from sourcing_kg.validation.shapes import load_shapes

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
AS_OF = date(2026, 6, 1)


def _node(node: Node | None) -> str:
    return "" if node is None else ("_:" if isinstance(node, BNode) else node.n3())


def _path(finding: Finding) -> str:
    if not isinstance(finding.result_path, BNode):
        return _node(finding.result_path)
    return " ".join(sorted(f"{_node(p)} {_node(o)}" for _, p, o in finding.path_triples))


def key(finding: Finding) -> tuple[object, ...]:
    return (
        finding.file,
        _node(finding.dossier),
        str(finding.focus_node)
        if isinstance(finding.focus_node, BNode)
        else _node(finding.focus_node),
        _path(finding),
        _node(finding.value) if not isinstance(finding.value, BNode) else str(finding.value),
        _node(finding.source_shape) if not isinstance(finding.source_shape, BNode) else "_:",
        _node(finding.source_constraint_component),
        finding.severity.value,
        tuple(sorted(finding.messages.items())),
        finding.rule_id,
        finding.rules,
    )


def both(paths: list[Path], shapes: list[Path] = (), **options: object) -> tuple[Report, Report]:  # type: ignore[assignment]
    corpus = read_corpus(paths)
    loaded = load_shapes(shapes)
    notes: list[str] = []
    reports = [
        validate_corpus(
            corpus,
            as_of=AS_OF,
            policy=load_policy(),
            shapes=loaded,
            engine=engine,  # type: ignore[arg-type]
            say=notes.append,
            **options,  # type: ignore[arg-type]
        )
        for engine in ("pyshacl", "fast")
    ]
    assert not [n for n in notes if "runs instead" in n], notes  # the fast engine really ran
    return reports[0], reports[1]


def assert_same(reference: Report, fast: Report) -> None:
    want, got = Counter(map(key, reference.findings)), Counter(map(key, fast.findings))
    assert got == want, {"only pySHACL": want - got, "only fast": got - want}


def _inputs() -> list[Path]:
    examples = examples_dir()
    found = sorted((FIXTURES / "shapes").glob("*.ttl"))
    found += sorted(p for p in (FIXTURES / "validate").iterdir() if p.name != "embedded-shape.ttl")
    found += sorted(p for p in (FIXTURES / "register").glob("*.ttl") if p.name != "landen.ttl")
    found += sorted(p for p in (examples / "dossiers").rglob("*") if p.is_file())
    found += [examples / "architectuur", examples / "register" / "register.ttl"]
    return found


@pytest.mark.parametrize("path", _inputs(), ids=lambda p: str(p.relative_to(REPO)))
def test_same_findings_on_fixtures_and_examples(path: Path) -> None:
    reference, fast = both([path])
    assert_same(reference, fast)


def test_same_findings_with_a_users_shapes() -> None:
    shapes = FIXTURES / "validate-shapes" / "shapes.ttl"
    reference, fast = both([FIXTURES / "validate"], [shapes])
    assert_same(reference, fast)
    assert any(f.rule_id == "T-FASE" for f in fast.findings)


def _generator() -> object:
    spec = importlib.util.spec_from_file_location(
        "generate_dossiers", REPO / "bench" / "generate_dossiers.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_same_findings_on_a_generated_corpus_with_every_rule_seeded(tmp_path: Path) -> None:
    generator = _generator()
    generator.generate(tmp_path, count=40, seed=7)  # type: ignore[attr-defined]
    reference, fast = both([tmp_path])
    assert_same(reference, fast)
    fired = {f.rule_id for f in reference.findings}
    asked = set(generator.SEEDED_RULES)  # type: ignore[attr-defined]
    assert asked <= fired, asked - fired


#: Literals the store keeps in another (canonical) form than the input's: the overzicht must
#: carry the input's own, as the rdflib graph does.
UNCANONICAL = """@prefix sk: <https://w3id.org/sourcing-kg/def#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<urn:d> a sk:Dossier ; sk:fase "1.0"^^xsd:decimal, "01"^^xsd:integer ; sk:betreft <urn:s> .
<urn:s> a sk:ITDienst ; sk:kritiek "1"^^xsd:boolean ; sk:strategisch "0"^^xsd:boolean, false .
"""


def _overzicht_corpora(tmp_path: Path) -> list[list[Path]]:
    _generator().generate(tmp_path / "generated", count=25, seed=11)  # type: ignore[attr-defined]
    (tmp_path / "uncanonical.ttl").write_text(UNCANONICAL, encoding="utf-8")
    found = [[path] for path in _inputs() if "dossiers" in path.parts]
    return [*found, [tmp_path / "generated"], [tmp_path / "uncanonical.ttl"]]


def test_the_overzicht_made_in_the_engines_store_is_each_scopes_overzicht(
    tmp_path: Path,
) -> None:
    """The fast engine makes each dossier's overzicht (what the register scope sees of it) in
    its own store; it must be the query's result on the scope's rdflib graph, blank nodes and
    literals included."""
    from sourcing_kg.validation.engine import _background
    from sourcing_kg.validation.fast import construct_each, scoped_store
    from sourcing_kg.validation.scope import overzicht_of, overzicht_query_text

    compared = 0
    for paths in _overzicht_corpora(tmp_path):
        corpus = read_corpus(paths)
        background = _background(as_of=AS_OF, policy=load_policy())
        scopes = [corpus.scope_triples(s) for s in corpus.scopes]
        scoped = scoped_store(scopes, background)
        made = construct_each(scoped, overzicht_query_text(), scopes)
        for scope, triples in zip(corpus.scopes, made, strict=True):
            want = set(overzicht_of(corpus.scope_graph(scope)))
            assert set(triples) == want, (paths, scope.dossier)
            assert len(triples) == len(want)  # each triple once, as a graph holds it
            compared += len(want)
    assert compared > 400  # examples and generated dossiers: not a vacuous comparison


# ----------------------------------------------------------------------------- W3C SHACL tests

W3C = FIXTURES / "w3c-shacl"
#: Cases with a feature the fast engine declines (``validate`` then runs pySHACL): sh:property
#: on a property shape.
DECLINED = {"property/property-001.ttl"}
#: Passes alone, differs in a message after other cases in one process (an ill-typed literal
#: "none"^^xsd:boolean, which rdflib normalises; not yet understood).
ORDER_DEPENDENT = {"property/or-datatypes-001.ttl"}


def _w3c_cases() -> list[Path]:
    return sorted(W3C.rglob("*.ttl")) if W3C.is_dir() else []


@pytest.mark.parametrize("case", _w3c_cases(), ids=lambda p: str(p.relative_to(W3C)))
def test_same_findings_on_w3c_core_tests(case: Path) -> None:
    """Each W3C test file holds data and shapes in one graph (as the suite writes them)."""
    if str(case.relative_to(W3C)) in ORDER_DEPENDENT:
        pytest.xfail("order-dependent message of an ill-typed literal (see ORDER_DEPENDENT)")
    from sourcing_kg.validation.fast import validate_scopes
    from sourcing_kg.validation.pyshacl_run import run_pyshacl

    graph = Graph().parse(case)
    reference = run_pyshacl(graph + Graph(), graph)
    assert len(reference) == _expected_results(case)
    judged = validate_scopes([list(graph)], [], graph, lambda _: graph)
    if str(case.relative_to(W3C)) in DECLINED:
        assert judged.declined  # validate then has pySHACL judge the declined shapes
        return
    assert not judged.declined
    fast = [f for _, f in judged.found]
    want, got = Counter(map(key, reference)), Counter(map(key, fast))
    assert got == want, {"only pySHACL": want - got, "only fast": got - want}


def _expected_results(case: Path) -> int:
    """The number of results the test's own expected report lists."""
    from rdflib.namespace import SH

    graph = Graph().parse(case)
    return len(set(graph.subjects(predicate=None, object=SH.ValidationResult)))


def test_a_feature_the_fast_engine_lacks_falls_back_and_says_so(tmp_path: Path) -> None:
    shapes = tmp_path / "closed.ttl"
    shapes.write_text(
        """@prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix sk: <https://w3id.org/sourcing-kg/def#> .
        <urn:Gesloten> a sh:NodeShape ; sh:targetClass sk:Dossier ;
            sh:property [ sh:path sk:fase ; sh:equals sk:fase ] .
        """,
        encoding="utf-8",
    )
    corpus = read_corpus([FIXTURES / "validate" / "good.ttl"])
    notes: list[str] = []
    loaded = load_shapes([shapes])
    fast = validate_corpus(
        corpus, as_of=AS_OF, policy=load_policy(), shapes=loaded, say=notes.append
    )
    reference = validate_corpus(
        corpus, as_of=AS_OF, policy=load_policy(), shapes=loaded, engine="pyshacl"
    )
    assert notes and "equals" in notes[0] and "pySHACL judges that shape" in notes[0]
    assert_same(reference, fast)


#: A constraint the fast engine declines (HAVING): pySHACL judges it
HAVING_SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix sk: <https://w3id.org/sourcing-kg/def#> .
<urn:x:VeelFeiten> a sh:NodeShape ; sh:targetSubjectsOf sk:kvkNummer , sk:lei ;
  sh:sparql [ sh:message "feiten: {?n}" ; sh:select \"\"\"
    SELECT $this (COUNT(?p) AS ?n) WHERE { $this ?p ?o } GROUP BY $this HAVING (COUNT(?p) > 0)
  \"\"\" ] .
"""


def test_the_reference_engine_runs_only_where_a_declined_shape_has_a_focus_node(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A shape the fast engine declines (here a user's, with HAVING) is judged by pySHACL,
    but only in a scope that holds one of its focus nodes (a party): none in a dossier
    without one, the register's scope where it has one, with the reference engine's findings.
    The register's own GROUP BY shapes are the fast engine's: no pySHACL run for them."""
    import sourcing_kg.validation.engine as engine

    runs: list[int] = []
    real = engine.run_pyshacl

    def counted(data: Graph, shapes: Graph, **options: object) -> list[Finding]:
        runs.append(len(data))
        return real(data, shapes, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "run_pyshacl", counted)
    register = FIXTURES / "register" / "shapes" / "identificatie-fout.ttl"
    project = {"as_of": AS_OF, "policy": load_policy(), "shapes": load_shapes()}
    alone = validate_corpus(read_corpus([register]), **project)  # type: ignore[arg-type]
    assert runs == [] and alone.engine == "pyoxigraph"
    assert any(f.rule_id and f.rule_id.startswith("REG-") for f in alone.findings)
    having = tmp_path / "having.ttl"
    having.write_text(HAVING_SHAPES)
    options = {**project, "shapes": load_shapes([having]), "say": lambda note: None}
    without = validate_corpus(
        read_corpus([examples_dir() / "dossiers" / "conform" / "fase-1.ttl"]), **options
    )  # type: ignore[arg-type]
    assert runs == []
    fast = validate_corpus(read_corpus([register]), **options)  # type: ignore[arg-type]
    assert len(runs) == 1
    reference, _ = both([register], [having])
    assert_same(reference, fast)
    assert {"feiten: 1"} <= {f.message("nl") for f in fast.findings}
    assert not [f for f in without.findings if f.source_shape == URIRef("urn:x:VeelFeiten")]


#: Aggregates over values that may be missing: rdflib leaves such a value out, the standard
#: fails the aggregate; the fast engine aggregates them apart (``sparql_scoped._grouped``)
AGGREGATE_SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix sk: <https://w3id.org/sourcing-kg/def#> .
<urn:x:Tellen> a sh:NodeShape ; sh:targetSubjectsOf sk:kvkNummer , sk:lei ;
  sh:sparql [ sh:message "{?n} {?som} {?kleinste} {?grootste} [{?namen}]" ; sh:select \"\"\"
    SELECT $this (COUNT(DISTINCT ?p) AS ?n) (SUM(?lengte) AS ?som) (MIN(?p) AS ?kleinste)
           (MAX(STR(?p)) AS ?grootste) (GROUP_CONCAT(DISTINCT STR(?kvk); separator="|") AS ?namen)
    WHERE {
      $this ?p ?o .
      OPTIONAL { $this <https://w3id.org/sourcing-kg/def#lei> ?lei BIND (STRLEN(?lei) AS ?lengte) }
      OPTIONAL { $this <https://w3id.org/sourcing-kg/def#kvkNummer> ?kvk }
    }
    GROUP BY $this
  \"\"\" ] .
"""


def test_aggregates_of_values_that_may_be_missing_are_the_reference_engines(
    tmp_path: Path,
) -> None:
    shapes = tmp_path / "tellen.ttl"
    shapes.write_text(AGGREGATE_SHAPES)
    register = FIXTURES / "register" / "shapes" / "identificatie-fout.ttl"
    reference, fast = both([register], [shapes])
    assert_same(reference, fast)
    assert fast.engine == "pyoxigraph"  # no shape declined: the fast engine judged them all
    mine = [f.message("nl") for f in fast.findings if f.source_shape == URIRef("urn:x:Tellen")]
    assert len(mine) >= 3
    assert any("[]" in m for m in mine) and any("[]" not in m for m in mine)  # some, none
