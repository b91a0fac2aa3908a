"""The Dask backend makes the same rows as local generation: for every domain, any partitioning, on a real local
cluster, and when a worker is killed in the middle of a run."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pandas as pd
import pyarrow.dataset as pads
import pyarrow.parquet as pq
import pytest

import synth
import synth.dask as synth_dask
from synth.randomness import BLOCK_SIZE
from synth.registry import domain_names
from synth.writers import jsonl_bytes

distributed = pytest.importorskip("distributed", reason="the dask extra is part of the test extra")

# Options that make each shipped domain exercise what could go wrong: exact quotas over the whole dataset.
OPTIONS = {"reviews": {"sentiment": "positive:2000,negative:1500", "category": "movie,hotel"}}


def local_jsonl(domain: str, n: int, seed: int, start: int = 0, **options) -> bytes:
    return jsonl_bytes(synth.generate(domain, n, seed=seed, start=start, **options))


def dask_jsonl(frame) -> bytes:
    return jsonl_bytes(frame.compute(scheduler="sync").reset_index(drop=True))


def test_partitions_are_block_aligned_and_cover_the_range():
    ranges = synth_dask.partition_ranges(100, 10_000, 4)
    assert ranges[0][0] == 100 and ranges[-1][1] == 10_000
    assert all(b == c for (_, b), (c, _) in zip(ranges, ranges[1:]))
    assert all(a % BLOCK_SIZE == 0 for a, _ in ranges[1:])
    assert synth_dask.partition_ranges(0, 5, 8) == [(0, 5)]
    assert len(synth_dask.partition_ranges(0, 4 * BLOCK_SIZE, 3)) == 3


@pytest.mark.parametrize("domain", domain_names())
@pytest.mark.parametrize("npartitions", [1, 3, 7])
def test_every_domain_is_the_same_bytes_as_local(domain, npartitions):
    options = OPTIONS.get(domain, {})
    frame = synth_dask.generate(domain, 3500, seed=5, npartitions=npartitions, **options)
    assert frame.npartitions == min(npartitions, 4)     # 3,500 records are 4 blocks
    assert dask_jsonl(frame) == local_jsonl(domain, 3500, seed=5, **options)


def test_a_start_offset_and_declared_dtypes_match_local():
    frame = synth_dask.generate("persons", 2000, seed=9, start=1500, npartitions=2)
    made = frame.compute(scheduler="sync")
    assert list(made.index[:2]) == [1500, 1501] and made.index.is_unique
    local = synth.generate("persons", 2000, seed=9, start=1500)
    assert dict(frame.dtypes) == dict(local.dtypes)
    assert jsonl_bytes(made.reset_index(drop=True)) == jsonl_bytes(local)


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as c, \
            distributed.Client(c) as client:
        yield c, client


def test_a_killed_worker_changes_no_byte(cluster):
    local_cluster, client = cluster
    n = 48 * BLOCK_SIZE
    frame = synth_dask.generate("medical", n, seed=3, npartitions=48)
    futures = client.compute(frame.to_delayed())
    distributed.wait(futures[:1])
    # Kill (SIGKILL) a worker that is making a partition, or else one that holds finished ones: either way the
    # scheduler has to make those partitions again on the other worker.
    busy = [address for address, tasks in client.processing().items() if tasks]
    holders = [address for addresses in client.who_has(futures[:1]).values() for address in addresses]
    target = (busy or holders)[0]
    victim = next(w for w in local_cluster.workers.values() if w.worker_address == target)
    victim.process.process.kill()
    made = pd.concat(client.gather(futures)).reset_index(drop=True)
    assert jsonl_bytes(made) == local_jsonl("medical", n, seed=3)


def test_cli_writes_a_parquet_folder_that_reads_back_as_local(tmp_path, cluster):
    _, client = cluster
    address = client.scheduler.address
    out = tmp_path / "people"
    run = subprocess.run([sys.executable, "-m", "synth", "generate", "reviews", "-n", "9000", "--seed", "4",
                          "--set", "category=book,electronics", "--engine", "dask", "--scheduler", address,
                          "--partitions", "3", "-o", str(out)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    files = sorted(os.listdir(out))
    assert files == ["_synth_manifest.json", "part-00000.parquet", "part-00001.parquet", "part-00002.parquet"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "the staging folder was left behind"
    manifest = json.loads((out / "_synth_manifest.json").read_text(encoding="utf-8"))
    assert manifest["partitions"][0][0] == 0 and manifest["partitions"][-1][1] == 9000
    assert manifest["options"] == {"category": "book,electronics"} and manifest["as_of"] == "2025-01-01"

    local = tmp_path / "local.parquet"
    subprocess.run([sys.executable, "-m", "synth", "generate", "reviews", "-n", "9000", "--seed", "4",
                    "--set", "category=book,electronics", "-o", str(local)], check=True, timeout=300)
    folder = pads.dataset(out, format="parquet").to_table()
    assert folder.equals(pq.read_table(local))
    import dask.dataframe as dd

    assert len(dd.read_parquet(out).compute()) == 9000


def test_cli_refuses_what_the_dask_engine_cannot_do(tmp_path):
    existing = tmp_path / "out"
    existing.mkdir()
    (existing / "keep.txt").write_text("mine")
    for extra in (["-o", str(existing)], ["--format", "csv", "-o", str(tmp_path / "new")], []):
        run = subprocess.run([sys.executable, "-m", "synth", "generate", "persons", "-n", "10", "--engine", "dask",
                              *extra], capture_output=True, text=True, timeout=120)
        assert run.returncode == 2 and len(run.stderr.strip().splitlines()) == 1, run.stderr
        assert "Traceback" not in run.stderr
    assert [p.name for p in existing.iterdir()] == ["keep.txt"]
    assert not (tmp_path / "new").exists()
    local = subprocess.run([sys.executable, "-m", "synth", "generate", "persons", "-n", "10", "--partitions", "2"],
                           capture_output=True, text=True, timeout=120)
    assert local.returncode == 2 and "--engine dask" in local.stderr


def test_a_partition_with_keys_the_first_batch_lacks_loses_none(tmp_path):
    # The schema handed to the writer is the first batch's; here only 4 dialogues' worth, so the later
    # partitions hold slots it lacks. They must be widened into the folder, not dropped by Arrow.
    n = 3 * BLOCK_SIZE
    frame = synth_dask.generate("dialogues", n, seed=9, npartitions=3)
    narrow = synth_dask.arrow_schema("dialogues", seed=9, n=4)
    out = synth_dask.write_parquet(frame, tmp_path / "d", {}, narrow, scheduler="sync")
    table = pads.dataset(out, format="parquet").to_table()
    local = synth.generate("dialogues", n, seed=9)

    def present(slots: dict) -> dict:
        return {key: value for key, value in slots.items() if value is not None}

    assert len(set(table.schema.field("slots").type.names)) > len(narrow.field("slots").type.names)
    assert [present(s) for s in table.column("slots").to_pylist()] == [present(s) for s in local.slots]
