"""The distributions: built, checked by twine, complete metadata; and the demo as
a user of the built wheel runs it."""

from __future__ import annotations

import email
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _missing(*modules: str) -> str | None:
    import importlib.util

    absent = [m for m in modules if importlib.util.find_spec(m) is None]
    if absent:
        return f"{', '.join(absent)} not installed (pip install -e '.[test]')"
    return None


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sdist and the wheel, built without isolation (the backend installed,
    no index needed) from a copy of the project's files holding a demo's output,
    as a checkout where ``dbparity demo`` ran does."""
    reason = _missing("build", "hatchling")
    if reason:
        pytest.skip(reason)
    tmp = tmp_path_factory.mktemp("dists")
    source = tmp / "src"
    files = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    for name in files:
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    (source / "dbparity-demo").mkdir()
    (source / "dbparity-demo" / "findings.json").write_text("{}")
    out = tmp / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out)],
        cwd=source,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return out


def test_twine_check_passes(dists: Path) -> None:
    reason = _missing("twine")
    if reason:
        pytest.skip(reason)
    built = sorted(str(p) for p in dists.iterdir())
    assert len(built) == 2, built
    done = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *built],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_wheel_metadata_is_complete(dists: Path) -> None:
    (wheel,) = dists.glob("*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        (meta_name,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        meta = email.message_from_bytes(zf.read(meta_name))
        entry_points = zf.read(meta_name.replace("METADATA", "entry_points.txt"))
    from pytest_dbparity import __version__

    assert meta["Version"] == __version__
    assert meta["License-Expression"] == "MIT"
    classifiers = set(meta.get_all("Classifier", []))
    assert {"Framework :: Pytest", "Typing :: Typed"} <= classifiers
    urls = {u.split(", ", 1)[0] for u in meta.get_all("Project-URL", [])}
    assert {"Homepage", "Documentation", "Changelog", "Issues"} <= urls
    assert "pytest_dbparity/py.typed" in names
    assert "pytest_dbparity/_example/dbparity.yaml" in names
    assert "parity_tests/test_rls.py" in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert b"dbparity = pytest_dbparity.plugin" in entry_points
    assert b"dbparity = pytest_dbparity.cli:main" in entry_points


def test_sdist_holds_the_project_and_no_demo_output(dists: Path) -> None:
    (sdist,) = dists.glob("*.tar.gz")
    with tarfile.open(sdist) as tf:
        names = {n.split("/", 1)[1] for n in tf.getnames() if "/" in n}
    assert {"pyproject.toml", "README.md", "LICENSE", "CHANGELOG.md"} <= names
    assert "parity_tests/test_rls.py" in names
    assert "examples/github/dbparity.yml" in names
    assert not [n for n in names if n.startswith("dbparity-demo")]
    assert not [n for n in names if "__pycache__" in n]


def test_demo_from_the_wheel_is_clean(dists: Path, tmp_path: Path) -> None:
    """``dbparity demo`` as installed from the wheel (where pytest rewrites the
    plugin's asserts, unlike an editable install): no warning, the file to open
    last, nothing left in the temporary folder, output where asked."""
    (wheel,) = dists.glob("*.whl")
    venv = tmp_path / "venv"
    # The system's packages (pytest, psycopg, ...) without an index; the wheel's
    # own copy of the package comes first on the path.
    subprocess.run(
        [sys.executable, "-m", "venv", "--system-site-packages", str(venv)],
        check=True,
        timeout=120,
    )
    python = venv / "bin" / "python"
    subprocess.run(
        [
            *(str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index"),
            *("--disable-pip-version-check", str(wheel)),
        ],
        check=True,
        timeout=300,
    )
    temp = Path(tempfile.mkdtemp(prefix="dbparity-test-tmp-", dir="/tmp"))
    temp.chmod(0o755)  # the throwaway server may run as another OS user
    try:
        work = tmp_path / "project"
        work.mkdir()
        env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "TMPDIR": str(temp)}
        done = subprocess.run(
            [str(venv / "bin" / "dbparity"), "demo"],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        text = done.stdout + done.stderr
        assert done.returncode == 0, text
        leftovers = sorted(p.name for p in temp.iterdir())
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    assert leftovers == []
    assert (
        "site-packages/pytest_dbparity"
        in subprocess.run(
            [
                str(python),
                "-c",
                "import pytest_dbparity; print(pytest_dbparity.__file__)",
            ],
            capture_output=True,
            text=True,
            check=True,
            env=env,
            cwd=work,
        ).stdout
    )
    assert "Warning" not in text, text
    out = work / "dbparity-demo"
    html = out / "parity-report.html"
    assert html.stat().st_size > 1000
    lines = done.stdout.splitlines()
    assert lines[-1] == f"dbparity demo: open this file in a browser: {html}"
    summary = lines.index(next(ln for ln in lines if "dbparity summary" in ln))
    assert "fail the run" in lines[summary + 1]
    assert lines[summary + 2].endswith("[critical]")
    assert "FAILURES" not in done.stdout  # one line per difference, not per item
    # Other installed plugins may add their own files (pytest-benchmark does).
    assert {
        "findings.json",
        "fix-nonprod.sql",
        "parity-report.html",
        "parity-report.md",
    } <= {p.name for p in out.iterdir()}
