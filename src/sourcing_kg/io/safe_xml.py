"""Reading untrusted XML (ArchiMate files): bounded, without DTDs or entities, with line numbers.

Two passes over the bytes, both refusing anything that could reach outside the document:

1. :mod:`defusedxml` (expat) with DTDs, entities and external references forbidden, so that
   a ``<!DOCTYPE`` of any kind is refused before lxml sees the file;
2. :mod:`lxml` with ``resolve_entities=False, no_network=True, load_dtd=False``, which keeps
   the line of every element (``sourceline``) for the error messages of the readers.

Files larger than :data:`~sourcing_kg.io.rdf_files.MAX_FILE_BYTES` (the limit of RDF inputs)
are refused before they are read.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import ParseError as ExpatParseError

import defusedxml.ElementTree
from defusedxml import DefusedXmlException
from lxml import etree

from sourcing_kg.core.errors import InputError
from sourcing_kg.io.limits import MAX_FILE_BYTES, read_bounded

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"


def hardened_parser() -> etree.XMLParser:
    """An lxml parser that never loads a DTD, expands an entity or touches the network."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def refuse_dtd(data: bytes, *, path: Path | str) -> None:
    """The first pass, shared with RDF/XML input: expat with DTDs, entities and external
    references forbidden, so that no entity of any kind is ever expanded.

    Raises:
        InputError: a DTD or entity, or XML that is not well formed (with its line).
    """
    try:
        defusedxml.ElementTree.fromstring(
            data, forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except DefusedXmlException as error:
        raise InputError(
            f"XML document type declarations and entities are refused ({type(error).__name__})",
            path=path,
        ) from error
    except ExpatParseError as error:
        line = error.position[0] if getattr(error, "position", None) else None
        raise InputError(f"XML error: {error.msg}", path=path, line=line) from error


def read_untrusted_xml(path: Path) -> etree._ElementTree:
    """Parse one XML file that nobody vouches for.

    Raises:
        InputError: unreadable, larger than the limit, with a DTD or entity, or not well formed;
            names the file and, for syntax errors, the line.
    """
    data = read_bounded(path)
    return parse_untrusted_xml(data, path=path)


def parse_untrusted_xml(data: bytes, *, path: Path | str) -> etree._ElementTree:
    """:func:`read_untrusted_xml` for bytes already in memory; ``path`` names them in errors."""
    if len(data) > MAX_FILE_BYTES:
        raise InputError(
            f"document of {len(data):,} bytes exceeds the limit of {MAX_FILE_BYTES:,} bytes",
            path=path,
        )
    refuse_dtd(data, path=path)
    try:
        root = etree.fromstring(data, hardened_parser())
    except etree.XMLSyntaxError as error:
        raise InputError(f"XML error: {error.msg}", path=path, line=error.lineno) from error
    tree: etree._ElementTree = root.getroottree()
    if tree.docinfo.doctype:  # cannot pass the first step; kept as a second lock
        raise InputError("XML document type declarations are refused", path=path)
    return tree
