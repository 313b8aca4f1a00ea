"""Where the flow's fan-out runs: threads on this machine (default) or a Dask cluster.

Only parsing fans out to Dask; crawls always run in threads beside the flow
(they wait on the network, and their archive writes belong to the flow's run).

``GOVBUDGET_DASK_ADDRESS=tcp://scheduler:8786`` sends parse tasks to an existing
Dask cluster (prefect-dask); ``GOVBUDGET_TASK_RUNNER=dask`` without an address
starts a local Dask cluster. Either needs a Prefect server (``PREFECT_API_URL``)
that the Dask workers can reach.
"""

from __future__ import annotations

import os

THREADS = 8  # crawls wait on the network and parses on the process pool: threads only wait


def threads():
    from prefect.task_runners import ThreadPoolTaskRunner

    return ThreadPoolTaskRunner(max_workers=THREADS)


def task_runner_from_env():
    address = os.environ.get("GOVBUDGET_DASK_ADDRESS")
    if address or os.environ.get("GOVBUDGET_TASK_RUNNER", "").lower() == "dask":
        from prefect_dask import DaskTaskRunner

        return DaskTaskRunner(address=address) if address else DaskTaskRunner()
    return threads()
