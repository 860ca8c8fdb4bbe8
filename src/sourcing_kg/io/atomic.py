"""Writing files and directories atomically: build beside the target, then rename.

A reader (or a crash) never sees a half-written file: either the old content or the new. This
is the one writer of the project; every command that writes a file or a directory goes through
it, so that every output keeps the target's permissions and leaves no temporary file behind.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from sourcing_kg.core.errors import UsageError


@contextlib.contextmanager
def atomic_writer(target: Path, *, encoding: str = "utf-8") -> Iterator[IO[str]]:
    """Open a temporary text file next to ``target``; on success it replaces ``target``.

    If the block raises, the temporary file is removed and ``target`` is untouched.
    An existing target keeps its permission bits.

    Example:
        >>> import tempfile, pathlib
        >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
        >>> with atomic_writer(target) as handle:
        ...     _ = handle.write("hello")
        >>> target.read_text()
        'hello'
    """
    with _temporary_beside(target) as fd, os.fdopen(fd, "w", encoding=encoding, newline="") as out:
        yield out
        out.flush()
        os.fsync(out.fileno())


def write_bytes_atomically(target: Path, data: bytes, *, replace: bool = True) -> None:
    """Replace ``target`` with ``data`` in one step (see :func:`atomic_writer`).

    With ``replace=False`` the file is only created: an existing ``target`` (even one that
    appears while the data are written) is never touched, and :class:`FileExistsError` is
    raised.

    Example:
        >>> import tempfile, pathlib
        >>> target = pathlib.Path(tempfile.mkdtemp()) / "new.txt"
        >>> write_bytes_atomically(target, b"one", replace=False)
        >>> write_bytes_atomically(target, b"two", replace=False)
        Traceback (most recent call last):
        ...
        FileExistsError: ...
        >>> target.read_bytes()
        b'one'
    """
    if not replace and Path(target).exists():
        raise FileExistsError(errno.EEXIST, "file exists", str(target))
    with _temporary_beside(target, replace=replace) as fd, os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


@contextlib.contextmanager
def atomic_descriptor(target: Path) -> Iterator[int]:
    """The descriptor of a temporary file next to ``target``, open for writing bytes, that
    replaces ``target`` (synced to disk) when the block succeeds: for a writer that works in
    a forked process (the descriptor is inherited) or a part at a time. If the block raises
    (a killed worker, an interrupt; the command line turns SIGTERM into an exception too),
    ``target`` is untouched and the temporary file removed. A SIGKILL leaves it behind.

    Example:
        >>> import tempfile, pathlib
        >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.json"
        >>> with atomic_descriptor(target) as fd:
        ...     _ = os.write(fd, b"{}")
        >>> target.read_bytes(), len(list(target.parent.iterdir()))
        (b'{}', 1)
    """
    with _temporary_beside(target) as fd:
        try:
            yield fd
            os.fsync(fd)
        finally:
            os.close(fd)


def write_text_atomically(target: Path, text: str, *, encoding: str = "utf-8") -> None:
    """Replace ``target`` with ``text`` in one step (see :func:`atomic_writer`)."""
    with atomic_writer(target, encoding=encoding) as handle:
        handle.write(text)


@contextlib.contextmanager
def exclusive(path: Path) -> Iterator[None]:
    """Hold the file ``path`` for one read-modify-replace; a second writer refuses at once.

    The lock (``flock``) is on the file itself, so nothing is left behind; after taking it the
    path is checked to still name the locked file (an earlier writer may have renamed a new
    one into place while this one waited to open it).

    Raises:
        UsageError: another run holds the file, or replaced it meanwhile.
    """
    if sys.platform == "win32":  # pragma: no cover - no flock; writes stay atomic
        yield
        return
    import fcntl

    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        yield  # the reader reports the file's problem itself
        return
    busy = UsageError(f"{path} is being changed by another sourcing-kg run; try again after it")
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise busy from None
        if os.fstat(fd).st_ino != os.stat(path).st_ino:
            raise busy
        yield
    finally:
        os.close(fd)


@contextlib.contextmanager
def _temporary_beside(target: Path, *, replace: bool = True) -> Iterator[int]:
    """The descriptor of a fresh file next to ``target``, renamed over it when the block
    succeeds (the block owns the descriptor and closes it). Without ``replace`` it is linked
    to ``target`` instead, which fails if ``target`` exists by then."""
    target = Path(target)
    directory = target.parent if str(target.parent) else Path(".")
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    temporary = Path(name)
    try:
        yield fd
        if not replace:
            os.link(temporary, target)  # atomic, and never over an existing file
            temporary.unlink()
            return
        if target.exists():
            os.chmod(temporary, target.stat().st_mode & 0o7777)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise


def _refuse_replacing(target: Path, marker: str | None) -> None:
    """A directory is replaced only if a previous build of ours (``marker``) is in it, never
    the current directory, one of its parents or the home directory."""
    cwd = Path.cwd().resolve()
    if target == cwd or target in cwd.parents or target == Path.home().resolve():
        raise UsageError(f"refusing to replace {target}: it holds the current or home directory")
    if not target.is_dir() or not any(target.iterdir()):
        return
    if marker is None or not (target / marker).is_file():
        raise UsageError(
            f"refusing to replace {target}: it is not empty and holds no previous build "
            f"(no {marker or 'marker'} file); choose a new or empty directory"
        )


@contextlib.contextmanager
def atomic_directory(target: Path, *, marker: str | None = None) -> Iterator[Path]:
    """A staging directory beside ``target``, put in ``target``'s place when the block succeeds.

    An existing ``target`` is moved aside first and removed only once the new one is in place,
    so that a reader never sees half a directory and a failure leaves the old one as it was.
    A non-empty ``target`` is replaced only when it holds the file ``marker`` (which the new
    build gets too): a directory this writer did not make is never deleted.

    Example:
        >>> import tempfile, pathlib
        >>> target = pathlib.Path(tempfile.mkdtemp()) / "site"
        >>> with atomic_directory(target) as staging:
        ...     _ = (staging / "index.html").write_text("<p>hi</p>")
        >>> sorted(p.name for p in target.iterdir())
        ['index.html']
    """
    target = Path(target).resolve()
    _refuse_replacing(target, marker)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    try:
        yield staging
        if marker is not None:
            (staging / marker).write_text("built by sourcing-kg; replaced by the next build\n")
        os.chmod(staging, 0o755)
        _swap_in(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _swap_in(new: Path, target: Path) -> None:
    if not target.exists():
        os.rename(new, target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
    os.rmdir(old)
    os.rename(target, old)
    try:
        os.rename(new, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.rename(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)
