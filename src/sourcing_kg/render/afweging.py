"""Rendering of the afwegingskader: the questions and the outcome of an afweging, as text."""

from __future__ import annotations

from rdflib import URIRef

from sourcing_kg.model.labels import curie
from sourcing_kg.workflow.afweging import (
    AnswerFinding,
    Kader,
    Uitkomst,
    Vraag,
    as_number,
    deels_category,
)


def render_text(kader: Kader, uitkomst: Uitkomst) -> str:
    """The outcome as a short human report in the kader's language."""
    nl = kader.lang == "nl"
    lines = [("Telling" if nl else "Tally") + ":"]
    for antwoord in kader.antwoorden:
        lines.append(f"  {antwoord.label(kader.lang)}: {uitkomst.counts.get(antwoord.code, 0)}")
    lines.append(("Gewogen score per categorie" if nl else "Weighted score per category") + ":")
    for code, score in uitkomst.scores.items():
        lines.append(f"  {kader.categorie_naam(code)}: {as_number(score)}")
    labels = [kader.categorie_naam(c) for c in uitkomst.advice]
    if not uitkomst.advice:
        lines.append("Advies: geen (geen antwoorden)" if nl else "Advice: none (no answers)")
    elif uitkomst.tie:
        joined = " = ".join(labels)
        lines.append(
            f"Advies: gelijke stand tussen {joined}; de afweging is aan het team (§5.2)"
            if nl
            else f"Advice: tie between {joined}; the choice is the team's (§5.2)"
        )
    else:
        lines.append(("Advies: overweeg " if nl else "Advice: consider ") + labels[0])
    against = (
        kader.categorie_naam(uitkomst.category)
        if uitkomst.category
        else (" / ".join(labels) or "-")
    )
    if uitkomst.needs_mitigation:
        lines.append(
            (
                f"Antwoorden die niet passen bij {against} en een rationale of mitigerende "
                "maatregel vragen (§5.2):"
            )
            if nl
            else (
                f"Answers that do not fit {against} and need a rationale or mitigating "
                "measure (§5.2):"
            )
        )
        given = {a.vraag: a for a in uitkomst.answers}
        for nummer in uitkomst.needs_mitigation:
            vraag = kader.vraag(nummer)
            answer = given[nummer]
            status = (
                (f"mitigatie: {answer.mitigatie}" if nl else f"mitigation: {answer.mitigatie}")
                if answer.mitigatie
                else ("nog geen rationale of mitigatie" if nl else "no rationale or mitigation yet")
            )
            label = kader.antwoord(answer.waarde).label(kader.lang)
            lines.append(f"  {nummer}. {vraag.label} [{label}] - {status}")
    else:
        lines.append(
            f"Alle antwoorden passen bij {against}." if nl else f"All answers fit {against}."
        )
    return "\n".join(lines) + "\n"


def render_questions(kader: Kader) -> str:
    """The questionnaire itself, grouped by goal, with explanation and example answers."""
    nl = kader.lang == "nl"
    lines: list[str] = []
    current: int | None = None
    for vraag in kader.vragen:
        if vraag.doel != current:
            current = vraag.doel
            doel = kader.doel(current)
            if lines:
                lines.append("")
            lines.append(
                f"{'Doel' if nl else 'Goal'} {current}. {doel.label if doel else ''}".rstrip()
            )
        lines.extend(question_block(kader, vraag))
    return "\n".join(lines) + "\n"


def question_block(
    kader: Kader, vraag: Vraag, *, position: int | None = None, total: int | None = None
) -> list[str]:
    """The lines that present one question: number (with progress), text, explanation, examples."""
    nl = kader.lang == "nl"
    head = (
        f"{'vraag' if nl else 'question'} {position}/{total}:"
        if position and total
        else f"{vraag.nummer}."
    )
    lines = ["", f"{head} {vraag.label}"]
    if vraag.toelichting:
        lines.append(
            f"  {'Nadere toelichting' if nl else 'Further explanation'}: {vraag.toelichting}"
        )
    if vraag.voorbeelden:
        lines.append(f"  {'Voorbeelden van antwoorden' if nl else 'Example answers'}:")
        lines.extend(f"    - {v.tekst}" for v in vraag.voorbeelden)
    if not vraag.deels_toegestaan:
        deels = kader.antwoord("deels").label(kader.lang) if deels_category(kader) else "Deels"
        lines.append(
            f"  (“{deels}” is bij deze vraag geen optie)"
            if nl
            else f"  (“{deels}” is not an option for this question)"
        )
    return lines


def render_findings(kader: Kader, found: list[AnswerFinding]) -> str:
    """What the afwegingskader's rules find, one warning line each (for stderr): rule id,
    question and the rule's message in the kader's language."""
    nl = kader.lang == "nl"
    word = "waarschuwing" if nl else "warning"
    lines = []
    for item in found:
        path = item.finding.result_path
        if item.vraag:
            where = f" ({'vraag' if nl else 'question'} {item.vraag})"
        else:  # the afweging as a whole: the path names what is missing
            where = f" ({curie(path)})" if isinstance(path, URIRef) else ""
        lines.append(
            f"sourcing-kg: {word}: {item.finding.rule}{where}: {item.finding.message(kader.lang)}"
        )
    return "".join(f"{line}\n" for line in lines)
