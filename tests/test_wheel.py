"""govbudget installs as a wheel and runs from anywhere: no checkout, no source tree.

The wheel is built from this checkout without build isolation (nothing downloaded),
installed into a fresh virtual environment whose only other packages are the test
environment's dependencies, and run from an empty folder with an empty home.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from govbudget.net import free_port

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    build = tmp_path_factory.mktemp("build")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q",
                    "-w", str(dist), str(ROOT)], check=True, cwd=build, timeout=300,
                   env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"})
    (found,) = dist.glob("govbudget-*.whl")
    return found


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh venv holding the wheel; dependencies reached through a .pth to this environment's."""
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", "--no-index",
                    str(wheel)], check=True, timeout=300, env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"})
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    # A path line adds the directory but runs none of its .pth files: this environment's
    # editable finder for the checkout is not installed there.
    Path(purelib, "_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv


def _run(venv: Path, *args: str, cwd: Path, timeout: int = 300) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GOVBUDGET_", "PREFECT_"))}
    env.update(HOME=str(cwd / "home"), PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}")
    env["GOVBUDGET_NETGUARD_LOG"] = os.environ.get("GOVBUDGET_NETGUARD_LOG", "")
    return subprocess.run([str(venv / "bin" / "govbudget"), *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)


def test_the_wheel_holds_one_top_level_package_and_no_test_tools(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    top = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert top == {"govbudget"}
    assert not [n for n in names if "/tests/" in n or n.startswith(("testkit", "tests"))]


def test_the_wheel_ships_the_demo_corpus(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "govbudget/demo/corpus/000-office.pdf" in names
    assert "govbudget/demo/corpus/manifest.json" in names


def test_installed_govbudget_is_the_wheel_not_the_checkout(installed, tmp_path):
    python = installed / "bin" / "python"
    where = subprocess.run([str(python), "-c", "import govbudget; print(govbudget.__file__)"], cwd=tmp_path,
                           capture_output=True, text=True, check=True).stdout.strip()
    assert where.startswith(str(installed)), where


def test_serve_help_works_from_the_wheel(installed, tmp_path):
    out = _run(installed, "serve", "--help", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "--deployment" in out.stdout


def test_serve_reads_the_deployments_shipped_in_the_wheel(installed, tmp_path):
    out = _run(installed, "serve", "--show-prefect-file", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    path = Path(out.stdout.strip())
    assert str(path).startswith(str(installed)) and path.is_file()
    assert "govbudget.flows.pipeline:pipeline" in path.read_text(encoding="utf-8")


def test_demo_runs_from_the_wheel_outside_the_checkout(installed, tmp_path):
    out = _run(installed, "demo", "--archive", str(tmp_path / "archive"), "--port", str(free_port()), cwd=tmp_path,
               timeout=600)
    assert "not a corpus directory" not in out.stderr
    assert (tmp_path / "archive" / "originals").is_dir(), out.stdout + out.stderr
    assert "new" in out.stdout, out.stdout + out.stderr
    # every failure it lists is one the replica stages on purpose, so the demo itself succeeded
    assert out.returncode == 0 and "stage on purpose" in out.stdout, out.stdout[-3000:] + out.stderr[-3000:]
