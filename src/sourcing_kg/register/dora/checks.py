"""Checking the filled templates: the package's own structure and the EBA's DPM-XL rules.

Two kinds of check, each with an id, a status and a reason:

* the structure the master template sets (mapping data, ``b_xx.xx.json``): every value of a
  closed list is in its list (``RoI-LIST``), dates, natural numbers, amounts and code types have
  their form (``RoI-TYPE``), LEIs have the ISO 17442 form and check digits (``RoI-LEI``: the LEI
  columns and every identification code whose type of code says ``LEI``), row keys are filled and
  unique (``RoI-KEY``) and references between templates resolve (``RoI-REF``);
* the EBA validation rules, DPM-XL expressions read from a rules file (``rule_id``, ``tables``,
  ``dpm_xl_expression``, tab separated), evaluated with the ``dpm-xl`` evaluator over the
  tables written. A rule on a template not written is ``not applicable``; a rule that names a
  column the master template's layout lacks (the rules come from a later taxonomy release than
  the dry-run template) is ``not evaluable``, with the columns it names.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import Enum
from pathlib import Path
from typing import Any

from sourcing_kg.core.errors import InputError
from sourcing_kg.register.dora.build import Table
from sourcing_kg.register.dora.layout import closed_lists


class Status(Enum):
    PASSED = "passed"
    FAILED = "failed"
    NOT_APPLICABLE = "not applicable"
    NOT_EVALUABLE = "not evaluable"


@dataclass
class Check:
    """The outcome of one rule: where it failed (template, row key, column)."""

    id: str
    kind: str
    templates: tuple[str, ...]
    status: Status
    reason: str = ""
    failures: list[str] = field(default_factory=list)
    expression: str | None = None


@dataclass(frozen=True)
class EbaRule:
    id: str
    tables: tuple[str, ...]
    expression: str


_LEI = re.compile(r"^[A-Z0-9]{18}[0-9]{2}$")
_CODE_TYPE = re.compile(r"^(LEI|[A-Z]{2}_(CRN|VAT|PNR|NIN))$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NATURAL = re.compile(r"^\d+$")
_FUNCTION = re.compile(r"^F\d+$")


def read_eba_rules(path: Path) -> list[EbaRule]:
    """The rules file: a header ``rule_id, tables, dpm_xl_expression``, one rule per line."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle, delimiter="\t")
            missing = {"rule_id", "tables", "dpm_xl_expression"} - set(reader.fieldnames or [])
            if missing:
                raise InputError(
                    f"rules file lacks the column(s) {', '.join(sorted(missing))}",
                    path=path,
                    line=1,
                )
            rules = []
            for number, row in enumerate(reader, start=2):
                if not (row.get("rule_id") or "").strip():
                    raise InputError("rule without rule_id", path=path, line=number)
                tables = tuple(
                    t.strip().removeprefix("t")
                    for t in (row["tables"] or "").split(",")
                    if t.strip()
                )
                rules.append(
                    EbaRule(
                        row["rule_id"].strip(), tables, (row["dpm_xl_expression"] or "").strip()
                    )
                )
            return rules
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read rules file: {error}", path=path) from error


# ----------------------------------------------------------------------------- structure


def lei_ok(value: str) -> bool:
    """ISO 17442: 18 upper-case letters or digits and 2 check digits (ISO 7064 MOD 97-10).

    Example:
        >>> lei_ok("5493001KJTIIGC8Y1R12"), lei_ok("5493001KJTIIGC8Y1R13")
        (True, False)
    """
    if not _LEI.match(value):
        return False
    return int("".join(str(int(c, 36)) for c in value)) % 97 == 1


def _form_ok(type_: str, pattern: str | None, value: str) -> bool:
    if pattern == "LEI":
        return bool(_LEI.match(value))
    if pattern == "CODE-TYPE":
        return bool(_CODE_TYPE.match(value))
    if type_ == "Date":
        return bool(_DATE.match(value))
    if type_ == "Natural number":
        return bool(_NATURAL.match(value))
    if type_ == "Monetary":
        try:
            Decimal(value)
        except InvalidOperation:
            return False
        return True
    if type_ == "Pattern" and value.startswith("F"):
        return bool(_FUNCTION.match(value))
    return True


