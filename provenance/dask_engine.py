"""`provenance audit --engine dask`: the same per-file work on a Dask cluster.

Install the extra: ``pip install "provenance-check[dask]"`` (``dask[distributed]``).

Without ``--scheduler`` a `distributed.LocalCluster` with ``--jobs`` worker
processes is started for the run (useful to try it out, and what the tests
do). To use more than one machine, start a scheduler and workers yourself:

    # on the scheduler machine
    dask-scheduler                                  # listens on tcp://HOST:8786
    # on every worker machine (same provenance version, same Python)
    pip install "provenance-check[dask]==<version>"
    dask-worker tcp://HOST:8786 --nworkers 4 --nthreads 1
    # where the archive lives
    provenance audit /mnt/archive --engine dask --scheduler tcp://HOST:8786

Workers read files by absolute path, so the archive (and the configs and
images next to it) must be mounted at the same path on every worker (NFS,
a shared volume). Members of ``.zip``/``.tar.gz`` archives and fetched
sitemap pages are read by the client and sent to the workers as bytes.
Results stream back in input order with a bounded number of batches in
flight, so the client's memory stays flat.
"""
from __future__ import annotations

# Two Dask defaults cost provenance's tasks (pure Python, a parsed page
# allocated and freed per file) about a fifth of a worker's CPU. Measured on
# 16,000 articles, one worker: 10.0-12.0 s with them, 8.0-8.2 s without.
# - the worker's statistical profiler samples the running task's stack
#   every 10 ms, taking the GIL from it each time;
# - the nanny starts workers with MALLOC_TRIM_THRESHOLD_=65536, which
#   hands freed memory back to the system (and page-faults it in again)
#   for nearly every parsed page: 33,000 page faults a run instead of 400.
# The LocalCluster that `--engine dask` starts uses these settings; for
# your own workers, see "Dask workers" in docs/audit.md.
_PROFILER = "distributed.worker.profile.enabled"
_TRIM = "MALLOC_TRIM_THRESHOLD_"
# Lighter bookkeeping: every process of a cluster wakes up every 20 ms to
# time its event loop (the tick), every 500 ms to sample the system and
# every 100 ms to read its memory. An idle LocalCluster with 2 workers
# spent 0.74 s of CPU per 10 s on them, 0.14 s at these intervals; under
# load, the scheduler and nannies took 0.66 s instead of 0.81 s (median of
# five 16,000-article runs): CPU the workers get on a machine where they
# share cores with them. Only warnings ("event loop unresponsive") and
# memory limits are noticed later; no setting changes what is computed.
_LIGHT = {"distributed.admin.tick.interval": "1s", "distributed.admin.system-monitor.interval": "5s",
          "distributed.worker.memory.monitor-interval": "1s"}
WORKER_SETTINGS = {_PROFILER: False, f"distributed.nanny.pre-spawn-environ.{_TRIM}": None, **_LIGHT}


def _costly_settings() -> list[str]:
    """Run on a worker: which of the settings above it runs with."""
    import os

    import dask
    costly = []
    if dask.config.get(_PROFILER, default=False):
        costly.append("the statistical profiler")
    if os.environ.get(_TRIM):
        costly.append(f"{_TRIM}={os.environ[_TRIM]}")
    return costly


def worker_settings():
    """A context in which the workers a LocalCluster starts use
    `WORKER_SETTINGS` (dask.config.set)."""
    import dask
    return dask.config.set(WORKER_SETTINGS)


def _reachable(address: str, timeout: float = 10.0) -> None:
    """Fail with one line (UsageError, exit 2) on an address Dask cannot use or
    a scheduler that does not answer, before a Client is made: a failed Client
    prints tracebacks while it is torn down."""
    import socket
    from distributed.comm.addressing import parse_address, parse_host_port
    from .output import UsageError as ConfigError   # a command-line mistake: one line, exit 2
    try:
        scheme, rest = parse_address(address)
        if scheme not in ("tcp", "tls"):
            return
        host, port = parse_host_port(rest)
    except ValueError as e:
        raise ConfigError(f"--scheduler {address}: not a Dask scheduler address ({e})") from None
    try:
        socket.create_connection((host, port), timeout=timeout).close()
    except OSError as e:
        reason = e.strerror or str(e) or type(e).__name__
        raise ConfigError(f"--scheduler {address}: cannot reach the Dask scheduler ({reason})") from None


class DaskEngine:
    """Connect to `scheduler` (an address such as ``tcp://host:8786``) or start
    a LocalCluster with `jobs` single-threaded worker processes."""

    def __init__(self, scheduler: str | None, jobs: int):
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            from .config import ConfigError
            raise ConfigError('--engine dask needs Dask: pip install "provenance-check[dask]"') from None
        self.cluster = None
        if scheduler:
            _reachable(scheduler)
            self.client = Client(scheduler)
        else:
            with worker_settings():
                self.cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                            dashboard_address=None)
            # Results come straight from the workers, not relayed by the
            # scheduler, which shares the cores with them (all local here).
            self.client = Client(self.cluster, direct_to_workers=True)
        info = self.client.scheduler_info()
        self.workers = max(1, sum(w.get("nthreads", 1) for w in info.get("workers", {}).values()))

    def settings_hint(self) -> str | None:
        """One line when the cluster's workers run with a setting that costs
        provenance's tasks CPU (see WORKER_SETTINGS), else None."""
        try:
            seen = self.client.run(_costly_settings)
        except Exception:       # a worker that cannot answer is no reason to stop the audit
            return None
        costly = sorted({c for found in seen.values() for c in found})
        if not costly:
            return None
        slow = sum(1 for found in seen.values() if found)
        return (f"{slow} of {len(seen)} Dask workers run with {' and '.join(costly)}, which slow "
                "provenance's tasks down (both together: by about a fifth); see \"Dask workers\" in docs/audit.md")

    def submit_fn(self, work, opts):
        """A function batch -> future running `work(opts, batch)` on the
        cluster (`provenance.audit.check_units`)."""
        client = self.client
        return lambda batch: client.submit(work, opts, batch, pure=False)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
