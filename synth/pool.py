"""A process pool for the parallel paths (generate's batches, augment's chunks) that never outlives its run.

`ProcessPoolExecutor`'s own exit waits for the batches in flight. That is right after a clean run, but after an
error, Ctrl-C or SIGTERM it keeps a stopping run alive, and a parent killed meanwhile leaves the workers running
as orphans. Here the workers are killed at once when the block is left by an exception (including the
`GeneratorExit` of a generator closed early). A worker is started inside `pool.submit`; `submit` holds Ctrl-C
and SIGTERM until it returns, as a worker abandoned half-started prints a traceback of its own.
"""

from __future__ import annotations

import signal
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import Iterator

_HELD_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def worker_pool(workers: int, context) -> Iterator[ProcessPoolExecutor]:
    pool = ProcessPoolExecutor(workers, mp_context=context)
    try:
        yield pool
    except BaseException:
        stop_workers(pool)
        raise
    pool.shutdown()


def stop_workers(pool: ProcessPoolExecutor) -> None:
    """Cancel what is queued and kill the workers (SIGKILL: forked workers inherit the CLI's SIGTERM handler,
    and a worker mid-task would report the resulting exception as a result instead of stopping)."""
    # Python 3.14 has pool.terminate_workers(); before it the processes are only reachable as _processes.
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.kill()
    for process in processes:
        process.join(timeout=10)


def submit(pool: ProcessPoolExecutor, function, *args) -> Future:
    """`pool.submit`, with Ctrl-C and SIGTERM held until it returns and then delivered as they came."""
    with signals_held():
        return pool.submit(function, *args)


@contextmanager
def signals_held():
    if threading.current_thread() is not threading.main_thread():  # only the main thread receives them
        yield
        return
    arrived: list[int] = []
    previous = {number: signal.signal(number, lambda number, frame: arrived.append(number))
                for number in _HELD_SIGNALS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        for number in arrived:
            signal.raise_signal(number)  # now the previous handler acts (raises, or ends the process)
