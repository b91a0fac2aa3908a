"""synth's pytest plugin: the `synth_data` fixture gives each test its own reproducible records.

    def test_discount(synth_data):
        people = synth_data("persons", 5, age=(30, 40))      # a DataFrame, as synth.generate returns

A test's data is seeded from the session seed (0, or `--synth-seed N`) and the test's node id, through a stable
hash: the same on every run and machine, whichever other tests run and in whatever order. The k-th call in a
test has its own seed (so two calls give different records); a failing test's report has a `synth` section
with each call as the `synth.generate(...)` that gives the same records again.

Registered through the `pytest11` entry point, so it is loaded by every pytest run where synth is installed:
nothing heavy is imported until a test asks for `synth_data` (`import synth` itself is light).
"""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

DEFAULT_SEED = 0
_DATA = pytest.StashKey["SynthData"]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("synth", "synth test data")
    group.addoption("--synth-seed", type=int, default=None, metavar="SEED",
                    help=f"session seed of the synth_data fixture (default {DEFAULT_SEED}, or the synth_seed ini "
                         f"value); each test's data is seeded from it and the test's node id")
    parser.addini("synth_seed", f"session seed of the synth_data fixture (default {DEFAULT_SEED})",
                  default=str(DEFAULT_SEED))


def session_seed(config: pytest.Config) -> int:
    chosen = config.getoption("synth_seed")
    return int(chosen if chosen is not None else config.getini("synth_seed"))


def derive_seed(*parts: Any) -> int:
    """A 32-bit seed from a stable hash of the parts (never Python's salted hash(), which changes per process)."""
    text = "\x1f".join(["synth-pytest/v1", *map(str, parts)]).encode("utf-8")
    return int.from_bytes(hashlib.blake2b(text, digest_size=4).digest(), "little")


def pytest_report_header(config: pytest.Config) -> str:
    return (f"synth: seed {session_seed(config)} (synth_data is seeded from it and each test's node id; "
            f"--synth-seed N to change)")


class SynthData:
    """The `synth_data` fixture: call it as `synth_data(domain, n, **options)` for a DataFrame of n records."""

    def __init__(self, session: int, nodeid: str):
        self.session_seed = session
        self.nodeid = nodeid
        self.seed = derive_seed(session, nodeid)   # for synth.generate or synth.strategies calls of your own
        self.calls: list[str] = []

    def __call__(self, domain, n: int = 1, *, as_of=None, **options):
        import synth  # here, not at module level: only tests that use the fixture pay for numpy and pandas

        seed = derive_seed(self.session_seed, self.nodeid, len(self.calls))
        name = domain if isinstance(domain, str) else domain.name
        arguments = "".join(f", {k}={v!r}" for k, v in options.items())
        if as_of is not None:
            arguments = f", as_of={str(as_of)!r}" + arguments
        self.calls.append(f"synth.generate({name!r}, {n}, seed={seed}{arguments})")
        return synth.generate(domain, n, seed=seed, as_of=as_of, **options)

    def record(self, domain, **options) -> dict:
        """One record as a dict (Python values, lists and dicts as in the DataFrame)."""
        return self(domain, 1, **options).to_dict("records")[0]

    def __repr__(self) -> str:
        return f"<synth_data seed={self.seed} (session seed {self.session_seed}, {self.nodeid})>"

    def report(self) -> str:
        lines = [f"session seed {self.session_seed}: pytest --synth-seed {self.session_seed} '{self.nodeid}' "
                 f"gives this test the same data; its calls were:"]
        return "\n".join(lines + [f"  {call}" for call in self.calls])


@pytest.fixture
def synth_data(request: pytest.FixtureRequest) -> SynthData:
    """Records from synth seeded by the session seed and this test's node id: `synth_data("persons", 5)`."""
    data = SynthData(session_seed(request.config), request.node.nodeid)
    request.node.stash[_DATA] = data
    return data


@pytest.hookimpl(hookwrapper=True)  # old-style wrapper: works with pytest 7.4, which the test extra allows
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    outcome = yield
    report = outcome.get_result()
    data = item.stash.get(_DATA, None)
    if data is not None and report.failed:
        report.sections.append(("synth", data.report()))
