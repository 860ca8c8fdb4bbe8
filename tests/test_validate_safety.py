"""The checker treats dossiers as untrusted (issue 3, "Safety").

- no network and no other local files: a loopback HTTP server counts every request while
  dossiers and shapes that point at it are validated;
- malformed input of every format is exit code 3 naming the file and the line;
- pathological input (entity expansion, deep nesting, a huge literal) ends with a clear error;
Pathological fixtures are generated in ``tmp_path``, never committed.
"""

from __future__ import annotations

import http.server
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Dataset

from sourcing_kg.cli import main
from sourcing_kg.core.errors import ExitCode
from sourcing_kg.sparql.guard import QueryRefused, no_graph_loading

pytestmark = pytest.mark.usefixtures("only_test_shapes")

PREFIXES = """@prefix sk: <https://w3id.org/sourcing-kg/def#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix fase: <https://w3id.org/sourcing-kg/id/fase/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


class Counter:
    def __init__(self) -> None:
        self.requests: list[str] = []
        self.url = ""


@pytest.fixture
def server() -> Iterator[Counter]:
    """A loopback HTTP server that answers everything with a small Turtle graph and counts."""
    counter = Counter()

    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self) -> None:
            counter.requests.append(f"{self.command} {self.path}")
            body = b"<urn:x> <urn:y> <urn:z> .\n"
            self.send_response(200)
            self.send_header("Content-Type", "text/turtle")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_HEAD = _answer

        def log_message(self, *_: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    counter.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    # shutdown() waits for the loop's next poll: 0.5 s by default, per test
    thread = threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
    )
    thread.start()
    try:
        yield counter
    finally:
        httpd.shutdown()
        httpd.server_close()


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main(["validate", *(str(a) for a in args)])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_counting_server_counts(server: Counter) -> None:
    """The probe works: rdflib on its own fetches FROM graphs (so 0 below means something).

    In a fresh interpreter: this one may have the checker's evaluation guard installed."""
    query = f"SELECT * FROM <{server.url}/from-graph> WHERE {{ ?s ?p ?o }}"
    program = f"import rdflib; list(rdflib.Dataset().query({query!r}))"
    subprocess.run([sys.executable, "-c", program], check=True, timeout=60)
    assert len(server.requests) == 1


def test_sparql_from_is_not_loaded_during_validation(server: Counter) -> None:
    with no_graph_loading(), pytest.raises(QueryRefused):
        Dataset().query(f"SELECT * FROM <{server.url}/from-graph> WHERE {{ ?s ?p ?o }}")
    assert server.requests == []


@pytest.mark.parametrize(
    # "both" runs RDFS and OWL RL closure over the whole ontology: 20-40 s, so CI only
    "inference",
    ["none", "rdfs", "owlrl", pytest.param("both", marks=pytest.mark.slow)],
)
def test_owl_imports_and_shapes_graph_are_not_followed(
    capsys: pytest.CaptureFixture[str],
    server: Counter,
    tmp_path: Path,
    test_shapes: Path,
    inference: str,
) -> None:
    dossier = tmp_path / "imports.ttl"
    dossier.write_text(
        PREFIXES
        + f"""<> a owl:Ontology ; owl:imports <{server.url}/ontology.ttl> ;
            sh:shapesGraph <{server.url}/shapes.ttl> .
        <urn:d> a sk:Dossier ; sk:fase fase:1 ; sk:organisatie <urn:o> ; sk:resultaat <urn:r> ;
            owl:imports <{server.url}/more.ttl> .
        """,
        encoding="utf-8",
    )
    code, _, _ = run(capsys, dossier, "--shapes", test_shapes, "--inference", inference)
    assert code == ExitCode.OK
    assert server.requests == []


@pytest.mark.parametrize(
    "context",
    [
        "{url}/context.jsonld",
        ["{url}/context.jsonld"],
        {"@import": "{url}/context.jsonld"},
        "file:///etc/passwd",
        "context.jsonld",
    ],
)
def test_json_ld_remote_or_file_context_is_refused(
    capsys: pytest.CaptureFixture[str], server: Counter, tmp_path: Path, context: object
) -> None:
    def fill(value: object) -> object:
        if isinstance(value, str):
            return value.format(url=server.url)
        if isinstance(value, list):
            return [fill(v) for v in value]
        if isinstance(value, dict):
            return {k: fill(v) for k, v in value.items()}
        return value

    (tmp_path / "context.jsonld").write_text('{"@context": {}}', encoding="utf-8")
    dossier = tmp_path / "remote-context.jsonld"
    document = {"@context": fill(context), "@id": "urn:d", "@type": "Dossier"}
    dossier.write_text(json.dumps({"@graph": [document]}), encoding="utf-8")
    code, out, err = run(capsys, dossier)
    assert code == ExitCode.INPUT and out == ""
    assert str(dossier) in err
    assert server.requests == []


