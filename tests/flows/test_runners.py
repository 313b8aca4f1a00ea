"""The flow's task runner: threads by default, Dask when configured."""

from __future__ import annotations

from govbudget.flows.runners import task_runner_from_env


def test_threads_by_default(monkeypatch):
    monkeypatch.delenv("GOVBUDGET_DASK_ADDRESS", raising=False)
    monkeypatch.delenv("GOVBUDGET_TASK_RUNNER", raising=False)
    assert type(task_runner_from_env()).__name__ == "ThreadPoolTaskRunner"


def test_dask_cluster_address(monkeypatch):
    monkeypatch.setenv("GOVBUDGET_DASK_ADDRESS", "tcp://10.0.0.5:8786")
    runner = task_runner_from_env()
    assert (type(runner).__name__, runner.address) == ("DaskTaskRunner", "tcp://10.0.0.5:8786")


def test_local_dask_cluster(monkeypatch):
    monkeypatch.delenv("GOVBUDGET_DASK_ADDRESS", raising=False)
    monkeypatch.setenv("GOVBUDGET_TASK_RUNNER", "dask")
    runner = task_runner_from_env()
    assert (type(runner).__name__, runner.address) == ("DaskTaskRunner", None)
