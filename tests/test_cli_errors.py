"""Bad locations and option values: one line naming them, a non-zero exit, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

READING = (["pull", "--out", "{tmp}/out"], ["changes", "--out", "{tmp}/changes"], ["verify-archive"])


def govbudget(*args: str, env: dict | None = None, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "govbudget", *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})}, cwd=cwd)


def one_line_error(out: subprocess.CompletedProcess, *names: str) -> str:
    assert out.returncode != 0, out.stdout
    lines = [line for line in out.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, out.stderr
    assert "Traceback" not in out.stderr
    for name in names:
        assert name in lines[0], lines[0]
    return lines[0]


@pytest.mark.parametrize("command", READING, ids=lambda c: c[0])
def test_reading_a_location_that_does_not_exist_fails(command, tmp_path):
    args = [a.format(tmp=tmp_path) for a in command]
    out = govbudget(*args, "--archive", str(tmp_path / "nonexistent"))
    assert "no such archive" in one_line_error(out, str(tmp_path / "nonexistent"))
    assert out.returncode == 2


@pytest.mark.parametrize("command", READING, ids=lambda c: c[0])
def test_reading_a_directory_that_holds_no_archive_fails(command, tmp_path):
    args = [a.format(tmp=tmp_path) for a in command]
    (tmp_path / "empty").mkdir()
    out = govbudget(*args, "--archive", str(tmp_path / "empty"))
    assert "holds no govbudget archive" in one_line_error(out, str(tmp_path / "empty"))


@pytest.mark.parametrize("location", ["gs://bucket/x", "S3://bucket/x", "s3:/bucket/x", "https://example.org/a"])
@pytest.mark.parametrize("command", [*READING, ["crawl", "--portal", "replica-yq-xxgk"]], ids=lambda c: c[0])
def test_an_unknown_scheme_is_refused_not_made_a_folder(command, location, tmp_path):
    args = [a.format(tmp=tmp_path) for a in command]
    out = govbudget(*args, "--archive", location, cwd=tmp_path)
    one_line_error(out, location)
    assert not any(tmp_path.glob("*:*")) and not (tmp_path / "gs:").exists() and not (tmp_path / "S3:").exists()


@pytest.mark.parametrize("command", READING, ids=lambda c: c[0])
def test_missing_s3_credentials_are_one_line(command, tmp_path, s3_server):
    args = [a.format(tmp=tmp_path) for a in command]
    env = {"AWS_ENDPOINT_URL": s3_server.endpoint_url, "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "",
           "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "none"), "AWS_CONFIG_FILE": str(tmp_path / "none"),
           "AWS_EC2_METADATA_DISABLED": "true", "AWS_PROFILE": ""}
    env = {k: v for k, v in env.items()}
    clean = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    out = subprocess.run([sys.executable, "-m", "govbudget", *args, "--archive", "s3://somebucket/archive"],
                         capture_output=True, text=True, timeout=120,
                         env={**clean, **{k: v for k, v in env.items() if v}})
    assert "credentials" in one_line_error(out, "s3://somebucket/archive")


@pytest.mark.parametrize("args,name", [
    (["--log-level", "BOGUS", "verify-archive"], "--log-level"),
    (["crawl", "--year", "20255", "--dry-run"], "--year"),
    (["pull", "--year", "twenty", "--out", "x"], "--year"),
    (["parse", "--workers", "0", "x.pdf"], "--workers"),
    (["changes", "--from", "225"], "--from"),
])
def test_a_bad_option_value_names_the_option(args, name):
    out = govbudget(*args)
    assert out.returncode == 2
    assert name in out.stderr and "Traceback" not in out.stderr


def test_a_bad_log_level_in_the_environment_is_one_line(tmp_path):
    out = govbudget("verify-archive", "--archive", str(tmp_path), env={"GOVBUDGET_LOG_LEVEL": "LOUD"})
    one_line_error(out, "GOVBUDGET_LOG_LEVEL")
