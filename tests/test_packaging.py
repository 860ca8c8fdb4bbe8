"""The installable package: a wheel built from the checkout carries the ontology, shapes, queries
and policy inside ``sourcing_kg/_data``, and the installed ``sourcing-kg`` finds them there, run
from a directory that is not the checkout."""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from sourcing_kg.model.lookup import list_schemes
from sourcing_kg.model.ontology import ontology_graph

REPO = Path(__file__).resolve().parents[1]
#: Every data folder of the checkout and what of it the wheel must carry (all of it).
DATA_FOLDERS = {
    "ontology": "*.ttl",
    "shapes": "*.ttl",
    "queries": "*.rq",
    "policy": "*.toml",
    "mappings": "*",
    "data": "*",
}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(REPO)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    (built,) = out.glob("sourcing_kg-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with only the wheel installed (no deps); the test interpreter's
    site-packages are appended through a .pth file so that rdflib & co. are importable but
    can never shadow the installed sourcing_kg."""
    env_dir = tmp_path_factory.mktemp("venv")
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "--no-index",
            "--quiet",
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    deps = [p for p in site.getsitepackages() if Path(p).is_dir()]
    (Path(purelib) / "zz_test_dependencies.pth").write_text("\n".join(deps) + "\n")
    return env_dir


def _clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME"}}
    env["PYTHONNOUSERSITE"] = "1"
    return env


def _run_installed(
    installed: Path, program: str, *args: str, cwd: Path, timeout: int, check: bool = False
) -> subprocess.CompletedProcess[str]:
    """A program of the installed venv, run from ``cwd`` (not the checkout), without PYTHONPATH."""
    return subprocess.run(
        [str(installed / "bin" / program), *args],
        cwd=cwd,
        env=_clean_env(),
        check=check,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_every_data_folder_is_checked() -> None:
    """A new data folder at the top of the repository must be added to DATA_FOLDERS (and to
    the wheel's include and sources in pyproject.toml)."""
    code = {"src", "tests", "bench", "docs", "site", "dist", "build"}
    folders = {
        p.name
        for p in REPO.iterdir()
        if p.is_dir() and not p.name.startswith(".") and p.name not in code
    }
    assert folders <= set(DATA_FOLDERS), folders - set(DATA_FOLDERS)


@pytest.mark.parametrize("folder", sorted(DATA_FOLDERS))
def test_wheel_carries_every_data_file(wheel: Path, folder: str) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        f"sourcing_kg/_data/{p.relative_to(REPO).as_posix()}"
        for p in (REPO / folder).rglob(DATA_FOLDERS[folder])
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert expected, folder
    assert expected <= names, sorted(expected - names)[:5]
    assert "sourcing_kg/_data/ontology/sourcing-kg.ttl" in names
    assert "sourcing_kg/cli.py" in names
    templates = REPO / "src" / "sourcing_kg" / "render" / "templates"
    assert {f"sourcing_kg/render/templates/{t.name}" for t in templates.glob("*.j2")} <= names
    assert not any("__pycache__" in n for n in names)


def test_installed_command_finds_the_ontology_in_the_wheel(installed: Path, tmp_path: Path) -> None:
    where = _run_installed(
        installed,
        "python",
        "-c",
        "import sourcing_kg.core.resources as r; print(r.data_root()); print(r.__file__)",
        cwd=tmp_path,
        timeout=60,
        check=True,
    ).stdout.split()
    assert Path(where[0]).is_relative_to(installed) and where[0].endswith("_data")
    assert Path(where[1]).is_relative_to(installed)

    done = _run_installed(
        installed, "sourcing-kg", "schemes", "--format", "json", cwd=tmp_path, timeout=120
    )
    assert done.returncode == 0, done.stderr
    listed = {s["iri"] for s in json.loads(done.stdout)["schemes"]}
    assert listed == {s.iri for s in list_schemes(ontology_graph())}


def test_installed_import_register_runs_on_the_bundled_example(
    installed: Path, tmp_path: Path
) -> None:
    """From a directory that is not the checkout, the installed command finds the mapping
    (mappings/ in the wheel) and imports the bundled example sheet; the register it writes is
    the bundled register."""
    bundled = _run_installed(
        installed,
        "python",
        "-c",
        "import sourcing_kg.core.resources as r; print(r.examples_dir() / 'register')",
        cwd=tmp_path,
        timeout=60,
        check=True,
    ).stdout.strip()
    assert Path(bundled).is_relative_to(installed)
    target = tmp_path / "register.ttl"
    done = _run_installed(
        installed,
        "sourcing-kg",
        "import-register",
        str(Path(bundled) / "register.csv"),
        "-o",
        str(target),
        cwd=tmp_path,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    assert "7 of 7 rows imported" in done.stderr
    assert isomorphic(Graph().parse(target), Graph().parse(Path(bundled) / "register.ttl"))


def test_installed_validate_keeps_its_cache_where_the_environment_says(
    installed: Path, tmp_path: Path
) -> None:
    """The installed command writes the per-user cache to ``SOURCING_KG_CACHE_DIR`` (outside
    the temporary directory here, so the guard must know it) and reads it back next time."""
    temp, cache = tmp_path / "temp", tmp_path / "cache"
    temp.mkdir()
    dossier = _run_installed(
        installed,
        "python",
        "-c",
        "import sourcing_kg.core.resources as r;"
        "print(r.examples_dir() / 'dossiers' / 'conform' / 'fase-1.ttl')",
        cwd=tmp_path,
        timeout=60,
        check=True,
    ).stdout.strip()
    env = {**_clean_env(), "SOURCING_KG_CACHE_DIR": str(cache), "TMPDIR": str(temp)}
    env.pop("SOURCING_KG_NO_CACHE", None)
    outputs, written = [], []
    for _ in range(2):
        done = subprocess.run(
            [str(installed / "bin" / "sourcing-kg"), "validate", dossier, "--format", "json"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        assert "refused" not in done.stderr
        outputs.append(json.loads(done.stdout)["results"])
        entries = sorted((cache / "sparql-algebra").glob("*.json"))
        assert entries
        written.append({e.name: (e.stat().st_ino, e.stat().st_mtime_ns) for e in entries})
    assert outputs[0] == outputs[1]
    assert written[0] == written[1]  # read back, not parsed and written again
