"""``validate --format html``: one self-contained page, everything from the data as text."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from html_report import FIXTURES, parse, xss_report
from sourcing_kg.render import render
from sourcing_kg.render.report_html import script_hash
from sourcing_kg.validation.report import Report, Severity

PAYLOADS = (
    "<script>window.xss=2</script>",
    "\"quoted\" 'single' & <b>bold</b>",
    "javascript:window.xss=1",
    'X"><script>window.xss=5</script>',
    '<img src=x onerror="window.xss=6">',
    '<a href="javascript:window.xss=7">klik</a>',
)


@pytest.fixture(scope="module")
def hostile() -> Report:
    return xss_report()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_hostile_strings_are_text_never_markup(hostile: Report, lang: str) -> None:
    html = render(hostile, "html", lang=lang)
    page = parse(html)
    tags = [tag for tag, _ in page.elements]
    assert tags.count("script") == 1  # the report's own filter script, nothing from the data
    assert "img" not in tags and "b" not in tags and "a" not in tags
    for tag, attrs in page.elements:
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert "javascript:" not in (value or "") or name.startswith("data-"), (tag, name)
            assert name not in {"href", "src", "action", "formaction"}, (tag, name)
    text = "".join(page.text)
    for payload in PAYLOADS:
        if lang == "en":
            payload = payload.replace("klik", "click")
        assert payload in text, payload
    # a hostile rule id stays one attribute value: it is escaped inside data-rule and <option>
    assert 'data-rule="X&#34;&gt;&lt;script&gt;window.xss=5&lt;/script&gt;"' in html


def test_the_page_needs_no_network_and_only_runs_its_own_script(examples_report: Report) -> None:
    html = render(examples_report, "html", lang="nl")
    page = parse(html)
    (script,) = page.scripts
    (csp,) = [
        attrs["content"]
        for tag, attrs in page.elements
        if tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy"
    ]
    assert csp is not None and "default-src 'none'" in csp and script_hash(script) in csp
    links = [attrs for tag, attrs in page.elements if tag in {"link", "img", "iframe", "object"}]
    assert links == []
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)


@pytest.mark.parametrize(("lang", "title"), [("nl", "Controlerapport"), ("en", "check report")])
def test_summary_counts_and_findings_grouped_by_phase(
    examples_report: Report, lang: str, title: str
) -> None:
    html = render(examples_report, "html", lang=lang, fail_on=Severity.VIOLATION)
    page = parse(html)
    assert f'<html lang="{lang}">' in html and title in html
    ids = {attrs.get("id"): attrs for _, attrs in page.elements}
    for key in ("summary", "verdict", "rules", "filters", "run", "dossiers", "rule-filter"):
        assert key in ids
    violations = sum(f.severity is Severity.VIOLATION for f in examples_report.findings)
    assert re.search(rf'id="count-violation">{violations}<', html)
    assert re.search(rf'id="count-dossiers">{len(examples_report.dossiers)}<', html)
    findings = [a for t, a in page.elements if t == "li" and "finding" in (a.get("class") or "")]
    assert len(findings) == len(examples_report.findings)
    # H1's missing phase-2 deliverable sits under phase 2, cites tabel 3 and quotes its source
    block = html.split("h1-ontbrekend-resultaat.ttl", 1)[1].split("</article>", 1)[0]
    phase_2 = "Fase 2: Strategische sourcing keuze" if lang == "nl" else "Phase 2: "
    assert phase_2 in block
    assert "tabel 3, fase 2" in block if lang == "nl" else "table 3, phase 2" in block
    assert "Handreiking IT-sourcing Rijksoverheid (2025), tabel 3" in block
    assert 'title="https://w3id.org/sourcing-kg/def#Verwervingsstrategie">sk:Verwer' in block


def test_validate_writes_the_html_file(tmp_path: Path) -> None:
    out = tmp_path / "rapport.html"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sourcing_kg",
            "validate",
            str(FIXTURES / "xss-dossier.ttl"),
            "--shapes",
            str(FIXTURES / "xss-shapes.ttl"),
            "--format",
            "html",
            "--lang",
            "en",
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1, result.stderr
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")
