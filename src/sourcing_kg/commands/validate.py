"""``sourcing-kg validate PATH...``: check dossiers against the Handreiking's rules."""

from __future__ import annotations

import argparse
import codecs
import contextlib
import sys
import tempfile
from collections.abc import Iterator
from datetime import date
from functools import partial
from pathlib import Path
from typing import BinaryIO

from sourcing_kg.commands._options import add_as_of, add_inference, add_policy
from sourcing_kg.core.errors import ExitCode, UsageError
from sourcing_kg.core.processes import usable_cpus
from sourcing_kg.io.atomic import atomic_descriptor
from sourcing_kg.io.rdf_files import iter_rdf_files
from sourcing_kg.model.ontology import shared_ontology
from sourcing_kg.model.policy import load_policy
from sourcing_kg.render import FORMATS, NEUTRAL_FORMATS, write_report
from sourcing_kg.render.neutral import write_neutral
from sourcing_kg.sparql.backends import DEFAULT_TIMEOUT as ENDPOINT_TIMEOUT
from sourcing_kg.sparql.backends import EndpointBackend
from sourcing_kg.sparql.deadline import run_with_deadline
from sourcing_kg.validation.engine import validate_paths, validate_units
from sourcing_kg.validation.frameworks import FRAMEWORKS, filter_findings
from sourcing_kg.validation.report import Report, Severity
from sourcing_kg.validation.sources import units_from_endpoint, units_from_store

#: Bytes of the report copied to stdout at a time
STDOUT_BLOCK = 1 << 20
#: Deadline of one validation run (seconds); ``--timeout`` changes it.
DEFAULT_VALIDATION_TIMEOUT = 600.0

HELP = "validate sourcing dossiers (RDF files, a store or a SPARQL endpoint)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="files or directories")
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--store",
        type=Path,
        metavar="DIR",
        help="validate the dossiers of an on-disk store (one named graph each, as load fills it; "
        "opened read-only) instead of files",
    )
    where.add_argument(
        "--endpoint",
        metavar="URL",
        help="validate the dossiers of a SPARQL 1.1 endpoint (one named graph each; credentials "
        "from the environment) instead of files",
    )
    parser.add_argument(
        "--cache",
        type=Path,
        metavar="DIR",
        help="with --store: keep the findings of each graph here, so that the next run judges "
        "only the graphs load replaced (default: the user's cache directory)",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="with --store: judge every graph, neither reading nor writing the cache (after "
        "a store was changed by another tool than load)",
    )
    parser.add_argument("--format", choices=FORMATS, default="text", help="report format (text)")
    add_as_of(parser, "date at which time-based rules are judged (today)")
    parser.add_argument(
        "--fail-on",
        choices=("violation", "warning", "info"),
        default="violation",
        help="lowest severity that makes the exit code 1 (violation)",
    )
    parser.add_argument("--lang", choices=("nl", "en"), default="nl", help="message language (nl)")
    parser.add_argument("-o", "--output", type=Path, metavar="FILE", help="write the report here")
    add_policy(parser)
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_VALIDATION_TIMEOUT,
        metavar="SECONDS",
        help="deadline of the whole validation and its report, in a worker process stopped there "
        f"(exit 6; default {DEFAULT_VALIDATION_TIMEOUT:g}, 0 for none)",
    )
    parser.add_argument(
        "--shapes",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="extra SHACL shapes file (repeatable)",
    )
    add_inference(parser, "inference before validation (none)")
    parser.add_argument(
        "--evidence-root",
        type=Path,
        default=None,
        metavar="DIR",
        help="look up the deliverables' documents (sk:document) under DIR and check their "
        "SHA-256 (never outside DIR, never over the network)",
    )
    parser.add_argument(
        "--engine",
        choices=("fast", "pyshacl"),
        default="fast",
        help="fast: one query per rule over all dossiers (Oxigraph); pyshacl: the reference "
        "engine, one pySHACL run per dossier; both give the same findings (fast)",
    )
    parser.add_argument(
        "--jobs",
        type=_jobs,
        default=None,
        metavar="N",
        help="judge the dossiers in up to N processes, 100 dossiers or more each; the report is "
        "the same (default: the usable cores)",
    )
    parser.add_argument(
        "--framework",
        choices=FRAMEWORKS,
        default=None,
        help="keep only findings whose rule maps into DORA, the EBA guidelines or the BIO",
    )


def _jobs(text: str) -> int:
    try:
        jobs = int(text)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"expected a number of processes, 1 or more: {text!r}")
    return jobs


def _refuse_overwriting_inputs(output: Path, inputs: list[Path]) -> None:
    target = output.resolve()
    for path in inputs:
        if path.resolve() == target:
            raise UsageError(f"-o {output} would overwrite the input file {path}")


def _refuse_writing_evidence(output: Path, root: Path) -> None:
    if output.resolve().is_relative_to(root.resolve()):
        raise UsageError(f"-o {output} is inside the evidence root {root}: evidence is not written")


