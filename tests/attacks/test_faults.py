"""Nothing lost (issue 15, part 3): faults injected by killing a run at chosen points, and
two runs at once on one file. The faults are in ``runner.py``; a new writer is covered by
adding a case that runs it under a fault.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from sourcing_kg.model.ontology import ontology_graph
from sourcing_kg.sparql.backends import BACKGROUND_GRAPH, graph_name
from tests.attacks.conftest import REPO, cli

RUNNER = Path(__file__).with_name("runner.py")
pytestmark = pytest.mark.slow


def run_faulty(fault: str, *args: str | Path, wait: bool = True) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, str(RUNNER), fault, "--", *(str(a) for a in args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    if wait:
        child.communicate(timeout=300)
    return child


def _graph(store_dir: Path, name: str) -> set[str]:
    store = ox.Store(str(store_dir))
    try:
        return {str(q) for q in store.quads_for_pattern(None, None, None, ox.NamedNode(name))}
    finally:
        del store


def test_load_killed_at_any_store_write_loses_nothing(tmp_path: Path) -> None:
    """Old graph, or new graph: never none, never half; the ontology refresh likewise."""
    data = tmp_path / "register.ttl"
    old = "".join(f"<urn:x:s{i}> <urn:x:p> <urn:x:old> .\n" for i in range(50))
    new = "".join(f"<urn:x:s{i}> <urn:x:p> <urn:x:new> .\n" for i in range(60))
    ontology = len(ontology_graph())
    for point in range(1, 6):
        store = tmp_path / f"store-{point}"
        data.write_text(old)
        assert cli("load", data, "--store", store).code == 0
        before = _graph(store, graph_name(data))
        data.write_text(new)
        child = run_faulty(f"kill-store-write:{point}", "load", data, "--store", store)
        after = _graph(store, graph_name(data))
        assert len(after) in (50, 60), f"kill at write {point}: {len(after)} triples"
        assert after == before or all("new" in q for q in after)
        assert len(_graph(store, BACKGROUND_GRAPH)) == ontology, f"kill at write {point}"
        if child.returncode == 0:  # fewer writes than the kill point: the load completed
            assert len(after) == 60


ANSWERS = "vraag,antwoord,motivering\n" + "".join(f"{i},ja,omdat {i}\n" for i in range(1, 15))
DOSSIERS = """@prefix sk: <https://w3id.org/sourcing-kg/def#> .
<https://example.org/d/a> a sk:Dossier .
<https://example.org/d/b> a sk:Dossier .
"""


def test_two_concurrent_afweging_writes_lose_no_update(tmp_path: Path) -> None:
    dossier = tmp_path / "dossiers.ttl"
    dossier.write_text(DOSSIERS)
    answers = tmp_path / "antwoorden.csv"
    answers.write_text(ANSWERS)
    runs = {}
    for letter in "ab":
        runs[letter] = run_faulty(
            "pause-before-replace:3",
            "afweging",
            "--answers",
            answers,
            "--write",
            dossier,
            "--dossier",
            f"https://example.org/d/{letter}",
            wait=False,
        )
        time.sleep(1.0)
    codes = {letter: run.wait(timeout=300) for letter, run in runs.items()}
    text = dossier.read_text()
    for letter, code in codes.items():
        if code == 0:  # a run that says it wrote must have written
            assert f"d/{letter}-afweging" in text or f"/d/{letter}-" in text, codes
    assert 0 in codes.values()
    refused = [runs[k].stderr.read() for k, c in codes.items() if c != 0]  # type: ignore[union-attr]
    assert all("another sourcing-kg run" in err for err in refused), refused
    assert sorted(p.name for p in tmp_path.iterdir()) == ["antwoorden.csv", "dossiers.ttl"]


def test_writers_refuse_their_inputs(tmp_path: Path) -> None:
    register = REPO / "data" / "register"
    copy = tmp_path / "register.csv"
    csvs = sorted(register.glob("*.csv")) or sorted((REPO / "tests").rglob("*.csv"))
    copy.write_bytes(csvs[0].read_bytes())
    before = copy.read_bytes()
    assert cli("import-register", copy, "-o", copy).code == 2
    assert copy.read_bytes() == before
    ttl = tmp_path / "data" / "r.ttl"
    ttl.parent.mkdir()
    ttl.write_text("<urn:a> <urn:b> <urn:c> .\n")
    result = cli("graph", "--leverancier", "urn:a", "--data", ttl.parent, "-o", ttl)
    assert result.code == 2 and "would overwrite the input" in result.err
    assert ttl.read_text() == "<urn:a> <urn:b> <urn:c> .\n"


def test_docs_never_deletes_a_directory_it_did_not_make(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = tmp_path / "work"
    mine.mkdir()
    (mine / "notes.txt").write_text("mine")
    monkeypatch.chdir(mine)
    assert cli("docs", "-o", ".", "--force").code == 2
    assert cli("docs", "-o", mine, "--force").code == 2
    assert (mine / "notes.txt").read_text() == "mine"
    site = tmp_path / "site"
    assert cli("docs", "-o", site).code == 0
    (site / "index.html").chmod(0o600)
    assert cli("docs", "-o", site, "--force").code == 0  # a previous build is replaced
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "work"]
