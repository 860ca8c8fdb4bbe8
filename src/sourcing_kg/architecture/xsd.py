"""Validation against the Open Group's XSD 3.1 of the exchange format, with libxml2 (lxml).

The schema files are the project's copy (``mappings/archimate/xsd/``, MIT notice beside them).
``archimate3_Model.xsd`` imports the XML namespace from the W3C's site and an exchange file's
``<metadata>`` may hold Dublin Core elements; both locations are mapped onto the small local
schemas there, and every other location is refused: validation never touches the network.

libxml2 rather than the pure-Python ``xmlschema``: both accept every real model in
shared/reference, but libxml2 takes 0.2 s where ``xmlschema`` takes 48 s on the 2 MB GEMMA
model (docs/adr/0007-archimate.md). The tests check the export with ``xmlschema`` as well.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from lxml import etree

from sourcing_kg.core.errors import InputError
from sourcing_kg.core.resources import archimate_dir
from sourcing_kg.io.safe_xml import hardened_parser

#: Schema locations the XSDs (or an instance) name, and the local file that stands in.
LOCAL_SCHEMAS = {
    "http://www.w3.org/2001/xml.xsd": "xml.xsd",
    "http://www.w3.org/2001/03/xml.xsd": "xml.xsd",
    "http://www.w3.org/XML/1998/namespace": "xml.xsd",
}
DUBLIN_CORE = "http://purl.org/dc/elements/1.1/"


def xsd_dir() -> Path:
    return archimate_dir() / "xsd"


class _LocalOnly(etree.Resolver):
    """Resolves the known remote locations to local files; refuses anything outside xsd_dir."""

    def resolve(self, system_url: str | None, public_id: str | None, context: object) -> Any:
        directory = xsd_dir().resolve()
        if system_url is None:
            raise InputError("a schema without a location is not one of the local XSD files")
        if system_url in LOCAL_SCHEMAS:
            return self.resolve_filename(str(directory / LOCAL_SCHEMAS[system_url]), context)
        local = Path(system_url.removeprefix("file://"))
        if local.is_absolute() and local.resolve().parent == directory:
            return None  # one of ours: let libxml2 read it
        raise InputError(f"schema location {system_url!r} is not one of the local XSD files")


@lru_cache(maxsize=1)
def exchange_schema() -> etree.XMLSchema:
    """The exchange format's schema (``archimate3_Diagram.xsd``, which includes View and Model)
    together with Dublin Core, compiled once."""
    directory = xsd_dir().resolve()
    wrapper = (
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">'
        '<xs:import namespace="http://www.opengroup.org/xsd/archimate/3.0/" '
        f'schemaLocation="{(directory / "archimate3_Diagram.xsd").as_uri()}"/>'
        f'<xs:import namespace="{DUBLIN_CORE}" '
        f'schemaLocation="{(directory / "dc.xsd").as_uri()}"/>'
        "</xs:schema>"
    )
    parser = hardened_parser()
    parser.resolvers.add(_LocalOnly())
    document = etree.fromstring(
        wrapper.encode(), parser, base_url=(directory / "wrapper.xsd").as_uri()
    )
    return etree.XMLSchema(etree.ElementTree(document))


def validate_exchange(tree: etree._ElementTree, path: Path | str) -> None:
    """Raise InputError with the first XSD error (line and message) if the tree is invalid."""
    schema = exchange_schema()
    if schema.validate(tree):
        return
    errors = list(schema.error_log)
    first = errors[0]
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    raise InputError(
        f"not valid against the ArchiMate 3.1 exchange-format XSD: {first.message}{more}",
        path=path,
        line=first.line or None,
    )