def run(args: argparse.Namespace) -> int:
    fail_on = Severity.parse(args.fail_on)
    sources = bool(args.paths) + (args.store is not None) + (args.endpoint is not None)
    if sources != 1:
        raise UsageError(
            "give the files or directories to validate (PATH...), or --store DIR, or "
            "--endpoint URL: exactly one of them"
        )
    if (args.cache is not None or args.no_cache) and args.store is None:
        raise UsageError("--cache and --no-cache apply to --store DIR only")
    if args.cache is not None and args.cache.exists() and not args.cache.is_dir():
        raise UsageError(f"--cache {args.cache}: not a directory")
    if args.evidence_root is not None and not args.evidence_root.is_dir():
        raise UsageError(f"--evidence-root {args.evidence_root}: not a directory")
    if args.output is not None:
        inputs = [*iter_rdf_files(args.paths), *args.shapes]
        if args.policy is not None:
            inputs.append(args.policy)
        _refuse_overwriting_inputs(args.output, inputs)
        if args.evidence_root is not None:
            _refuse_writing_evidence(args.output, args.evidence_root)
        if args.output.is_dir():
            raise UsageError(f"-o {args.output} is a directory")
        if not args.output.resolve().parent.is_dir():
            raise UsageError(f"-o {args.output}: the directory does not exist")
    if args.timeout < 0:
        raise UsageError("--timeout must be 0 (no deadline) or positive")
    policy = load_policy(args.policy)

    options = {
        "as_of": args.as_of or date.today(),
        "policy": policy,
        "extra_shapes": args.shapes,
        "inference": args.inference,
        "evidence_root": args.evidence_root,
        "engine": args.engine,
        "jobs": args.jobs or usable_cpus(),
    }

    def work() -> Report:
        if args.store is not None and args.evidence_root is None:  # documents are not hashed
            from sourcing_kg.validation.incremental import Settings, validate_store

            settings = Settings(
                as_of=options["as_of"],
                policy=policy,
                extra_shapes=args.shapes,
                inference=args.inference,
                engine=args.engine,
                jobs=options["jobs"],
            )
            return validate_store(
                args.store, settings=settings, cache=args.cache, use_cache=not args.no_cache
            )
        if args.store is not None:
            return validate_units(units_from_store(args.store), **options)
        if args.endpoint is not None:
            units = units_from_endpoint(EndpointBackend(args.endpoint), timeout=ENDPOINT_TIMEOUT)
            return validate_units(units, **options)
        return validate_paths(args.paths, **options)

    def rendered(fd: int) -> bool:
        # rendered where the run was made, straight into the output file, a part at a time:
        # neither the report nor its text crosses to this process (the text of 10,000 dossiers
        # as a str, pickled, and decoded again, was 3 GB beside the report)
        report = work()
        if args.framework is not None:
            report.findings = filter_findings(report.findings, args.framework)
        try:
            with open(fd, "wb", closefd=False) as out:
                write_report(report, args.format, out, lang=args.lang, fail_on=fail_on)
        except OSError as error:  # the disk is full, a file size limit
            where = f"-o {args.output}" if args.output else f"the report in {tempfile.gettempdir()}"
            raise UsageError(f"cannot write {where}: {error.strerror or error}") from error
        return report.conforms_at(fail_on)

    def judged(fd: int) -> bool:
        if not args.timeout:
            return rendered(fd)
        return run_with_deadline(partial(rendered, fd), args.timeout, isolate=True)

    shared_ontology()  # read by the worker and the renderer: parsed once, before the fork
    if args.output is not None:
        with _output_descriptor(args.output) as fd:
            conforms = judged(fd)
    else:
        with tempfile.TemporaryFile() as spool:
            conforms = judged(spool.fileno())
            spool.seek(0)
            _copy_to_stdout(spool, neutral=args.format in NEUTRAL_FORMATS)
    return int(ExitCode.OK if conforms else ExitCode.FINDINGS)


@contextlib.contextmanager
def _output_descriptor(output: Path) -> Iterator[int]:
    """:func:`atomic_descriptor` of ``-o``, whose own failures (not the run's) are the user's
    error: the directory cannot be written, the disk is full."""
    writing = atomic_descriptor(output)
    try:
        fd = writing.__enter__()
    except OSError as error:
        raise _cannot_write(output, error) from error
    try:
        yield fd
    except BaseException:
        writing.__exit__(*sys.exc_info())  # removes the temporary file, keeps -o as it was
        raise
    try:
        writing.__exit__(None, None, None)
    except OSError as error:
        raise _cannot_write(output, error) from error


def _cannot_write(output: Path, error: OSError) -> UsageError:
    return UsageError(f"cannot write -o {output}: {error.strerror or error}")


def _copy_to_stdout(spool: BinaryIO, *, neutral: bool) -> None:
    """The report in ``spool`` to stdout; a neutral format a block at a time, past the
    terminal's scan (:func:`write_neutral`)."""
    if not neutral:  # scanned whole: a carriage return is kept only before a line feed
        sys.stdout.write(spool.read().decode("utf-8"))
        return
    decoder = codecs.getincrementaldecoder("utf-8")()
    while block := spool.read(STDOUT_BLOCK):
        write_neutral(sys.stdout, decoder.decode(block))
    write_neutral(sys.stdout, decoder.decode(b"", final=True))
