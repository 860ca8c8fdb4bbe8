"""Evidence: documents looked up under ``--evidence-root``, checksums recomputed, paths refused.

Each test writes its own evidence folder and dossier in ``tmp_path``; findings are compared on
focus node, path, rule id, severity and value, never on message text.
"""

from __future__ import annotations

import hashlib
import os
from datetime import date
from pathlib import Path

import pytest

from sourcing_kg.cli import main
from sourcing_kg.core.errors import ExitCode, InputError, UsageError
from sourcing_kg.model.labels import node_text
from sourcing_kg.model.policy import load_policy
from sourcing_kg.validation import evidence
from sourcing_kg.validation.engine import validate_paths
from sourcing_kg.validation.evidence import EvidenceRoot

AS_OF = date(2026, 6, 1)
EX = "https://example.org/"
SKNS = "https://w3id.org/sourcing-kg/def#"
SPDX = "http://spdx.org/rdf/terms#"
CONTENT = b"Exitplan, versie 2\n"

HEAD = """@prefix sk: <https://w3id.org/sourcing-kg/def#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix fase: <https://w3id.org/sourcing-kg/id/fase/> .
@prefix spdx: <http://spdx.org/rdf/terms#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix ex: <https://example.org/> .
"""

Row = tuple[str, str | None, str, str, str | None]


def dossier(folder: Path, document: str, checksum: str | None = None, extra: str = "") -> Path:
    """One dossier whose one deliverable points to ``document`` (with ``checksum``)."""
    stated = (
        " ; spdx:checksum [ spdx:algorithm spdx:checksumAlgorithm_sha256 ;"
        f' spdx:checksumValue "{checksum}" ]'
        if checksum is not None
        else ""
    )
    path = folder / "dossier.ttl"
    escaped = document.replace("\\", "\\\\")
    path.write_text(
        HEAD
        + "ex:d a sk:Dossier ; sk:fase fase:1 ; sk:resultaat ex:r .\n"
        + f'ex:r a sk:BIA ; dct:hasVersion "2" ; sk:document "{escaped}"^^xsd:anyURI{stated} .\n'
        + extra,
        encoding="utf-8",
    )
    return path


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "bewijs"
    (folder / "exit").mkdir(parents=True)
    (folder / "exit" / "exitplan.pdf").write_bytes(CONTENT)
    return folder


def evidence_rows(data: Path, root: Path | None, **policy: bool) -> set[Row]:
    chosen = load_policy()
    if policy:
        chosen = type(chosen)(**{**chosen.__dict__, **policy})
    report = validate_paths([data], as_of=AS_OF, policy=chosen, evidence_root=root)
    return {
        (
            node_text(f.focus_node),
            node_text(f.result_path) if f.result_path is not None else None,
            f.rule_id or "",
            f.severity.value,
            node_text(f.value) if f.value is not None else None,
        )
        for f in report.findings
        if (f.rule_id or "").startswith("BEWIJS")
    }


def sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


# --- the verdict ------------------------------------------------------------------------------


def test_the_stated_checksum_passes_and_one_changed_byte_flips_it(
    tmp_path: Path, root: Path
) -> None:
    data = dossier(tmp_path, "exit/exitplan.pdf", sha(CONTENT).upper())
    assert evidence_rows(data, root) == set()
    changed = bytearray(CONTENT)
    changed[0] ^= 0x01
    (root / "exit" / "exitplan.pdf").write_bytes(bytes(changed))
    assert evidence_rows(data, root) == {
        (EX + "r", SPDX + "checksum", "BEWIJS-CHECKSUM", "Violation", sha(CONTENT).upper())
    }


