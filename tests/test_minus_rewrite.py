"""How the fast engine writes ``FILTER NOT EXISTS { P }``: as ``MINUS { P }`` only where both agree.

MINUS evaluates P once for all rows; NOT EXISTS evaluates it per row with the row's bindings
substituted (:meth:`sourcing_kg.validation.sparql_scoped.Emitter._as_minus`). Where MINUS would
differ, an ``OPTIONAL`` sets a flag instead (``Emitter._as_optional``), which Oxigraph plans
from the row's bindings. The fixture's
shapes hold one constraint the rewrite may take (a filter inside P that reads only P's own
variables, as H1 has) and two it must not: a filter that reads a variable of the row, and an
inner pattern that reads the dossier's scope while P's own triples are the ontology's. Each is
judged by both engines on dossiers that pass and fail it.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import URIRef

from sourcing_kg.model.policy import load_policy
from sourcing_kg.validation.engine import _background
from sourcing_kg.validation.fast import Compiler, scoped_store
from sourcing_kg.validation.scope import read_corpus
from sourcing_kg.validation.shapes import load_shapes

from .test_engine_differential import AS_OF, assert_same, both

HERE = Path(__file__).resolve().parent / "fixtures" / "minus"
EX = "https://example.org/minus#"


def _queries() -> dict[str, str]:
    """The compiled query of each of the fixture's shapes."""
    corpus = read_corpus([HERE / "dossiers.trig"])
    shapes = load_shapes([HERE / "shapes.ttl"]).user
    scoped = scoped_store(
        [corpus.scope_graph(s) for s in corpus.scopes],
        _background(as_of=AS_OF, policy=load_policy()),
    )
    checks = Compiler(shapes, scoped.router, scoped.store).compile()
    return {str(c.shape).removeprefix(EX): c.query for c in checks}  # type: ignore[misc]


def test_both_engines_agree_on_each_constraint() -> None:
    reference, fast = both([HERE / "dossiers.trig"], [HERE / "shapes.ttl"])
    assert_same(reference, fast)
    fired = {(str(f.source_shape).removeprefix(EX), str(f.focus_node)) for f in fast.findings}
    d1, d2 = EX + "d1", EX + "d2"
    assert {("Geldig", d2), ("Score", d2), ("Categorie", d2)} <= fired
    assert not {(shape, d1) for shape in ("Geldig", "Score", "Categorie")} & fired


def test_only_the_self_contained_not_exists_becomes_minus() -> None:
    queries = _queries()
    assert "MINUS" in queries["Geldig"] and "NOT EXISTS" not in queries["Geldig"]
    # not MINUS: an OPTIONAL that binds a flag, whose filter sees the row (as NOT EXISTS does)
    assert "MINUS" not in queries["Score"], "its filter reads ?grens of the row"
    assert "MINUS" not in queries["Categorie"], "its inner pattern reads the dossier's scope"
    for name in ("Score", "Categorie"):
        assert "OPTIONAL" in queries[name] and "(!BOUND(" in queries[name], name


def test_h1_is_written_with_minus() -> None:
    """H1 (a deliverable not there, or dated after the as-of date) was the costliest query
    with NOT EXISTS per row; its shape must stay in the form the rewrite takes."""
    h1 = URIRef("https://w3id.org/sourcing-kg/shapes/dossier#H1-Resultaten")
    corpus = read_corpus([HERE / "dossiers.trig"])
    scoped = scoped_store(
        [corpus.scope_graph(s) for s in corpus.scopes],
        _background(as_of=AS_OF, policy=load_policy()),
    )
    checks = Compiler(load_shapes().for_dossiers(), scoped.router, scoped.store).compile()
    (query,) = [c.query for c in checks if c.shape == h1]
    before = query[: query.index("def#resultaat> ?resultaat")]
    assert before.rfind("MINUS") > before.rfind("NOT EXISTS")
