"""`provenance audit --engine dask` on a real dask.distributed LocalCluster
with two worker processes gives the same report as the local engine."""
from __future__ import annotations

import json

import pytest
from distributed import LocalCluster
from test_audit import make_tree

from provenance.cli import main

pytestmark = pytest.mark.slow   # starts a dask.distributed cluster


def test_dask_cluster_gives_the_same_audit_as_local(tmp_path, monkeypatch, capsys):
    make_tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    common = ["audit", "archive", "sitemap.xml", "--no-cache", "--quiet", "--today", "2026-06-01"]
    local_code = main(common + ["--jobs", "1", "--json", "local.json"])
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                      dashboard_address=None) as cluster:
        dask_code = main(common + ["--engine", "dask", "--scheduler", cluster.scheduler_address,
                                   "--json", "dask.json"])
    capsys.readouterr()
    local = json.loads((tmp_path / "local.json").read_text(encoding="utf-8"))
    remote = json.loads((tmp_path / "dask.json").read_text(encoding="utf-8"))
    assert dask_code == local_code == 1
    assert remote["audit"]["engine"] == {"name": "dask", "workers": 2}
    local["audit"].pop("engine")
    remote["audit"].pop("engine")
    assert remote["summary"] == local["summary"]
    assert remote["audit"] == local["audit"]
    assert remote["files"] == local["files"]


def test_own_local_cluster_runs_workers_without_the_costly_dask_defaults(monkeypatch):
    """`--engine dask` without --scheduler starts workers with no stack
    profiler and no MALLOC_TRIM_THRESHOLD_ (each costs ~10 % of a worker's CPU)."""
    from provenance.dask_engine import DaskEngine
    # A nanny leaves the variable in its process's environment, where it
    # wins over the config, as a user's own would (another test's cluster).
    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)

    def worker_view():
        import os

        import dask
        return os.environ.get("MALLOC_TRIM_THRESHOLD_"), dask.config.get("distributed.worker.profile.enabled")

    engine = DaskEngine(None, 1)
    try:
        seen = list(engine.client.run(worker_view).values())
    finally:
        engine.close()
    assert seen == [(None, False)]
