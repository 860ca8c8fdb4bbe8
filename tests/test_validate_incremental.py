"""`validate --store DIR` again after `load` replaced some graphs: only those are judged, and the
report is the one a full run (`--no-cache`) gives (issue 10 part 3).

Every run is in-process (`--timeout 0`), so that what is judged can be counted; every cache is
in ``tmp_path`` (``SOURCING_KG_CACHE_DIR``)."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest

from sourcing_kg.cli import main
from sourcing_kg.core.errors import ExitCode
from sourcing_kg.sparql.store_index import forget_hashes
from sourcing_kg.validation import incremental

REPO = Path(__file__).resolve().parents[1]
AS_OF = "2026-06-01"
H1 = "https://example.org/rijk/dossier/h1-ontbrekend-resultaat"
FASE_1 = "https://example.org/rijk/dossier/fase-1"


class Runs:
    """The command line in-process, with the store and cache of one test."""

    def __init__(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.tmp = tmp_path
        self.capsys = capsys
        self.store = tmp_path / "store"
        self.inputs = tmp_path / "in"
        self.judged: list[str] = []

    def __call__(self, *args: str) -> tuple[int, str, str]:
        code = main([*args])
        captured = self.capsys.readouterr()
        return code, captured.out, captured.err

    def load(self, *paths: Path, graph: str | None = None) -> None:
        extra = ["--graph", graph] if graph else []
        code, _, err = self("load", *(str(p) for p in paths), "--store", str(self.store), *extra)
        assert code == 0, err

    def validate(self, *extra: str) -> tuple[int, dict[str, object], str]:
        self.judged.clear()
        code, out, err = self(
            "validate", "--store", str(self.store), "--format", "json", "--as-of", AS_OF,
            "--timeout", "0", *extra,
        )  # fmt: skip
        assert code in (ExitCode.OK, ExitCode.FINDINGS), err
        return code, json.loads(out), err


def comparable(report: dict[str, object]) -> dict[str, object]:
    """A JSON report without what differs between two full runs: the run's times, the labels of
    blank-node shapes and of the control context (a new blank node each run, one per dossier
    with pySHACL), and the order of the value origins (a set)."""
    report = json.loads(json.dumps(report))
    run = report["run"]
    assert isinstance(run, dict)
    run.pop("startedAtTime")
    run.pop("endedAtTime")
    for result in report["results"]:  # type: ignore[attr-defined]
        if result["sourceShape"].startswith("_:"):
            result["sourceShape"] = "_:shape"
    origins = report["provenance"]
    assert isinstance(origins, list)
    contexts = {o["node"] for o in origins if o["origin"] == "policy"}
    report["provenance"] = sorted(
        json.dumps({**o, "node": "_:context" if o["node"] in contexts else o["node"]})
        for o in origins
    )
    report["results"] = sorted(json.dumps(r, sort_keys=True) for r in report["results"])  # type: ignore[attr-defined]
    return report


def shape_labels(report: dict[str, object]) -> list[int]:
    """How many labels each blank-node shape has (by rule, path and component): a cached
    finding must name a property shape as this run's findings do."""
    labels: dict[str, set[str]] = {}
    for result in report["results"]:  # type: ignore[attr-defined]
        if result["sourceShape"].startswith("_:"):
            what = json.dumps(
                [result.get(k) for k in ("ruleId", "resultPath", "sourceConstraintComponent")]
            )
            labels.setdefault(what, set()).add(result["sourceShape"])
    return sorted(len(v) for v in labels.values())


@pytest.fixture
def runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Runs:
    monkeypatch.setenv("SOURCING_KG_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SOURCING_KG_NO_CACHE", raising=False)
    made = Runs(tmp_path, capsys)
    divide = incremental._divide

    def counted(unit: incremental.Unit) -> incremental._Division:
        made.judged.append(unit.file)
        return divide(unit)

    monkeypatch.setattr(incremental, "_divide", counted)
    shutil.copytree(REPO / "data" / "dossiers", made.inputs)
    return made


def _uri(path: Path) -> str:
    return path.resolve().as_uri()


