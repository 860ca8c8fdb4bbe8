"""The per-user cache of the fast engine's compiled shapes (issue 10: the fixed cost of a run).

The algebra of each SHACL-SPARQL constraint is kept as JSON between runs: a hit must give the
rewrite exactly what a fresh parse gives; a corrupted, foreign or stale entry is ignored and
written anew; a changed shape misses; a hostile entry cannot inject SPARQL or run code.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rdflib import URIRef
from rdflib.namespace import SH

import sourcing_kg.validation.fast as fast
from sourcing_kg.io.user_cache import cache_dir, read_entry, write_entry
from sourcing_kg.sparql.algebra_json import from_json, to_json
from sourcing_kg.validation.shapes import load_shapes
from sourcing_kg.validation.sparql_scoped import Router, Unsupported, rewrite_select

TARGETS = "GRAPH ?sk__g { ?this a <urn:x:T> }"


def _constraint_queries() -> list[str]:
    """The query text of every project SHACL-SPARQL constraint, as the compiler parses it."""
    shapes = load_shapes([]).all()
    texts = []
    for constraint, select in shapes.subject_objects(SH.select):
        declared = sorted(set(fast._prefixes(shapes, constraint)))  # as _sparql_check does
        prefixes = "".join(f"PREFIX {p}: <{n}>\n" for p, n in declared)
        texts.append(prefixes + str(select))
    return sorted(set(texts))


def _rewritten(algebra: Any) -> str:
    scoped = frozenset({URIRef("https://w3id.org/sourcing-kg/def#fase")})
    shared = frozenset({URIRef("http://www.w3.org/2004/02/skos/core#notation")})
    try:
        return rewrite_select(algebra, router=Router(scoped, shared, True), targets=TARGETS).text
    except Unsupported as why:
        return f"unsupported: {why}"


@pytest.fixture
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty cache for this test, and a compiler that forgets what this process parsed."""
    monkeypatch.setenv("SOURCING_KG_CACHE_DIR", str(tmp_path / "cache"))
    fast._algebra.cache_clear()
    yield tmp_path / "cache"
    fast._algebra.cache_clear()


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The queries rdflib's parser is handed."""
    seen: list[str] = []
    real = fast.parse_query

    def counting(text: str) -> Any:
        seen.append(text)
        return real(text)

    monkeypatch.setattr(fast, "parse_query", counting)
    return seen


def test_every_project_constraint_round_trips_to_the_same_rewrite() -> None:
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    texts = _constraint_queries()
    assert len(texts) > 20
    for text in texts:
        fresh = translateQuery(parseQuery(text)).algebra
        data = to_json(fresh)
        back = from_json(json.loads(json.dumps(data)))
        assert to_json(back) == data
        assert _rewritten(back) == _rewritten(fresh), text


def test_a_second_compile_parses_nothing(own_cache: Path, parses: list[str]) -> None:
    text = _constraint_queries()[0]
    first = fast._algebra(text)
    assert parses == [text]
    assert len(list((own_cache / fast._ALGEBRA_CACHE).glob("*.json"))) == 1
    fast._algebra.cache_clear()  # a new run
    second = fast._algebra(text)
    assert parses == [text]
    assert to_json(second) == to_json(first)


def test_a_changed_shape_misses_the_cache(own_cache: Path, parses: list[str]) -> None:
    text = "SELECT $this WHERE { $this a <urn:x:A> }"
    fast._algebra(text)
    fast._algebra.cache_clear()
    changed = text.replace("urn:x:A", "urn:x:B")
    algebra = fast._algebra(changed)
    assert parses == [text, changed]
    assert "urn:x:B" in _rewritten(algebra)


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{not json",
        b'{"format": "sourcing-kg cache entry 1", "key": "x"',  # cut off
        b"\x80\x04\x95pickle",
        b"[]",
        b'{"format": "something else", "key": "K", "value": {"algebra": {}}}',
    ],
)
def test_a_corrupted_entry_is_ignored_and_written_anew(
    own_cache: Path, parses: list[str], content: bytes
) -> None:
    text = "SELECT $this WHERE { $this a <urn:x:C> }"
    fast._algebra(text)
    (entry,) = (own_cache / fast._ALGEBRA_CACHE).glob("*.json")
    good = entry.read_bytes()
    entry.write_bytes(content)
    fast._algebra.cache_clear()
    assert "urn:x:C" in _rewritten(fast._algebra(text))
    assert parses == [text, text]
    assert entry.read_bytes() == good


def test_a_foreign_entry_is_ignored(own_cache: Path, parses: list[str]) -> None:
    """An entry copied over another key's file (or a hash collision) is not used."""
    one = "SELECT $this WHERE { $this a <urn:x:One> }"
    two = "SELECT $this WHERE { $this a <urn:x:Two> }"
    fast._algebra(one)
    (first,) = (own_cache / fast._ALGEBRA_CACHE).glob("*.json")
    fast._algebra(two)
    (second,) = set((own_cache / fast._ALGEBRA_CACHE).glob("*.json")) - {first}
    second.write_bytes(first.read_bytes())
    fast._algebra.cache_clear()
    assert "urn:x:Two" in _rewritten(fast._algebra(two))
    assert parses == [one, two, two]


