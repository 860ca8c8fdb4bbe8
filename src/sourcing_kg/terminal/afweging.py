"""The interactive afweging: one prompt per question, in a terminal.

For each question (grouped by goal) the session shows the question, its explanation and the
document's example answers, asks for the answer (refusing "Deels" where the question rules it
out) and for a motivation (never empty, §5.2), and shows the progress (``vraag 3/14``). After
every question the answers so far are saved atomically to a progress file in the answers-CSV
format; a session started again with the same progress file resumes where it stopped. When
all questions are answered, the session asks for a rationale or mitigating measure for each
answer that does not fit the chosen category (or the advice), which may be left for later.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from rdflib import URIRef

from sourcing_kg.core.namespaces import SK
from sourcing_kg.render.afweging import question_block
from sourcing_kg.workflow.afweging import Antwoord, Kader, evaluate
from sourcing_kg.workflow.afweging_check import judge_answers, problems_of
from sourcing_kg.workflow.afweging_csv import read_answers, write_answers

ReadLine = Callable[[], str]


class SessionEnded(Exception):
    """The user closed the input (end of file) before the session was complete."""


def _stdin_readline() -> str:
    return sys.stdin.readline()


class Session:
    """One interactive afweging; ``out`` receives everything shown, ``readline`` the input."""

    def __init__(
        self,
        kader: Kader,
        *,
        progress: Path,
        out: TextIO,
        readline: ReadLine = _stdin_readline,
        category: str | None = None,
    ) -> None:
        self.kader = kader
        self.progress = progress
        self.out = out
        self.readline = readline
        self.category = category
        self.nl = kader.lang == "nl"

    def _say(self, text: str = "") -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def _ask(self, prompt: str) -> str:
        self.out.write(prompt)
        self.out.flush()
        line = self.readline()
        if line == "":  # end of input: the session is interrupted, progress is kept
            raise SessionEnded
        return line.strip()

    def _load(self) -> dict[int, Antwoord]:
        if not self.progress.exists():
            return {}
        return {a.vraag: a for a in read_answers(self.progress, self.kader, complete=False)}

    def _save(self, answers: dict[int, Antwoord]) -> None:
        write_answers(self.progress, list(answers.values()))

    def run(self) -> list[Antwoord]:
        """Ask every unanswered question; returns all answers. Raises :class:`SessionEnded`."""
        answers = self._load()
        total = len(self.kader.vragen)
        self._say(
            f"Afwegingskader IT-sourcing (§5.3): {total} vragen. Antwoorden worden na elke "
            f"vraag bewaard in {self.progress}."
            if self.nl
            else f"IT sourcing assessment framework (§5.3): {total} questions. Answers are "
            f"saved after every question in {self.progress}."
        )
        if answers:
            self._say(
                f"Hervat: {len(answers)} van {total} vragen al beantwoord."
                if self.nl
                else f"Resuming: {len(answers)} of {total} questions already answered."
            )
        current_goal: int | None = None
        for position, vraag in enumerate(self.kader.vragen, start=1):
            if vraag.nummer in answers:
                continue
            if vraag.doel != current_goal:
                current_goal = vraag.doel
                doel = self.kader.doel(current_goal)
                self._say()
                self._say(
                    f"{'Doel' if self.nl else 'Goal'} {current_goal}. {doel.label if doel else ''}"
                )
            for line in question_block(self.kader, vraag, position=position, total=total):
                self._say(line)
            answers[vraag.nummer] = self._ask_one(vraag.nummer)
            self._save(answers)
        self._ask_mitigations(answers)
        return [answers[n] for n in sorted(answers)]

    def _choices(self, nummer: int) -> str:
        vraag = self.kader.vraag(nummer)
        codes = [
            a.code for a in self.kader.antwoorden if vraag.deels_toegestaan or a.code != "deels"
        ]
        return "/".join(codes)

    def _ask_one(self, nummer: int) -> Antwoord:
        prompt = f"{'Antwoord' if self.nl else 'Answer'} [{self._choices(nummer)}]: "
        while True:
            code = self.kader.parse_answer(self._ask(prompt))
            if code is None:
                self._say(
                    f"Kies een van: {self._choices(nummer)}."
                    if self.nl
                    else f"Choose one of: {self._choices(nummer)}."
                )
                continue
            if self._refused(Antwoord(vraag=nummer, waarde=code, motivering="-"), SK.waarde):
                label = self.kader.antwoord(code).label(self.kader.lang)
                self._say(
                    f"“{label}” is bij deze vraag geen optie (§5.3). Kies een van: "
                    f"{self._choices(nummer)}."
                    if self.nl
                    else f"“{label}” is not an option for this question (§5.3). Choose one of: "
                    f"{self._choices(nummer)}."
                )
                continue
            break
        while True:
            motivering = self._ask("Motivering: " if self.nl else "Motivation: ")
            if not self._refused(Antwoord(vraag=nummer, waarde=code, motivering=motivering),
                                 SK.motivering):  # fmt: skip
                break
            self._say(
                "Elk antwoord moet gemotiveerd worden (§5.2)."
                if self.nl
                else "Every answer must be motivated (§5.2)."
            )
        return Antwoord(vraag=nummer, waarde=code, motivering=motivering)

    def _refused(self, antwoord: Antwoord, prop: URIRef) -> bool:
        """Whether the afwegingskader's rules (H3) find fault with this answer's ``prop``."""
        found = judge_answers(self.kader, [antwoord], category=self.category)
        return antwoord.vraag in problems_of(found, prop)

    def _ask_mitigations(self, answers: dict[int, Antwoord]) -> None:
        uitkomst = evaluate(self.kader, list(answers.values()), category=self.category)
        # H4: answers pointing to another category than the chosen one (or the advice, when
        # it is not a tie) carry a rationale or mitigation; none is asked in a tie
        found = judge_answers(self.kader, list(answers.values()), category=self.category)
        open_items = sorted(problems_of(found, SK.mitigatie))
        if not open_items:
            return
        against = self.category or uitkomst.advice[0]
        label = self.kader.categorie_label(against)
        self._say()
        self._say(
            f"{len(open_items)} antwoord(en) passen niet bij {label}: geef een rationale of "
            "mitigerende maatregel (leeg laten = later)."
            if self.nl
            else f"{len(open_items)} answer(s) do not fit {label}: give a rationale or "
            "mitigating measure (empty = later)."
        )
        for nummer in open_items:
            vraag = self.kader.vraag(nummer)
            given = self.kader.antwoord(answers[nummer].waarde).label(self.kader.lang)
            self._say(f"{nummer}. {vraag.label} [{given}]")
            text = self._ask("Rationale/mitigatie: " if self.nl else "Rationale/mitigation: ")
            if text:
                answers[nummer] = replace(answers[nummer], mitigatie=text)
                self._save(answers)