def _append(path: Path, turtle: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\n" + turtle, encoding="utf-8")


PREFIXES = "@prefix sk: <https://w3id.org/sourcing-kg/def#> .\n"


def fix_a_fault(runs: Runs) -> list[Path]:
    path = runs.inputs / "afwijkend" / "h1-ontbrekend-resultaat.ttl"
    thing = "https://example.org/rijk/resultaat/h1-ontbrekend-resultaat/Verwervingsstrategie"
    _append(path, f"<{H1}> sk:resultaat <{thing}> .\n<{thing}> a sk:Verwervingsstrategie .\n")
    return [path]


def add_a_fault(runs: Runs) -> list[Path]:
    path = runs.inputs / "conform" / "fase-1.ttl"
    _append(path, f'<{FASE_1}> sk:aanbestedingsplichtig "misschien" .\n')
    return [path]


def add_a_graph(runs: Runs) -> list[Path]:
    path = runs.tmp / "nieuw.ttl"
    path.write_text(
        PREFIXES + "<https://example.org/rijk/dossier/nieuw> a sk:Dossier ;\n"
        "  sk:fase <https://w3id.org/sourcing-kg/id/fase/2> .\n",
        encoding="utf-8",
    )
    return [path]


def change_the_phase(runs: Runs) -> list[Path]:
    """The overzicht changes too: the register scope is judged again."""
    path = runs.inputs / "conform" / "fase-3-regulier.ttl"
    path.write_text(path.read_text(encoding="utf-8").replace("sk:fase fase:3", "sk:fase fase:4"))
    return [path]


def change_two(runs: Runs) -> list[Path]:
    return [*fix_a_fault(runs), *add_a_fault(runs)]


SCENARIOS: dict[str, Callable[[Runs], list[Path]]] = {
    "fix a fault": fix_a_fault,
    "add a fault": add_a_fault,
    "add a graph": add_a_graph,
    "change the phase": change_the_phase,
    "change two graphs": change_two,
}


#: The scenarios the quick loop runs; the rest differ in what changed, not in what is proved,
#: and run in CI (each is five validations of the whole example corpus).
QUICK_SCENARIOS = ("fix a fault", "change the phase")


@pytest.mark.parametrize(
    "scenario",
    [
        pytest.param(name, marks=() if name in QUICK_SCENARIOS else pytest.mark.slow)
        for name in SCENARIOS
    ],
)
def test_a_changed_graph_alone_is_judged_and_the_report_is_a_full_runs(
    runs: Runs, scenario: str
) -> None:
    runs.load(runs.inputs)
    code, cold, err = runs.validate()
    assert len(runs.judged) == 19, err  # the first run judges every graph (and fills the cache)
    _, full, _ = runs.validate("--no-cache")
    assert comparable(cold) == comparable(full)
    changed = SCENARIOS[scenario](runs)
    runs.load(*changed)
    code, warm, err = runs.validate()
    assert sorted(runs.judged) == sorted(_uri(p) for p in changed)
    assert f"{len(changed)} of {19 + (scenario == 'add a graph')} graph(s) re-judged" in err
    if scenario in ("add a graph", "change the phase"):
        assert "the register scope judged again" in err
    code_full, full, _ = runs.validate("--no-cache")
    assert runs.judged == []  # --no-cache: the cache is neither read nor written
    assert comparable(warm) != comparable(cold)  # the change shows
    assert comparable(warm) == comparable(full)
    assert shape_labels(warm) == shape_labels(full)
    assert code == code_full
    _, again, err = runs.validate()  # the cache now holds the change
    assert runs.judged == [] and "0 of" in err
    assert comparable(again) == comparable(full)


def _drop(runs: Runs, graph: str) -> None:
    store = ox.Store(str(runs.store))
    store.update(f"DROP GRAPH <{graph}>")
    store.update(forget_hashes([graph]))
    del store


def test_a_removed_graph_is_dropped_from_the_report(runs: Runs) -> None:
    (new,) = add_a_graph(runs)
    runs.load(runs.inputs, new)
    runs.validate()
    _drop(runs, _uri(new))
    _, warm, err = runs.validate()
    assert runs.judged == [] and "0 of 19 graph(s) re-judged" in err
    _, full, _ = runs.validate("--no-cache")
    assert comparable(warm) == comparable(full)
    assert "dossier/nieuw" not in json.dumps(warm["results"])
    # a graph whose supplier no other graph names: the shared nodes change, all are judged
    _drop(runs, _uri(runs.inputs / "afwijkend" / "h1-ontbrekend-resultaat.ttl"))
    _, warm, err = runs.validate()
    assert "shared parties or countries changed" in err and len(set(runs.judged)) == 18
    _, full, _ = runs.validate("--no-cache")
    assert comparable(warm) == comparable(full)
    assert H1 not in json.dumps(warm["results"])


def test_a_change_of_the_register_facts_judges_every_graph(runs: Runs) -> None:
    register = runs.tmp / "register.ttl"
    register.write_text(
        PREFIXES + "@prefix org: <http://www.w3.org/ns/org#> .\n"
        '<https://example.org/rijk/minbzk> a org:Organization ; sk:kvkNummer "12345678" .\n',
        encoding="utf-8",
    )
    runs.load(runs.inputs, register)
    runs.validate()
    register.write_text(register.read_text().replace("12345678", "1234"), encoding="utf-8")
    runs.load(register)
    _, warm, err = runs.validate()
    assert "the register facts changed" in err
    assert len(set(runs.judged)) == 20  # every graph
    _, full, _ = runs.validate("--no-cache")
    assert comparable(warm) == comparable(full)


def test_a_new_supplier_judges_every_graph(runs: Runs) -> None:
    runs.load(runs.inputs)
    runs.validate()
    path = runs.inputs / "conform" / "fase-1.ttl"
    _append(path, f"<{FASE_1}> sk:organisatie <https://example.org/rijk/nieuwe-organisatie> .\n")
    runs.load(path)
    _, warm, err = runs.validate()
    assert "shared parties or countries changed" in err and len(set(runs.judged)) == 19
    _, full, _ = runs.validate("--no-cache")
    assert comparable(warm) == comparable(full)


def test_the_reference_engine_is_cached_too(runs: Runs) -> None:
    runs.inputs = REPO / "tests" / "fixtures" / "validate"
    runs.load(runs.inputs)
    runs.validate("--engine", "pyshacl")
    changed = runs.tmp / "good.ttl"
    text = (runs.inputs / "good.ttl").read_text(encoding="utf-8")
    changed.write_text(text + '\n<urn:los> <urn:p> "belongs to nothing" .\n', encoding="utf-8")
    runs.load(changed, graph=_uri(runs.inputs / "good.ttl"))
    _, warm, err = runs.validate("--engine", "pyshacl")
    assert "1 of 6 graph(s) re-judged" in err, err
    assert "INT-LOS" in json.dumps(warm["results"])
    _, full, _ = runs.validate("--engine", "pyshacl", "--no-cache")
    assert comparable(warm) == comparable(full)


def test_with_a_users_shapes(runs: Runs) -> None:
    shapes = ["--shapes", str(REPO / "tests" / "fixtures" / "validate-shapes" / "shapes.ttl")]
    runs.load(runs.inputs)
    runs.validate(*shapes)
    changed = add_a_fault(runs)
    runs.load(*changed)
    _, warm, err = runs.validate(*shapes)
    assert "1 of 19 graph(s) re-judged" in err or "the cache is not used" in err, err
    _, full, _ = runs.validate(*shapes, "--no-cache")
    assert comparable(warm) == comparable(full)


def _other_policy(runs: Runs) -> list[str]:
    policy = runs.tmp / "policy.toml"
    text = (REPO / "policy" / "default.toml").read_text(encoding="utf-8")
    policy.write_text(text.replace("exitplan_test_maanden = 12", "exitplan_test_maanden = 3"))
    return ["--policy", str(policy)]


@pytest.mark.parametrize(
    "settings",
    [
        lambda runs: ["--as-of", "2027-01-01"],
        _other_policy,
        lambda runs: [
            "--shapes",
            str(REPO / "tests" / "fixtures" / "validate-shapes" / "shapes.ttl"),
        ],
        lambda runs: ["--engine", "pyshacl"],
    ],
    ids=["as-of", "policy", "shapes", "engine"],
)
def test_other_settings_never_reuse_the_entries(
    runs: Runs, settings: Callable[[Runs], list[str]]
) -> None:
    runs.inputs = REPO / "tests" / "fixtures" / "validate"  # small: pySHACL judges it too
    runs.load(runs.inputs)
    runs.validate()
    other = settings(runs)
    _, first, err = runs.validate(*other)
    assert len(runs.judged) == 6 or "the cache is not used" in err, err
    assert "re-judged" not in err
    _, full, _ = runs.validate(*other, "--no-cache")
    assert comparable(first) == comparable(full)
    assert len(list((runs.tmp / "cache" / incremental.KIND).iterdir())) in (1, 2)


def _entry(runs: Runs) -> Path:
    (entry,) = (runs.tmp / "cache" / incremental.KIND).iterdir()
    return entry


SPOILS: dict[str, Callable[[str], str]] = {
    "garbage": lambda text: "{ not json",
    "truncated": lambda text: text[: len(text) // 2],
    "foreign": lambda text: json.dumps(
        {"format": "something else", "value": json.loads(text)["value"]}
    ),
    "bad-term": lambda text: text.replace('"terms":[', '"terms":[5,', 1),
    "bad-structure": lambda text: text.replace('"findings":[', '"findings":{"a":', 1).replace(
        "]],", "]}]", 1
    ),
    "bad-severity": lambda text: text.replace('"Violation"', '"Catastrophe"'),
    "hash": lambda text: text.replace('"hash":"', '"hash":"0', 1),
    # an index Python would count from the end, and one past the table
    "origin-negative-term": lambda text: re.sub(
        r'"origins":\[\[\d+,', '"origins":[[-3,', text, count=1
    ),
    "origin-missing-term": lambda text: re.sub(
        r'"origins":\[\[\d+,', '"origins":[[99999,', text, count=1
    ),
}
#: An unreadable entry and a readable one that lies; the other spoils run in CI.
QUICK_SPOILS = ("garbage", "hash")


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(spoil, marks=() if name in QUICK_SPOILS else pytest.mark.slow, id=name)
        for name, spoil in SPOILS.items()
    ],
)
def test_a_spoilt_cache_entry_is_never_trusted(runs: Runs, spoil: Callable[[str], str]) -> None:
    runs.load(runs.inputs)
    runs.validate()
    entry = _entry(runs)
    entry.write_text(spoil(entry.read_text(encoding="utf-8")), encoding="utf-8")
    code, warm, err = runs.validate()
    assert "internal error" not in err
    code_full, full, _ = runs.validate("--no-cache")
    assert comparable(warm) == comparable(full) and code == code_full
    # the next run has a usable entry again
    runs.validate()
    _, again, err = runs.validate()
    assert "0 of 19 graph(s) re-judged" in err
    assert comparable(again) == comparable(full)


