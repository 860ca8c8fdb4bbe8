"""Hostile input files, read by every command that parses untrusted RDF.

Two tables: :data:`CASES` (a hostile file and what must happen) and :data:`READERS` (a command
that reads a file). Every case runs against every reader; a new parser or command is covered by
adding one row. Whatever the reader, a hostile file

- makes no request (a counting loopback server stands in for the attacker's host),
- exits 3 with a message that names the file (and the line, where the case gives one),
- never reaches the data (no smuggled triple, no internal error).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from sourcing_kg.io.limits import MAX_FILE_BYTES
from tests.attacks.conftest import REPO, Loopback, cli

GOOD_DOSSIER = REPO / "tests" / "fixtures" / "validate" / "good.ttl"


@dataclass(frozen=True)
class Case:
    name: str
    filename: str
    content: Callable[[str], bytes]  # the loopback server's URL -> the file's bytes
    line: int | None = None  # the line the message must name
    says: str = ""  # a phrase the message must contain


def _jsonld(text: str) -> Callable[[str], bytes]:
    return lambda url: text.replace("URL", url).encode("utf-8")


CASES = [
    Case("context-remote", "c.jsonld", _jsonld('{"@context": "URL/ctx.json", "@id": "urn:a"}')),
    Case(
        "context-nested-list-remote",
        "c.jsonld",
        _jsonld('{"@context": [["URL/ctx.json"]], "@id": "urn:a", "x": "1"}'),
    ),
    Case(
        "context-nested-list-file",
        "c.jsonld",
        _jsonld('{"@context": [["file:///etc/passwd"]], "@id": "urn:a", "x": "1"}'),
    ),
    Case(
        "context-scoped-in-term",
        "c.jsonld",
        _jsonld(
            '{"@context": {"p": {"@id": "urn:p", "@context": "URL/ctx.json"}},'
            ' "@id": "urn:a", "p": {"x": "1"}}'
        ),
    ),
    Case(
        "context-deep-in-graph",
        "c.jsonld",
        _jsonld('{"@graph": [{"@id": "urn:a", "urn:p": {"@context": [[["URL/ctx.json"]]]}}]}'),
    ),
    Case(
        "context-import",
        "c.jsonld",
        _jsonld('{"@context": {"@import": "URL/ctx.json"}, "@id": "urn:a", "urn:p": "1"}'),
    ),
    Case(
        "lone-surrogate",
        "s.jsonld",
        _jsonld('{\n  "@id": "urn:a",\n  "urn:p": "x\\ud800y"\n}'),
        line=3,
        says="surrogate",
    ),
    Case(
        "id-with-space",
        "i.jsonld",
        _jsonld('{\n  "@id": "urn:a b",\n  "urn:p": "1"\n}'),
        line=2,
        says="IRI",
    ),
    Case(
        "datatype-smuggles-a-triple",
        "d.jsonld",
        _jsonld(
            '{"@id": "urn:a", "urn:p": {"@value": "1",\n'
            ' "@type": "urn:t> .\\n<urn:evil> <urn:evil> <urn:evil"}}'
        ),
        line=2,
        says="IRI",
    ),
    Case("no-triples-turtle", "e.ttl", lambda url: b"@prefix sk: <urn:sk#> .\n", says="no RDF"),
    Case("no-triples-jsonld", "e.jsonld", _jsonld("{}"), says="no RDF"),
    Case("empty-file", "e.nt", lambda url: b"", says="no RDF"),
    Case(
        "xml-external-entity",
        "x.rdf",
        lambda url: (
            f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e SYSTEM "{url}/e">]>'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">&e;</rdf:RDF>'
        ).encode(),
    ),
]

Reader = Callable[[Path, Path], list[str | Path]]  # (hostile file, scratch dir) -> argv

READERS: dict[str, Reader] = {
    "validate": lambda f, tmp: ["validate", f],
    "validate --shapes": lambda f, tmp: ["validate", GOOD_DOSSIER, "--shapes", f],
    "status": lambda f, tmp: ["status", f],
    "regime": lambda f, tmp: ["regime", f],
    "query --data": lambda f, tmp: ["query", "bundelkansen", "--data", f],
    "load --store": lambda f, tmp: ["load", f, "--store", tmp / "store"],
}


@pytest.mark.parametrize("reader", READERS, ids=str)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_hostile_file_is_refused(
    case: Case, reader: str, tmp_path: Path, loopback: Loopback
) -> None:
    hostile = tmp_path / case.filename
    hostile.write_bytes(case.content(loopback.url))
    result = cli(*READERS[reader](hostile, tmp_path))
    assert loopback.requests == []
    assert result.code == 3, result.err
    assert "internal error" not in result.err
    where = f"{hostile}:{case.line}:" if case.line else f"{hostile}"
    assert where in result.err, result.err
    assert case.says in result.err
    assert "urn:evil" not in result.out


BOM = b"\xef\xbb\xbf"


@pytest.mark.parametrize(
    ("filename", "content"),
    [
        ("b.ttl", GOOD_DOSSIER.read_bytes()),
        ("b.jsonld", b'{"@id": "urn:a", "urn:p": "1"}'),
        ("b.nt", b"<urn:a> <urn:p> <urn:o> .\n"),
    ],
)
def test_a_byte_order_mark_is_accepted(filename: str, content: bytes, tmp_path: Path) -> None:
    path = tmp_path / filename
    path.write_bytes(BOM + content)
    result = cli("load", path, "--store", tmp_path / "store")
    assert result.code == 0, result.err


@pytest.mark.parametrize("reader", READERS, ids=str)
def test_an_oversized_file_is_refused_before_it_is_read(reader: str, tmp_path: Path) -> None:
    # a sparse file: over the size cap on disk in name only, so the test costs nothing
    big = tmp_path / "groot.ttl"
    big.write_bytes(GOOD_DOSSIER.read_bytes())
    os.truncate(big, MAX_FILE_BYTES + 1)
    result = cli(*READERS[reader](big, tmp_path))
    assert result.code == 3, result.err
    assert f"{big}" in result.err
    assert "exceeds the limit" in result.err
