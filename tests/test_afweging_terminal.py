"""The interactive afweging driven end to end in a real terminal (pexpect).

A first session answers two questions (refusing "Deels" on question 1) and is interrupted
with Ctrl-C; a second session resumes at question 3, finishes, asks for mitigations and
prints the JSON outcome; the afweging lands in the dossier.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sys
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDF

from sourcing_kg.core.namespaces import SK

pexpect = pytest.importorskip("pexpect")

SRC = Path(__file__).resolve().parents[1] / "src"
TIMEOUT = 60


def _as_in_a_terminal() -> None:
    """Ctrl-C reaches the session as in a user's terminal. A test run started as a background
    job of a shell without job control (``cmd &`` in a script, nohup, cron) has SIGINT ignored,
    and an ignored signal stays ignored across exec: the session would never see the Ctrl-C."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_SETMASK, set())


def _spawn(*args: str, cwd: Path):  # type: ignore[no-untyped-def]
    env = dict(os.environ)
    env["PYTHONPATH"] = str(SRC) + os.pathsep + env.get("PYTHONPATH", "")
    env["PYTHONIOENCODING"] = "utf-8"
    return pexpect.spawn(
        sys.executable,
        ["-m", "sourcing_kg", "afweging", *args],
        cwd=str(cwd),
        env=env,
        encoding="utf-8",
        timeout=TIMEOUT,
        dimensions=(50, 200),
        preexec_fn=_as_in_a_terminal,
    )


def _answer(child, answer: str, motivation: str) -> None:  # type: ignore[no-untyped-def]
    child.expect(r"Antwoord \[[a-z/]+\]: ")
    child.sendline(answer)
    child.expect("Motivering: ")
    child.sendline(motivation)


@pytest.mark.slow
def test_interactive_session_end_to_end(tmp_path: Path) -> None:
    dossier = tmp_path / "dossier.ttl"
    dossier.write_text(
        "@prefix sk: <https://w3id.org/sourcing-kg/def#> .\n"
        "<http://example.org/d> a sk:Dossier .\n",
        encoding="utf-8",
    )
    progress = tmp_path / "voortgang.csv"

    first = _spawn("--progress", str(progress), cwd=tmp_path)
    first.expect("Doel 1")
    first.expect("vraag 1/14:")
    first.expect(r"Antwoord \[ja/nee\]: ")  # "deels" is not offered on question 1 ...
    first.sendline("deels")
    first.expect("geen optie")  # ... and refused when typed
    first.expect(r"Antwoord \[ja/nee\]: ")
    first.sendline("ja")
    first.expect("Motivering: ")
    first.sendline("")  # an empty motivation is refused
    first.expect("gemotiveerd")
    first.expect("Motivering: ")
    first.sendline("kritiek voor de kerntaken")
    first.expect("vraag 2/14:")
    _answer(first, "nee", "secundair proces")
    first.expect("vraag 3/14:")
    first.expect(r"Antwoord \[ja/nee\]: ")
    first.sendintr()  # Ctrl-C: the session stops, the two answers are kept
    first.expect(pexpect.EOF)
    first.close()
    assert first.exitstatus == 130
    assert progress.read_text(encoding="utf-8").count("\n") == 3  # header + 2 answers

    second = _spawn(
        "--progress", str(progress), "--format", "json", "--write", str(dossier),
        cwd=tmp_path,
    )  # fmt: skip
    second.expect("Hervat: 2 van 14")
    second.expect("vraag 3/14:")
    second.expect(r"Antwoord \[ja/nee\]: ")
    second.sendline("nee")
    second.expect("Motivering: ")
    second.sendline("geanonimiseerd")
    for number in range(4, 15):
        second.expect(f"vraag {number}/14:")
        _answer(second, "deels" if number in (4, 5) else "nee", f"motivering {number}")
    # advice uitbesteden: questions 1 (ja), 4 and 5 (deels) do not fit it
    second.expect("passen niet bij")
    second.expect("Rationale/mitigatie: ")
    second.sendline("exit-strategie en escrow")
    second.expect("Rationale/mitigatie: ")
    second.sendline("")
    second.expect("Rationale/mitigatie: ")
    second.sendline("")
    second.expect(pexpect.EOF)
    second.close()
    assert second.exitstatus == 0, second.before
    match = re.search(r'\{"counts".*\}', second.before)
    assert match, second.before
    outcome = json.loads(match.group(0))
    assert outcome["counts"] == {"ja": 1, "deels": 2, "nee": 11}
    assert outcome["advice"] == ["uitbesteden"] and outcome["tie"] is False
    assert outcome["needs_mitigation"] == [1, 4, 5]

    graph = Graph().parse(dossier)
    assert len(list(graph.subjects(RDF.type, SK.Antwoord))) == 14
    assert len(list(graph.objects(None, SK.mitigatie))) == 1
