"""Exit codes and the errors that map onto them.

"Does not conform" (1) is kept apart from "could not run" (2-5), so that a pipeline can tell a
dossier with findings from a checker that never looked at it.
"""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path


class ExitCode(IntEnum):
    """Process exit codes of the ``sourcing-kg`` command (documented in the README)."""

    OK = 0
    FINDINGS = 1
    USAGE = 2
    INPUT = 3
    ENDPOINT = 4
    INTERNAL = 5
    DEADLINE = 6


class SourcingKGError(Exception):
    """Base class of every error the command line reports without a traceback."""

    exit_code: ExitCode = ExitCode.INTERNAL


class UsageError(SourcingKGError):
    """The command was called wrongly (bad option value, missing argument)."""

    exit_code = ExitCode.USAGE


class InputError(SourcingKGError):
    """A file could not be read or parsed; names the file and, where known, the line.

    Example:
        >>> str(InputError("unexpected token", path=Path("d.ttl"), line=3))
        'd.ttl:3: unexpected token'
    """

    exit_code = ExitCode.INPUT

    def __init__(self, message: str, *, path: Path | str | None = None, line: int | None = None):
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = self.path or ""
        if self.path and self.line is not None:
            where = f"{self.path}:{self.line}"
        return f"{where}: {self.message}" if where else self.message


class EndpointError(SourcingKGError):
    """A SPARQL endpoint could not be reached or answered with an error."""

    exit_code = ExitCode.ENDPOINT