def test_an_entry_of_another_rdflib_is_stale(
    own_cache: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "SELECT $this WHERE { $this a <urn:x:D> }"
    fast._algebra(text)
    fast._algebra.cache_clear()
    monkeypatch.setattr(fast.rdflib, "__version__", "0.0.1")
    fast._algebra(text)
    assert parses == [text, text]


def test_a_query_rdflib_does_not_understand_is_remembered(
    own_cache: Path, parses: list[str]
) -> None:
    text = "SELECT $this WHERE { $this a <urn:x:E> "
    for _ in range(2):
        with pytest.raises(Unsupported, match="SPARQL not understood"):
            fast._algebra(text)
        fast._algebra.cache_clear()
    assert parses == [text]


def test_switched_off_nothing_is_written(
    own_cache: Path, monkeypatch: pytest.MonkeyPatch, parses: list[str]
) -> None:
    monkeypatch.setenv("SOURCING_KG_NO_CACHE", "1")
    assert cache_dir() is None
    text = "SELECT $this WHERE { $this a <urn:x:F> }"
    fast._algebra(text)
    fast._algebra.cache_clear()
    fast._algebra(text)
    assert parses == [text, text]
    assert not own_cache.exists()


def test_read_and_write(own_cache: Path) -> None:
    write_entry("kind", "the key", {"a": [1, "b"]})
    assert read_entry("kind", "the key") == {"a": [1, "b"]}
    assert read_entry("kind", "another key") is None
    assert not list((own_cache / "kind").glob(".*"))  # no temporary file left


def _cv(name: str, items: list[list[Any]], expr: bool = False) -> dict[str, Any]:
    return {"c": name, "expr": expr, "items": items, "attrs": []}


@pytest.mark.parametrize(
    "hostile",
    [
        {"v": "x } SERVICE <http://evil/> { ?y"},  # a variable written back as ?name
        {"b": "b0 } SERVICE <http://evil/> {"},
        _cv("RelationalExpression", [["op", "= 1) } SERVICE <http://evil/> { ("]], True),
        _cv("Bad Name", []),
        {"path": "mul", "args": [{"u": "urn:p"}], "mod": "*/SERVICE"},
        {"c": "BGP", "expr": False, "items": [], "attrs": [["_evalfn", None]]},
        {"py/object": "os.system"},
        {"u": 1},
        {"tuple": "abc"},
        {"path": "neg", "args": []},
    ],
)
def test_a_hostile_entry_is_refused(hostile: object) -> None:
    with pytest.raises(ValueError):
        from_json(hostile)


def test_a_hostile_entry_in_the_cache_is_parsed_anew(own_cache: Path, parses: list[str]) -> None:
    text = "SELECT $this WHERE { $this a <urn:x:G> }"
    fast._algebra(text)
    (entry,) = (own_cache / fast._ALGEBRA_CACHE).glob("*.json")
    data = json.loads(entry.read_text())
    data["value"]["algebra"]["PV"] = {"v": "this } SERVICE <http://evil/> {"}
    data["value"]["algebra"]["items"].append(["PV", {"v": "x } SERVICE <http://evil/> {"}])
    entry.write_text(json.dumps(data))
    fast._algebra.cache_clear()
    assert "SERVICE" not in _rewritten(fast._algebra(text))
    assert parses == [text, text]


def test_each_constraint_has_one_entry_whichever_shapes_graph_holds_it(own_cache: Path) -> None:
    """The compiled text (the cache key) of a constraint is the same in every shapes graph
    that holds it, although rdflib reads its prefix declarations in the order of that graph."""
    from sourcing_kg.validation.fast import Compiler

    shapes = load_shapes([])
    for graph in (shapes.for_dossiers(), shapes.for_register(), shapes.all()):
        Compiler(graph, Router(frozenset(), frozenset())).compile()
    entries = list((own_cache / fast._ALGEBRA_CACHE).glob("*.json"))
    assert len(entries) == len(_constraint_queries())


@pytest.mark.slow  # two whole CLI runs, the first compiling every shape afresh; the quick loop
# keeps the cache's parts: test_a_second_compile_parses_nothing,
# test_every_project_constraint_round_trips_to_the_same_rewrite and
# test_each_constraint_has_one_entry_whichever_shapes_graph_holds_it
def test_a_second_run_of_the_command_parses_no_constraint(
    own_cache: Path, parses: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """End to end: the dossier and register shapes of a run (rdflib leaves an evaluation's
    ``ctx`` on some nodes, which the encoding drops) all come from the cache the next time."""
    from sourcing_kg.cli import main

    dossier = Path(__file__).parent / "fixtures" / "validate" / "good.ttl"
    args = ["validate", str(dossier), "--format", "json", "--timeout", "0"]
    main(args)
    first = capsys.readouterr().out
    assert len(parses) > 20
    parsed = len(parses)
    fast._algebra.cache_clear()
    main(args)
    assert len(parses) == parsed
    again = capsys.readouterr().out
    assert json.loads(again)["results"] == json.loads(first)["results"]


def test_an_expression_being_evaluated_is_not_encoded() -> None:
    from rdflib.plugins.sparql.parserutils import Expr

    node = Expr("UnaryNot", expr=URIRef("urn:x"))
    node.ctx = None
    data = to_json(node)
    assert to_json(from_json(data)) == data
    node.ctx = {"bound": 1}
    with pytest.raises(ValueError):
        to_json(node)
