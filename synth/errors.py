"""User-facing errors.

A `SynthError` is a mistake in what the user asked for (an unknown domain, a bad option, a broken input
file). The CLI prints its message as one sentence and exits with code 2; it never shows a traceback.
"""


class SynthError(Exception):
    """A user mistake, reported as one sentence with exit code 2."""

    exit_code = 2


class Terminated(KeyboardInterrupt):
    """SIGTERM (sent by `kill`, CI runners and container stops), raised in the main thread so that a run stops
    the way Ctrl-C stops it: temporary files removed, worker processes stopped. The CLI exits with 143."""
