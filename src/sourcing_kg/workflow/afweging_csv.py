"""Answers and weights of an afweging as CSV files.

Answers: a header ``vraag,antwoord,motivering[,mitigatie]`` and one row per question.
``vraag`` is the question's number (``3``, also ``vraag:3`` or the full IRI); ``antwoord`` is
``ja``, ``deels`` or ``nee`` (or the label in Dutch or English); ``motivering`` may not be
empty (§5.2: "De antwoorden op de vragen in detail te motiveren").

Weights: a header ``vraag,gewicht`` and one row per weighted question; a question without a
row weighs 1. The document deliberately sets no weights (§5.2).

Every error names the file, the row (the line in the file) and the column.

The same answers format is the progress file of an interactive session, so that an
interrupted session can be resumed, and its answers reused with ``--answers``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path

from sourcing_kg.core.errors import InputError
from sourcing_kg.core.namespaces import SK
from sourcing_kg.io.atomic import write_text_atomically
from sourcing_kg.workflow.afweging import Antwoord, Kader
from sourcing_kg.workflow.afweging_check import judge_answers, problems_of

ANSWER_COLUMNS = ("vraag", "antwoord", "motivering", "mitigatie")
REQUIRED_ANSWER_COLUMNS = ANSWER_COLUMNS[:3]
WEIGHT_COLUMNS = ("vraag", "gewicht")


def _read_rows(
    path: Path, required: Sequence[str], allowed: Sequence[str]
) -> list[tuple[int, dict[str, str]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read file: {error}", path=path) from error
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    if not header:
        raise InputError("empty file: expected a header " + ",".join(allowed), path=path, line=1)
    missing = [name for name in required if name not in header]
    unknown = [name for name in header if name not in allowed]
    if missing or unknown:
        parts = []
        if missing:
            parts.append("missing column(s) " + ", ".join(missing))
        if unknown:
            parts.append("unknown column(s) " + ", ".join(unknown))
        raise InputError("; ".join(parts) + f" (expected {','.join(allowed)})", path=path, line=1)
    reader.fieldnames = header
    rows = []
    for record in reader:
        line = reader.line_num
        if None in record:
            raise InputError("row has more fields than the header", path=path, line=line)
        values = {key: (value or "").strip() for key, value in record.items()}
        if not any(values.values()):
            continue
        rows.append((line, values))
    return rows


def _question_number(kader: Kader, text: str, path: Path, line: int) -> int:
    key = text.strip()
    for vraag in kader.vragen:
        if key in {vraag.notatie, f"vraag:{vraag.notatie}", str(vraag.iri), str(vraag.nummer)}:
            return vraag.nummer
    raise InputError(
        f"column vraag: unknown question {text!r} (expected 1..{len(kader.vragen)})",
        path=path,
        line=line,
    )


def read_answers(
    path: Path, kader: Kader, *, complete: bool = True, require_motivation: bool = True
) -> list[Antwoord]:
    """Read and check an answers file.

    With ``complete`` and ``require_motivation`` false, unanswered questions and empty
    motivations are let through (the command reports them as warnings, see
    :func:`sourcing_kg.workflow.afweging.gaps`).

    Raises:
        InputError: unreadable file, bad header, unknown question or answer, "deels" where the
            question rules it out, a question answered twice, or (when required) an empty
            motivation or questions left unanswered.
    """
    answers: list[Antwoord] = []
    seen: dict[int, int] = {}
    for line, values in _read_rows(path, REQUIRED_ANSWER_COLUMNS, ANSWER_COLUMNS):
        nummer = _question_number(kader, values.get("vraag", ""), path, line)
        if nummer in seen:
            raise InputError(
                f"column vraag: question {nummer} answered twice (first on line {seen[nummer]})",
                path=path,
                line=line,
            )
        seen[nummer] = line
        code = kader.parse_answer(values.get("antwoord", ""))
        if code is None:
            codes = ", ".join(a.code for a in kader.antwoorden)
            raise InputError(
                f"column antwoord: {values.get('antwoord', '')!r} is not an answer "
                f"(expected {codes})",
                path=path,
                line=line,
            )
        antwoord = Antwoord(
            vraag=nummer,
            waarde=code,
            motivering=values.get("motivering", ""),
            mitigatie=values.get("mitigatie", ""),
        )
        answers.append(antwoord)
    # The afwegingskader's rules are the H3 shapes (workflow/afweging_check): a value the
    # question does not allow is refused; with the flags, so are blank motivations and gaps.
    found = judge_answers(kader, answers)
    refused = [(seen[n], "antwoord", f) for n, f in problems_of(found, SK.waarde).items()]
    if require_motivation:
        refused += [
            (seen[n], "motivering", f) for n, f in problems_of(found, SK.motivering).items()
        ]
    if refused:
        line, column, finding = min(refused, key=lambda r: r[0])
        raise InputError(
            f"column {column}: question {_number_at(seen, line)}: {finding.message(kader.lang)} "
            f"({finding.rule})",
            path=path,
            line=line,
        )
    if complete:
        missing = sorted(problems_of(found, SK.antwoord))
        if missing:
            raise InputError(
                "column vraag: no answer for question(s) " + ", ".join(map(str, missing)),
                path=path,
            )
    return sorted(answers, key=lambda a: a.vraag)


def _number_at(seen: dict[int, int], line: int) -> int:
    return next(n for n, at in seen.items() if at == line)


def read_weights(path: Path, kader: Kader) -> dict[int, Decimal]:
    """Read a weights file: question number -> weight (a non-negative number).

    Raises:
        InputError: unreadable file, bad header, unknown question, a weight that is not a
            non-negative number, or a question weighted twice.
    """
    weights: dict[int, Decimal] = {}
    for line, values in _read_rows(path, WEIGHT_COLUMNS, WEIGHT_COLUMNS):
        nummer = _question_number(kader, values.get("vraag", ""), path, line)
        if nummer in weights:
            raise InputError(
                f"column vraag: question {nummer} weighted twice", path=path, line=line
            )
        text = values.get("gewicht", "")
        try:
            weight = Decimal(text)
        except InvalidOperation:
            weight = Decimal("NaN")
        if not weight.is_finite() or weight < 0:
            raise InputError(
                f"column gewicht: {values.get('gewicht', '')!r} is not a non-negative number",
                path=path,
                line=line,
            )
        weights[nummer] = weight
    return weights


def answers_csv(answers: Sequence[Antwoord]) -> str:
    """The answers in the answers-file format (header included)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(ANSWER_COLUMNS)
    for antwoord in sorted(answers, key=lambda a: a.vraag):
        writer.writerow([antwoord.vraag, antwoord.waarde, antwoord.motivering, antwoord.mitigatie])
    return buffer.getvalue()


def write_answers(path: Path, answers: Sequence[Antwoord]) -> None:
    """Save answers atomically (the progress file of an interactive session)."""
    write_text_atomically(path, answers_csv(answers))
