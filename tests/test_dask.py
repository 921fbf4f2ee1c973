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
    # its own LocalCluster, whose client takes results straight from the workers
    own_code = main(common + ["--engine", "dask", "--jobs", "2", "--json", "own.json"])
    capsys.readouterr()
    own = json.loads((tmp_path / "own.json").read_text(encoding="utf-8"))
    local = json.loads((tmp_path / "local.json").read_text(encoding="utf-8"))
    remote = json.loads((tmp_path / "dask.json").read_text(encoding="utf-8"))
    assert dask_code == own_code == local_code == 1
    assert remote["audit"]["engine"] == own["audit"]["engine"] == {"name": "dask", "workers": 2}
    for report in (local, remote, own):
        report["audit"].pop("engine")
    for report in (remote, own):
        assert report["summary"] == local["summary"]
        assert report["audit"] == local["audit"]
        assert report["files"] == local["files"]


def test_own_local_cluster_runs_workers_without_the_costly_dask_defaults(monkeypatch):
    """`--engine dask` without --scheduler starts workers with no stack
    profiler and no MALLOC_TRIM_THRESHOLD_ (each costs ~10 % of a worker's CPU),
    and a cluster whose processes time their event loop once a second."""
    from provenance.dask_engine import DaskEngine
    # A nanny leaves the variable in its process's environment, where it
    # wins over the config, as a user's own would (another test's cluster).
    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)

    def worker_view(dask_worker):
        import os

        import dask
        return (os.environ.get("MALLOC_TRIM_THRESHOLD_"), dask.config.get("distributed.worker.profile.enabled"),
                dask_worker._tick_interval)

    engine = DaskEngine(None, 1)
    try:
        seen = list(engine.client.run(worker_view).values())
        # the event-loop tick, once a second instead of every 20 ms
        scheduler_tick = engine.client.run_on_scheduler(lambda dask_scheduler: dask_scheduler._tick_interval)
    finally:
        engine.close()
    assert seen == [(None, False, 1.0)]
    assert scheduler_tick == 1.0


def test_workers_with_costly_dask_defaults_get_a_one_line_hint(tmp_path, monkeypatch, capsys):
    """`--engine dask --scheduler` on workers with Dask's stack profiler and
    MALLOC_TRIM_THRESHOLD_ says so on stderr (not with --quiet); on tuned
    workers it says nothing."""
    from provenance.dask_engine import worker_settings
    (tmp_path / "a.txt").write_text("Storm hits the coast\n\nWaves over the pier.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)
    args = ["audit", "a.txt", "--no-cache", "--today", "2026-06-01", "--engine", "dask", "--scheduler"]
    with worker_settings():
        tuned = LocalCluster(n_workers=1, processes=True, threads_per_worker=1, dashboard_address=None)
    with tuned:
        main(args + [tuned.scheduler_address])
    assert "hint" not in capsys.readouterr().err
    with LocalCluster(n_workers=1, processes=True, threads_per_worker=1, dashboard_address=None) as default:
        main(args + [default.scheduler_address])
        err = capsys.readouterr().err
        main(args + [default.scheduler_address, "--quiet"])
        quiet = capsys.readouterr().err
    hints = [line for line in err.splitlines() if "hint" in line]
    assert hints == ["provenance: hint: 1 of 1 Dask workers run with MALLOC_TRIM_THRESHOLD_=65536 and the "
                     "statistical profiler, which slow provenance's tasks down (both together: by about a fifth); "
                     "see \"Dask workers\" in docs/audit.md"]
    assert "hint" not in quiet
