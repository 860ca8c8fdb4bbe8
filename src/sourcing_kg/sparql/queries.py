"""The catalogue of SPARQL analyses (``queries/*.rq``) and their headers.

Every analysis is one ``.rq`` file whose leading comment lines form a header::

    # id: leverancier-concentratie
    # title@nl: Concentratie per directe leverancier
    # title@en: Concentration per direct supplier
    # question: ...
    # param: peildatum xsd:date default=today The reference date
    # rule: principe:2.7 bron:par-4.8
    # result: ?leverancier ?diensten

Parameters are SPARQL variables of the query; :func:`parse_parameters` turns the text a user
gives into RDF terms, which the store binds (never pasted into the query text).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.term import Identifier

from sourcing_kg.core.errors import InputError, UsageError
from sourcing_kg.core.namespaces import XSD
from sourcing_kg.core.resources import query_files

PARAMETER_TYPES = {
    "iri": None,
    "xsd:date": XSD.date,
    "xsd:integer": XSD.integer,
    "xsd:decimal": XSD.decimal,
    "xsd:string": XSD.string,
}
_HEADER = re.compile(r"^#\s*([a-z]+(?:@[a-z]{2})?)\s*:\s*(.*?)\s*$")
_PARAM = re.compile(r"^(\w+)\s+(\S+)\s+(required|default=\S+)\s*(.*)$")
_IRI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|^`\\]*$")


@dataclass(frozen=True)
class Parameter:
    """One parameter of an analysis: a variable of the query bound to a term the user gives."""

    name: str
    type: str
    default: str | None = None
    description: str = ""

    @property
    def required(self) -> bool:
        return self.default is None


@dataclass(frozen=True)
class Analysis:
    """One query with its header; ``id`` is the file name without ``.rq`` for user files."""

    id: str
    path: Path
    text: str
    titles: dict[str, str] = field(default_factory=dict)
    question: str = ""
    parameters: tuple[Parameter, ...] = ()
    rules: tuple[str, ...] = ()
    result: tuple[str, ...] = ()

    def title(self, lang: str = "nl") -> str:
        return self.titles.get(lang) or next(iter(self.titles.values()), self.id)


def read_analysis(path: Path) -> Analysis:
    """Read one ``.rq`` file and its header (a file without a header is allowed)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read query: {error}", path=path) from error
    fields: dict[str, str] = {}
    params: list[Parameter] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            break
        match = _HEADER.match(line)
        if not match:
            continue
        key, value = match.groups()
        if key == "param":
            pm = _PARAM.match(value)
            if not pm or pm.group(2) not in PARAMETER_TYPES:
                raise InputError(f"bad parameter declaration {value!r}", path=path, line=number)
            name, kind, req, description = pm.groups()
            default = None if req == "required" else req.removeprefix("default=")
            params.append(Parameter(name, kind, default, description))
        else:
            fields[key] = value
    titles = {k.split("@", 1)[1]: v for k, v in fields.items() if k.startswith("title@")}
    return Analysis(
        id=fields.get("id", path.stem),
        path=path,
        text=text,
        titles=titles,
        question=fields.get("question", ""),
        parameters=tuple(params),
        rules=tuple(fields.get("rule", "").split()),
        result=tuple(v.lstrip("?") for v in fields.get("result", "").split()),
    )


def catalogue() -> dict[str, Analysis]:
    """Every analysis shipped with the project, by id, in file order."""
    analyses = [read_analysis(path) for path in query_files()]
    return {analysis.id: analysis for analysis in analyses}


def find_analysis(id_or_file: str) -> Analysis:
    """An analysis by id, or a user's query file by path."""
    known = catalogue()
    if id_or_file in known:
        return known[id_or_file]
    path = Path(id_or_file)
    if path.suffix in {".rq", ".sparql"} or path.exists():
        if not path.exists():
            raise InputError("no such file", path=path)
        return read_analysis(path)
    raise UsageError(f"unknown analysis {id_or_file!r} (see `sourcing-kg queries`)")


def parse_term(value: str, kind: str | None) -> Identifier:
    """The RDF term a parameter value stands for, checked against its declared type.

    Example:
        >>> parse_term("2026-01-31", "xsd:date").n3()
        '"2026-01-31"^^<http://www.w3.org/2001/XMLSchema#date>'
    """
    if kind is None:  # a user's query without a header: guess from the shape of the value
        if value.startswith("<") and value.endswith(">"):
            kind = "iri"
        elif re.fullmatch(r"-?\d+", value):
            kind = "xsd:integer"
        elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            kind = "xsd:date"
        else:
            kind = "xsd:string"
    if kind == "iri":
        iri = value[1:-1] if value.startswith("<") and value.endswith(">") else value
        if not _IRI.match(iri):
            raise UsageError(f"not an absolute IRI: {value!r}")
        return URIRef(iri)
    if kind == "xsd:date" and value == "today":
        return Literal(dt.date.today().isoformat(), datatype=XSD.date)
    literal = Literal(value, datatype=PARAMETER_TYPES[kind])
    if literal.ill_typed:
        raise UsageError(f"{value!r} is not a valid {kind}")
    return literal


def parse_parameters(analysis: Analysis, given: dict[str, str]) -> dict[str, Identifier]:
    """Terms for every declared parameter (given or default); unknown or missing ones refused."""
    declared = {p.name: p for p in analysis.parameters}
    if declared:
        unknown = sorted(set(given) - set(declared))
        if unknown:
            raise UsageError(f"{analysis.id} has no parameter {', '.join(unknown)}")
    bindings: dict[str, Identifier] = {}
    for name, parameter in declared.items():
        value = given.get(name, parameter.default)
        if value is None:
            raise UsageError(f"{analysis.id} needs --param {name}=... ({parameter.description})")
        bindings[name] = parse_term(value, parameter.type)
    for name, value in given.items():
        if name not in declared:
            if not re.fullmatch(r"[A-Za-z_]\w*", name):
                raise UsageError(f"not a variable name: {name!r}")
            bindings[name] = parse_term(value, None)
    return bindings