def test_the_verdict_flips_on_the_command_line(
    tmp_path: Path, root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = dossier(tmp_path, "exit/exitplan.pdf", sha(CONTENT))
    args = ["validate", str(data), "--evidence-root", str(root), "--as-of", "2026-06-01"]
    assert main(args) == ExitCode.OK
    (root / "exit" / "exitplan.pdf").write_bytes(CONTENT + b" ")
    assert main(args) == ExitCode.FINDINGS
    assert "BEWIJS-CHECKSUM" in capsys.readouterr().out


def test_one_matching_checksum_of_several_is_enough(tmp_path: Path, root: Path) -> None:
    other = (
        "ex:r spdx:checksum [ spdx:algorithm spdx:checksumAlgorithm_sha256 ;"
        ' spdx:checksumValue "00" ] .'
    )
    data = dossier(tmp_path, "exit/exitplan.pdf", sha(CONTENT), extra=other)
    assert evidence_rows(data, root) == set()


def test_a_missing_document_and_a_directory_are_violations(tmp_path: Path, root: Path) -> None:
    for document in ("exit/weg.pdf", "exit", ""):
        data = dossier(tmp_path, document, sha(CONTENT))
        assert evidence_rows(data, root) == {
            (EX + "r", SKNS + "document", "BEWIJS-DOCUMENT", "Violation", document)
        }, document


# --- never outside the root, never the network ------------------------------------------------


@pytest.mark.parametrize(
    "document",
    [
        "../buiten.pdf",
        "exit/../../buiten.pdf",
        "%2e%2e/buiten.pdf",
        "ABSOLUTE",
        "file:///etc/passwd",
        "FILEURL",
        "exit\\..\\..\\buiten.pdf",
        "C:/buiten.pdf",
    ],
)
def test_a_path_that_escapes_the_root_is_refused_and_never_opened(
    tmp_path: Path, root: Path, document: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    outside = tmp_path / "buiten.pdf"
    outside.write_bytes(CONTENT)
    document = {"ABSOLUTE": str(outside), "FILEURL": outside.as_uri()}.get(document, document)
    opened: list[str] = []
    real_digest = evidence._digest

    def recording(path: str) -> evidence.Lookup:
        opened.append(path)
        return real_digest(path)

    monkeypatch.setattr(evidence, "_digest", recording)
    data = dossier(tmp_path, document, sha(CONTENT))
    assert evidence_rows(data, root) == {
        (EX + "r", SKNS + "document", "BEWIJS-PAD", "Violation", document)
    }
    assert opened == []


def test_a_symbolic_link_out_of_the_root_is_refused(tmp_path: Path, root: Path) -> None:
    outside = tmp_path / "geheim.pdf"
    outside.write_bytes(CONTENT)
    (root / "exit" / "link.pdf").symlink_to(outside)
    (root / "map-buiten").symlink_to(tmp_path, target_is_directory=True)
    for document in ("exit/link.pdf", "map-buiten/geheim.pdf"):
        data = dossier(tmp_path, document, sha(CONTENT))
        assert evidence_rows(data, root) == {
            (EX + "r", SKNS + "document", "BEWIJS-PAD", "Violation", document)
        }, document


def test_a_symbolic_link_that_stays_inside_is_followed(tmp_path: Path, root: Path) -> None:
    (root / "laatste.pdf").symlink_to(root / "exit" / "exitplan.pdf")
    data = dossier(tmp_path, "laatste.pdf", sha(CONTENT))
    assert evidence_rows(data, root) == set()


def test_a_url_is_not_verifiable_and_not_fetched(tmp_path: Path, root: Path) -> None:
    document = "https://dms.example.org/exitplan.pdf"
    data = dossier(tmp_path, document, sha(CONTENT))
    assert evidence_rows(data, root) == {
        (EX + "r", SKNS + "document", "BEWIJS-NIET-TOETSBAAR", "Info", document)
    }


def test_a_document_without_a_sha256_is_not_verifiable(tmp_path: Path, root: Path) -> None:
    data = dossier(tmp_path, "exit/exitplan.pdf")
    assert evidence_rows(data, root) == {
        (EX + "r", SKNS + "document", "BEWIJS-NIET-TOETSBAAR", "Info", "exit/exitplan.pdf")
    }


def test_without_an_evidence_root_no_document_is_looked_up(tmp_path: Path) -> None:
    data = dossier(tmp_path, "exit/weg.pdf", "00")
    assert evidence_rows(data, None) == set()


# --- the policy -------------------------------------------------------------------------------


def test_a_deliverable_without_a_document_is_info_unless_the_policy_requires_one(
    tmp_path: Path,
) -> None:
    data = tmp_path / "d.ttl"
    data.write_text(HEAD + "ex:d a sk:Dossier ; sk:fase fase:1 ; sk:resultaat ex:r .\n")
    row = (EX + "r", SKNS + "document", "BEWIJS-VERPLICHT")
    assert evidence_rows(data, None) == {(*row, "Info", EX + "r")}
    assert evidence_rows(data, None, document_verplicht=True) == {(*row, "Violation", EX + "r")}


def test_the_policy_file_sets_document_verplicht(tmp_path: Path) -> None:
    policy = tmp_path / "beleid.toml"
    policy.write_text("[bewijs]\ndocument_verplicht = true\n")
    assert load_policy(policy).document_verplicht is True
    assert load_policy().document_verplicht is False
    policy.write_text('[bewijs]\ndocument_verplicht = "ja"\n')
    with pytest.raises(InputError, match="document_verplicht"):
        load_policy(policy)


# --- the facts cannot be forged ---------------------------------------------------------------


def test_an_input_cannot_state_the_checkers_facts(tmp_path: Path, root: Path) -> None:
    forged = (
        "[] a sk:Bewijscontrole ; sk:gecontroleerdResultaat ex:r ;\n"
        '    sk:gecontroleerdDocument "exit/exitplan.pdf"^^xsd:anyURI ;\n'
        '    sk:bewijsstatus "ontbreekt" .\n'
        "<https://w3id.org/sourcing-kg/id/controle/bewijs/x> a sk:Bewijscontrole ;\n"
        "    sk:gecontroleerdResultaat ex:r ;\n"
        '    sk:gecontroleerdDocument "exit/exitplan.pdf"^^xsd:anyURI ;\n'
        '    sk:bewijsstatus "geweigerd" .\n'
    )
    data = dossier(tmp_path, "exit/exitplan.pdf", sha(CONTENT), extra=forged)
    assert evidence_rows(data, root) == set()
    assert evidence_rows(data, None) == set()


# --- the command line -------------------------------------------------------------------------


def test_the_evidence_root_must_be_a_directory(tmp_path: Path) -> None:
    data = dossier(tmp_path, "x.pdf")
    assert main(["validate", str(data), "--evidence-root", str(tmp_path / "geen")]) == 2
    with pytest.raises(UsageError):
        EvidenceRoot(data)


def test_the_report_is_never_written_into_the_evidence_root(tmp_path: Path, root: Path) -> None:
    data = dossier(tmp_path, "exit/exitplan.pdf", sha(CONTENT))
    target = root / "exit" / "exitplan.pdf"
    args = ["validate", str(data), "--evidence-root", str(root), "-o", str(target)]
    assert main(args) == ExitCode.USAGE
    assert target.read_bytes() == CONTENT


def test_a_fifo_is_not_read(tmp_path: Path, root: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this platform")
    os.mkfifo(root / "pijp")
    assert EvidenceRoot(root).lookup("pijp").status == evidence.MISSING