def structure_checks(tables: Mapping[str, Table]) -> list[Check]:
    """The project's checks of the master template's structure (ids ``RoI-*``)."""
    lists = closed_lists()
    checks: list[Check] = []
    for code, table in tables.items():
        template = table.template
        values, forms, leis = [], [], []
        for row in table.rows:
            key = table.key_of(row)
            for column in template.columns:
                value = row.get(column.code, "")
                if not value:
                    continue
                where = f"{key} {column.code}={value}"
                if column.list and value not in lists.get(column.list, {}):
                    values.append(where)
                if column.pattern == "LEI" and not lei_ok(value):
                    leis.append(where)
                elif not _form_ok(column.type, column.pattern, value):
                    forms.append(where)
                if column.type_of and value == "LEI":
                    code_value = row.get(column.type_of, "")
                    if code_value and not lei_ok(code_value):
                        leis.append(f"{key} {column.type_of}={code_value}")
        checks.append(
            _outcome("RoI-LIST", (code,), values, "values of closed lists are in the list")
        )
        checks.append(_outcome("RoI-TYPE", (code,), forms, "dates, numbers and code types in form"))
        checks.append(
            _outcome("RoI-LEI", (code,), leis, "LEIs: 18 characters, 2 check digits (ISO 17442)")
        )
        # a key column that is conditional (b_05.02.0060: not for rank 1) may be empty
        needed = [c for c in template.key if template.column(c).required == "always"]
        empty = [
            f"row {n}"
            for n, row in enumerate(table.rows, start=1)
            if any(not row.get(c) for c in needed)
        ]
        seen: dict[tuple[str, ...], int] = {}
        doubles = []
        for row in table.rows:
            key_values = tuple(row.get(c, "") for c in template.key)
            if all(row.get(c) for c in needed):
                seen[key_values] = seen.get(key_values, 0) + 1
                if seen[key_values] == 2:
                    doubles.append(" | ".join(key_values))
        checks.append(
            _outcome(
                "RoI-KEY",
                (code,),
                [*(f"{e}: key empty" for e in empty), *(f"{d}: twice" for d in doubles)],
                f"key ({', '.join(template.key)}) filled and unique",
            )
        )
        for reference in template.references:
            target = tables.get(reference.template)
            if target is None:
                checks.append(
                    Check(
                        "RoI-REF",
                        "structure",
                        (code, reference.template),
                        Status.NOT_APPLICABLE,
                        f"{reference.template} is not written",
                    )
                )
                continue
            known = {tuple(r.get(c, "") for c in reference.target) for r in target.rows}
            dangling = []
            for row in table.rows:
                ref = tuple(row.get(c, "") for c in reference.columns)
                if all(ref) and ref not in known:
                    dangling.append(f"{table.key_of(row)}: {' | '.join(ref)}")
            checks.append(
                _outcome(
                    "RoI-REF",
                    (code, reference.template),
                    dangling,
                    f"{code} ({', '.join(reference.columns)}) is a row of {reference.template} "
                    f"({', '.join(reference.target)})",
                )
            )
    return checks


def _outcome(rule: str, templates: tuple[str, ...], failures: list[str], what: str) -> Check:
    status = Status.FAILED if failures else Status.PASSED
    return Check(rule, "structure", templates, status, what, failures)


# ----------------------------------------------------------------------------- EBA rules


def _provider(tables: Mapping[str, Table]) -> tuple[Any, dict[str, Any]]:
    from dpmxl import MemoryProvider, Number, TableLayout

    layouts: dict[str, Any] = {}
    values: dict[Any, Any] = {}
    for code, table in tables.items():
        columns = tuple(c.code.removeprefix("c") for c in table.template.columns)
        layouts[code] = TableLayout(code, columns=columns, open_keys=("row",), open_axes=("rows",))
        types = {c.code: c.type for c in table.template.columns}
        for number, row in enumerate(table.rows, start=1):
            for column, value in row.items():
                if not value:
                    continue
                cell: Any = value
                if types[column] in {"Monetary", "Natural number"}:
                    try:
                        cell = Number.of(Decimal(value), 0)
                    except (InvalidOperation, ValueError):
                        cell = value
                values[(code, None, column.removeprefix("c"), None, (("row", number),))] = cell
    provider = MemoryProvider(list(layouts.values()), values, reported=list(tables))
    return provider, layouts


def eba_checks(rules: Iterable[EbaRule], tables: Mapping[str, Table]) -> list[Check]:
    """Evaluate each EBA rule over the written tables (see the module docstring)."""
    provider, layouts = _provider(tables)
    return [_eba_check(rule, tables, provider, layouts) for rule in rules]


def _eba_check(
    rule: EbaRule, tables: Mapping[str, Table], provider: Any, layouts: Mapping[str, Any]
) -> Check:
    """One EBA rule's outcome: not applicable, not evaluable (and why), failed or passed."""
    from dpmxl import DpmXlSyntaxError, diagnose, evaluate_rule

    def outcome(status: Status, reason: str = "", failures: list[str] | None = None) -> Check:
        return Check(rule.id, "EBA", rule.tables, status, reason, failures or [], rule.expression)

    missing = [t for t in rule.tables if t not in tables]
    if missing:
        return outcome(Status.NOT_APPLICABLE, f"template {', '.join(missing)} is not written")
    try:
        problems = [
            d for d in diagnose(rule.expression, layouts.get) if d.severity in {"error", "warning"}
        ]
    except DpmXlSyntaxError as error:
        return outcome(Status.NOT_EVALUABLE, f"syntax: {error}")
    if problems:
        reason = "; ".join(sorted({d.message.split(";")[0] for d in problems}))
        return outcome(Status.NOT_EVALUABLE, f"{reason} (the master template's layout)")
    result = evaluate_rule(rule.expression, provider)
    if result.status == "failed":
        failures = []
        for failure in result.failures:
            key = dict(failure.key)
            row = key.pop("row", None)
            table = tables[rule.tables[0]]
            where = table.key_of(table.rows[int(str(row)) - 1]) if row is not None else ""
            detail = ", ".join(f"c{v}" if k == "c" else f"{k}={v}" for k, v in key.items())
            failures.append(f"{where} {detail}".strip())
        return outcome(Status.FAILED, f"{result.counts.get('failed', 0)} failing", failures)
    if result.status in {"passed", "not_applicable"}:
        return outcome(
            Status.PASSED, "no row to check" if result.status == "not_applicable" else ""
        )
    return outcome(Status.NOT_EVALUABLE, f"evaluator: {result.status}")