def test_rdf_xml_external_entity_is_refused(
    capsys: pytest.CaptureFixture[str], server: Counter, tmp_path: Path
) -> None:
    dossier = tmp_path / "entity.rdf"
    dossier.write_text(
        f"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
  <!ENTITY remote SYSTEM "{server.url}/entity">
  <!ENTITY local SYSTEM "file:///etc/hostname">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns:sk="https://w3id.org/sourcing-kg/def#">
  <sk:Dossier rdf:about="urn:d"><sk:reden>&remote;&local;</sk:reden></sk:Dossier>
</rdf:RDF>
""",
        encoding="utf-8",
    )
    code, out, err = run(capsys, dossier)
    assert code == ExitCode.INPUT and out == ""
    assert str(dossier) in err
    assert server.requests == []


@pytest.mark.parametrize(
    "query",
    [
        "SELECT $this WHERE {{ SERVICE <{url}/sparql> {{ $this ?p ?o }} }}",
        "SELECT $this WHERE {{ $this ?p ?o . "
        "FILTER EXISTS {{ SERVICE SILENT <{url}/s> {{ ?a ?b ?c }} }} }}",
        "SELECT $this FROM <{url}/graph> WHERE {{ $this ?p ?o }}",
        "SELECT $this FROM NAMED <{url}/graph> WHERE {{ $this ?p ?o }}",
    ],
)
def test_user_shapes_that_reach_out_are_refused(
    capsys: pytest.CaptureFixture[str],
    server: Counter,
    tmp_path: Path,
    dossiers: Path,
    query: str,
) -> None:
    shapes = tmp_path / "service-shapes.ttl"
    shapes.write_text(
        PREFIXES
        + f'''<urn:S> a sh:NodeShape ; sh:targetClass sk:Dossier ; sh:severity sh:Violation ;
            sh:sparql [ sh:select """{query.format(url=server.url)}""" ] .
        ''',
        encoding="utf-8",
    )
    code, out, err = run(capsys, dossiers / "good.ttl", "--shapes", shapes)
    assert code == ExitCode.INPUT and out == ""
    assert str(shapes) in err
    assert server.requests == []


# --- malformed input ---------------------------------------------------------------------------

MALFORMED = {
    "ttl": ("@prefix ex: <http://e/> .\nex:a ex:b ex:c .\nex:a ex:b .\n", 3),
    "trig": ("@prefix ex: <http://e/> .\nex:g {\n ex:a ex:b ex:c\n ex:a }\n", 4),
    "nt": ("<http://e/a> <http://e/b> <http://e/c> .\n<http://e/a> <http://e/b> .\n", 2),
    "nq": (
        "<http://e/a> <http://e/b> <http://e/c> <http://e/g> .\n"
        "<http://e/a> <http://e/b> <http://e/c> <http://e/g> <x> .\n",
        2,
    ),
    "rdf": (
        '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        "<rdf:Description>\n</rdf:RDF>\n",
        4,
    ),
    "jsonld": ('{\n  "@id": "http://e/a",\n  "http://e/b": \n}\n', 4),
}


@pytest.mark.parametrize("suffix", sorted(MALFORMED))
def test_malformed_input_is_exit_3_with_file_and_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, suffix: str
) -> None:
    text, line = MALFORMED[suffix]
    bad = tmp_path / f"bad.{suffix}"
    bad.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, bad)
    assert code == ExitCode.INPUT and out == ""
    assert f"{bad}:{line}:" in err
    assert "Traceback" not in err


def test_unknown_extension_and_bad_encoding_are_input_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    unknown = tmp_path / "dossier.docx"
    unknown.write_text("x", encoding="utf-8")
    latin = tmp_path / "latin.ttl"
    latin.write_bytes(b'<urn:a> <urn:b> "caf\xe9" .\n')
    for path in (unknown, latin):
        code, _, err = run(capsys, path)
        assert code == ExitCode.INPUT and str(path) in err


# --- pathological input ------------------------------------------------------------------------


def billion_laughs() -> str:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    ]
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n' + "\n".join(entities) + "\n]>\n"
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:sk="https://w3id.org/sourcing-kg/def#">\n'
        '<sk:Dossier rdf:about="urn:d"><sk:reden>&lol9;</sk:reden></sk:Dossier>\n</rdf:RDF>\n'
    )


DEPTH = 100_000


@pytest.mark.parametrize(
    ("name", "make", "needle"),
    [
        ("laughs.rdf", billion_laughs, "entities are refused"),
        ("deep.jsonld", lambda: "[" * DEPTH + "]" * DEPTH, "nested"),
        ("deep-object.jsonld", lambda: '{"a":' * DEPTH + "1" + "}" * DEPTH, "nested"),
        ("huge.ttl", lambda: '<urn:a> <urn:b> "' + "x" * 50_000_000 + '" .\n', "exceeds the limit"),
        ("long.nt", lambda: '<urn:a> <urn:b> "' + "x" * 2_000_000 + '" .\n', "exceeds the limit"),
    ],
)
def test_pathological_input_ends_with_a_clear_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, make: object, needle: str
) -> None:
    path = tmp_path / name
    path.write_text(make(), encoding="utf-8")  # type: ignore[operator]
    code, out, err = run(capsys, path)
    assert code == ExitCode.INPUT and out == ""
    assert str(path) in err and needle in err
    assert "Traceback" not in err


def test_deeply_nested_turtle_is_read_without_recursion(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Blank nodes nested thousands deep are valid Turtle: read iteratively, no crash."""
    depth = 10_000
    path = tmp_path / "deep.ttl"
    path.write_text(
        "<urn:a> a <https://w3id.org/sourcing-kg/def#Dossier> ; <urn:p> "
        + "[ <urn:p> " * depth
        + "<urn:z>"
        + " ]" * depth
        + " .\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, path, "--format", "json")
    assert code in {ExitCode.OK, ExitCode.FINDINGS}, err
    # every nested node belongs to the dossier (found without recursion): none is left unused
    assert "INT-LOS" not in {r["ruleId"] for r in json.loads(out)["results"]}
    assert "Traceback" not in err
