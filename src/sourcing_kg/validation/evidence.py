"""Evidence: the documents deliverables point to, looked up under an evidence root.

A deliverable may point to its document with ``sk:document`` (a URL, or a path relative to an
evidence root) and state its SPDX checksum (``spdx:checksum [ spdx:algorithm
spdx:checksumAlgorithm_sha256 ; spdx:checksumValue "…" ]``). With ``validate --evidence-root
DIR`` the checker looks each document up and records what it found as **facts**, one
``sk:Bewijscontrole`` node per deliverable and document (``ontology/bewijs.ttl``): found or
not, and the SHA-256 it computed. The shapes in ``shapes/dossier/bewijs.ttl`` judge those
facts, so the rules (BEWIJS-DOCUMENT, BEWIJS-PAD, BEWIJS-CHECKSUM, ...) stay SHACL and their
findings are ordinary findings. The fact nodes have IRIs in the project's namespace
(:data:`FACTS`), which no input can describe (the scope refuses such triples as INT-TERM), and
the shapes only believe facts with such IRIs.

What is looked up, and what is refused:

- a relative path (percent-decoded, as an ``xsd:anyURI`` relative reference) is resolved under
  the root, following symbolic links; it is used only if it stays under the root and is a
  regular file (``gevonden``), else it is ``ontbreekt`` (nothing there, a directory, a device,
  unreadable);
- an absolute path, a ``file:`` URL, a drive letter, a backslash or a NUL, and any path that
  leads outside the root (``..``, a symbolic link out) is ``geweigerd``: never opened;
- any other URL (``https:``, ...) is ``niet-lokaal``: the checker never uses the network.

Example:
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _ = (Path(folder) / "a.txt").write_bytes(b"test")
    ...     root = EvidenceRoot(Path(folder))
    ...     found = root.lookup("a.txt")
    ...     found.status, found.sha256[:8], root.lookup("../a.txt").status
    ('gevonden', '9f86d081', 'geweigerd')
    >>> EvidenceRoot(Path(".")).lookup("https://dms.example.org/x.pdf").status
    'niet-lokaal'
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from sourcing_kg.core.errors import UsageError
from sourcing_kg.core.namespaces import SK, SKID

#: The namespace of the checker's evidence facts (the shapes believe no other).
FACTS = Namespace(f"{SKID}controle/bewijs/")

FOUND = "gevonden"
MISSING = "ontbreekt"
REFUSED = "geweigerd"
REMOTE = "niet-lokaal"

#: A URI scheme of two or more characters (``C:`` is a drive letter, not a scheme).
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]+):")
_DRIVE = re.compile(r"^[A-Za-z]:")
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Lookup:
    """What looking up one document gave: its status and, when found, its SHA-256."""

    status: str
    sha256: str | None = None


class EvidenceRoot:
    """The folder relative documents are resolved under, and nothing outside it.

    Raises:
        UsageError: the folder does not exist or is not a directory.
    """

    def __init__(self, root: Path) -> None:
        if not root.is_dir():
            raise UsageError(f"--evidence-root {root}: not a directory")
        self.given = root
        self.root = Path(os.path.realpath(root))
        self._digests: dict[str, Lookup] = {}

    def lookup(self, document: str) -> Lookup:
        """Look one ``sk:document`` value up (see the module for what is refused)."""
        scheme = _SCHEME.match(document)
        if scheme:
            return Lookup(REFUSED if scheme.group(1).lower() == "file" else REMOTE)
        path = unquote(document)
        if (
            "\x00" in path
            or "\\" in path
            or path.startswith("/")
            or _DRIVE.match(path)
            or Path(path).is_absolute()
        ):
            return Lookup(REFUSED)
        real = os.path.realpath(self.root / path)
        if not Path(real).is_relative_to(self.root):
            return Lookup(REFUSED)
        if real not in self._digests:
            self._digests[real] = _digest(real)
        return self._digests[real]


def _digest(real: str) -> Lookup:
    """The SHA-256 of a regular file, opened without following a last-moment symbolic link."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(real, flags | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        # ELOOP: the last part became a symbolic link after it was resolved
        return Lookup(REFUSED if error.errno == getattr(os, "ELOOP", -1) else MISSING)
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):  # a directory, a FIFO, a device
        os.close(descriptor)
        return Lookup(MISSING)
    with os.fdopen(descriptor, "rb") as handle:
        digest = hashlib.sha256()
        try:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
        except OSError:
            return Lookup(MISSING)
    return Lookup(FOUND, digest.hexdigest())


def fact_node(result: Node, document: Node) -> URIRef:
    """The IRI of the fact about one deliverable and one of its documents (stable in a run)."""
    key = hashlib.sha256(f"{result.n3()}\n{document.n3()}".encode()).hexdigest()[:32]
    return FACTS[key]


def evidence_facts(data: Graph, root: EvidenceRoot) -> Graph:
    """One ``sk:Bewijscontrole`` node per ``sk:document`` of ``data`` (see the module)."""
    facts = Graph()
    for result, document in data.subject_objects(SK.document):
        if not isinstance(document, (Literal, URIRef)):
            continue
        found = root.lookup(str(document))
        node = fact_node(result, document)
        facts.add((node, RDF.type, SK.Bewijscontrole))
        facts.add((node, SK.gecontroleerdResultaat, result))
        facts.add((node, SK.gecontroleerdDocument, document))
        facts.add((node, SK.bewijsstatus, Literal(found.status)))
        if found.sha256 is not None:
            facts.add((node, SK.berekendeChecksum, Literal(found.sha256)))
    return facts