def test_a_foreign_entry_under_the_right_name_is_ignored(runs: Runs) -> None:
    runs.load(runs.inputs)
    runs.validate("--as-of", "2027-01-01")
    (foreign,) = (runs.tmp / "cache" / incremental.KIND).iterdir()
    text = foreign.read_text(encoding="utf-8")
    runs.validate()
    entries = list((runs.tmp / "cache" / incremental.KIND).iterdir())
    mine = next(p for p in entries if p != foreign)
    mine.write_text(text, encoding="utf-8")  # another key's entry under this key's name
    _, warm, err = runs.validate()
    assert len(runs.judged) == 19 and "re-judged" not in err
    _, full, _ = runs.validate("--no-cache")
    assert comparable(warm) == comparable(full)


def test_cache_dir_option_and_its_limits(runs: Runs) -> None:
    runs.load(runs.inputs)
    elsewhere = runs.tmp / "elsewhere"
    runs.validate("--cache", str(elsewhere))
    _, _, err = runs.validate("--cache", str(elsewhere))
    assert "0 of 19 graph(s) re-judged" in err
    assert not (runs.tmp / "cache" / incremental.KIND).exists()  # only the --cache DIR
    code, _, err = runs("validate", str(runs.inputs), "--no-cache")
    assert code == ExitCode.USAGE and "--store" in err
    not_a_dir = runs.tmp / "file"
    not_a_dir.write_text("", encoding="utf-8")
    code, _, err = runs("validate", "--store", str(runs.store), "--cache", str(not_a_dir))
    assert code == ExitCode.USAGE and "not a directory" in err


