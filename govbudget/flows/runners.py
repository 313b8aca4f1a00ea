"""Where the flow's fan-out runs: threads on this machine (default) or a Dask cluster.

Only parsing fans out to Dask; crawls always run in threads beside the flow
(they wait on the network, and their archive writes belong to the flow's run).

``GOVBUDGET_DASK_ADDRESS=tcp://scheduler:8786`` sends parse tasks to an existing
Dask cluster (prefect-dask); ``GOVBUDGET_TASK_RUNNER=dask`` without an address
starts a local Dask cluster. Either needs a Prefect server (``PREFECT_API_URL``)
that the Dask workers can reach.

A parse whose Dask worker dies is not tried again on another worker
(:data:`DASK_ALLOWED_FAILURES`): it fails at once with ``KilledWorker``, is listed
with that reason, and the run ends with failures instead of waiting. A cluster
started separately gets the same rule from its scheduler's environment
(``DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES=0``, docs/operations.md).
"""

from __future__ import annotations

import os

THREADS = 8  # crawls wait on the network and parses on the process pool: threads only wait
DASK_ALLOWED_FAILURES = 0  # worker deaths a Dask task survives before KilledWorker (Dask's default: 3)


def threads():
    from prefect.task_runners import ThreadPoolTaskRunner

    return ThreadPoolTaskRunner(max_workers=THREADS)


def task_runner_from_env():
    address = os.environ.get("GOVBUDGET_DASK_ADDRESS")
    if address or os.environ.get("GOVBUDGET_TASK_RUNNER", "").lower() == "dask":
        import dask
        from prefect_dask import DaskTaskRunner

        if address:
            return DaskTaskRunner(address=address)
        # the local cluster's scheduler runs in this process and reads this configuration
        dask.config.set({"distributed.scheduler.allowed-failures": DASK_ALLOWED_FAILURES})
        return DaskTaskRunner()
    return threads()
