"""SPARQL queries as data files: one ``.rq`` per query, with one header format for all.

The analyses in ``queries/*.rq`` and the library's own queries in ``queries/intern/*.rq`` start
with the same header of comment lines::

    # id: leverancier-concentratie
    # title@nl: Concentratie per directe leverancier
    # title@en: Concentration per direct supplier
    # question: ...             (a line starting with "#" and two spaces continues a field)
    # param: peildatum xsd:date default=today The reference date
    # known: leverancier sk:Leverancier org:Organization   (optional: an IRI parameter must
    #        name an instance of one of these classes in the data; repeatable)
    # rule: principe:2.7 bron:par-4.8
    # used-by: sourcing-kg status   (optional: which command runs an internal query)
    # result: ?leverancier ?diensten

Parameters are variables of the query; :mod:`sourcing_kg.sparql.binding` turns the text a user
gives into RDF terms and binds them (never pasted into the query text).

Example:
    >>> query = internal_query("afweging_doelen")
    >>> query.id, [p.name for p in query.parameters]
    ('intern/afweging_doelen', ['lang'])
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from sourcing_kg.core.errors import InputError
from sourcing_kg.core.resources import internal_query_file

#: The declared types of parameters: ``iri`` or an XSD datatype.
PARAMETER_TYPES = ("iri", "xsd:date", "xsd:integer", "xsd:decimal", "xsd:string")
_FIELD = re.compile(r"^#\s?([a-z-]+(?:@[a-z]{2})?)\s*:\s*(.*?)\s*$")
_CONTINUATION = re.compile(r"^#\s{2,}(\S.*?)\s*$")
_PARAM = re.compile(r"^(\w+)\s+(\S+)\s+(required|default=\S+)\s*(.*)$")


@dataclass(frozen=True)
class Parameter:
    """One parameter of a query: a variable bound to a term the caller gives."""

    name: str
    type: str
    default: str | None = None
    description: str = ""

    @property
    def required(self) -> bool:
        return self.default is None


@dataclass(frozen=True)
class QueryFile:
    """One query with its header; ``id`` is the file name without ``.rq`` when it has none."""

    id: str
    path: Path
    text: str
    titles: dict[str, str] = field(default_factory=dict)
    question: str = ""
    parameters: tuple[Parameter, ...] = ()
    rules: tuple[str, ...] = ()
    result: tuple[str, ...] = ()
    used_by: str = ""
    #: per IRI parameter, the classes (CURIEs) of which the data must hold it (``# known:``)
    known: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def declares_parameters(self) -> bool:
        """Whether the header speaks for every parameter (a project query, or a user's query
        with a header): then a parameter it does not declare is a mistake."""
        return bool(self.titles or self.result or self.parameters)

    def title(self, lang: str = "nl") -> str:
        return self.titles.get(lang) or next(iter(self.titles.values()), self.id)


def read_query(path: Path) -> QueryFile:
    """Read one ``.rq`` file and its header (a file without a header is allowed).

    Raises:
        InputError: the file is unreadable or a parameter declaration is malformed.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read query: {error}", path=path) from error
    fields: dict[str, str] = {}
    params: list[Parameter] = []
    known: dict[str, tuple[str, ...]] = {}
    last: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            break
        continued = _CONTINUATION.match(line)
        if continued and last is not None and last != "param":
            fields[last] = f"{fields[last]} {continued.group(1)}".strip()
            continue
        match = _FIELD.match(line)
        if not match:
            last = None
            continue
        key, value = match.groups()
        last = key
        if key == "param":
            declared = _PARAM.match(value)
            if not declared or declared.group(2) not in PARAMETER_TYPES:
                raise InputError(f"bad parameter declaration {value!r}", path=path, line=number)
            name, kind, req, description = declared.groups()
            default = None if req == "required" else req.removeprefix("default=")
            params.append(Parameter(name, kind, default, description))
        elif key == "known":
            name, *classes = value.split()
            if not classes:
                raise InputError(f"bad known declaration {value!r}", path=path, line=number)
            known[name] = tuple(classes)
        else:
            fields[key] = value
    return QueryFile(
        id=fields.get("id", path.stem),
        path=path,
        text=text,
        titles={k.split("@", 1)[1]: v for k, v in fields.items() if k.startswith("title@")},
        question=fields.get("question", ""),
        parameters=tuple(params),
        rules=tuple(fields.get("rule", "").split()),
        result=tuple(v.lstrip("?") for v in fields.get("result", "").split()),
        used_by=fields.get("used-by", ""),
        known=known,
    )


@cache
def internal_query(name: str) -> QueryFile:
    """One of the library's own queries, ``queries/intern/<name>.rq``."""
    return read_query(internal_query_file(name))