def test_a_graph_changed_behind_loads_back_is_judged_every_run(runs: Runs) -> None:
    runs.load(runs.inputs)
    graph = _uri(runs.inputs / "conform" / "fase-1.ttl")
    store = ox.Store(str(runs.store))
    store.add(
        ox.Quad(
            ox.NamedNode(FASE_1),
            ox.NamedNode("https://w3id.org/sourcing-kg/def#aanbestedingsplichtig"),
            ox.Literal("misschien"),
            ox.NamedNode(graph),
        )
    )  # the recorded hash is now stale
    del store
    _, cold, err = runs.validate()
    assert f"<{graph}> changed since load recorded its hash" in err
    _, warm, err = runs.validate()
    assert runs.judged == [graph] and "1 of 19 graph(s) re-judged" in err
    _, full, _ = runs.validate("--no-cache")
    assert comparable(cold) == comparable(warm) == comparable(full)


@pytest.mark.slow  # three runs of pySHACL with RDFS inference (18 s)
def test_what_the_fast_engine_leaves_to_pyshacl_is_never_cached(runs: Runs) -> None:
    runs.inputs = REPO / "tests" / "fixtures" / "validate"
    runs.load(runs.inputs)
    for _ in range(2):
        _, report, err = runs.validate("--inference", "rdfs")
        assert runs.judged == [] and "re-judged" not in err
    _, full, _ = runs.validate("--inference", "rdfs", "--no-cache")
    assert comparable(report) == comparable(full)


def test_a_run_that_changed_nothing_leaves_the_cache_entry_as_it_was(
    runs: Runs, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Writing the record of 1,000 graphs again took 0.4 s of a 3.2 s run that judged none."""
    runs.load(runs.inputs)
    runs.validate()
    written: list[str] = []
    write = incremental.write_entry

    def counted(*args: object, **options: object) -> None:
        written.append(str(args[1]))
        write(*args, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(incremental, "write_entry", counted)
    _, _, err = runs.validate()
    assert "0 of 19 graph(s) re-judged" in err and written == []
    fix_a_fault(runs)
    runs.load(runs.inputs / "afwijkend" / "h1-ontbrekend-resultaat.ttl")
    _, _, err = runs.validate()
    assert "1 of 19 graph(s) re-judged" in err and len(written) == 1  # a change is written
