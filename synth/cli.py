"""The `synth` command. Each subcommand lives in `synth.commands.<name>` with `add_parser` and `run`.

User mistakes (`SynthError`, bad arguments) print one sentence on stderr and exit 2, never a traceback.
Ctrl-C exits 130 and SIGTERM 143 (128 + the signal's number, as a shell reports a killed command), both after
the same clean-up: no temporary file left, no worker process left running.
"""

from __future__ import annotations

import argparse
import importlib
import os
import signal
import sys
import threading
from contextlib import contextmanager

from .errors import SynthError, Terminated
from .output import cannot_write, silence_stdout

COMMANDS = ["generate", "domains", "describe", "augment", "check", "sample", "run", "fit"]


class Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own usage errors, as one sentence and exit 2
        raise SynthError(f"{message[0].upper()}{message[1:]}.")


def version_text() -> str:
    from . import __version__
    from .speedups import status

    return f"synth {__version__}\n{status()}"


def build_parser() -> Parser:
    parser = Parser(prog="synth", description="Offline, deterministic Chinese synthetic data.",
                    formatter_class=argparse.RawDescriptionHelpFormatter)  # keeps --version on two lines
    parser.add_argument("--version", action="version", version=version_text())
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser, metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"synth.commands.{name}").add_parser(sub)
    return parser


def _raise_terminated(signum, frame):
    raise Terminated


@contextmanager
def sigterm_stops_like_ctrl_c():
    """While the command runs, SIGTERM raises `Terminated` instead of killing the process on the spot."""
    if threading.current_thread() is not threading.main_thread():  # only the main thread may set handlers
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def one_line(message: str) -> str:
    """The message with control characters (a newline in a bad argument, say) escaped, so it stays one line."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in message)


def os_error_message(error: OSError) -> str:
    """A sentence for an OSError no command turned into one: text printed to a full stdout (such errors name
    no file), or a file that could not be opened."""
    if error.filename is None:
        silence_stdout()
        return cannot_write("standard output", error)
    return f"Cannot use {str(error.filename)!r}: {error.strerror or error}."


def run_command(argv: list[str] | None) -> int:
    args = build_parser().parse_args(argv)
    return importlib.import_module(f"synth.commands.{args.command}").run(args) or 0


def main(argv: list[str] | None = None) -> int:
    try:
        # The handler is inside the `try`: a SIGTERM arriving as it is removed is still caught below.
        with sigterm_stops_like_ctrl_c():
            code = run_command(argv)
            sys.stdout.flush()  # a full disk shows here for short output: better now than as a trace at exit
        return code
    except SynthError as error:
        print(f"synth: {one_line(str(error))}", file=sys.stderr)
        return error.exit_code
    except Terminated:
        print("synth: stopped by SIGTERM; no output file was written.", file=sys.stderr)
        return 143
    except KeyboardInterrupt:
        print("synth: interrupted; no output was written.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as error:
        print(f"synth: {one_line(os_error_message(error))}", file=sys.stderr)
        return 2


INTERRUPTED = (130, 143)


def _release_multiprocessing_resources() -> None:
    """Run multiprocessing's own exit finalizers that cannot block (priority 0 and up: closing queues, releasing
    their semaphores), so its resource tracker has nothing left to warn about; the joins (below 0) are skipped."""
    if "multiprocessing" in sys.modules:
        from multiprocessing import util

        util._run_finalizers(0)


# multiprocessing's resource tracker (a process of its own, writing to our stderr) reclaims the semaphores of a
# pool whose workers were killed and then warns about each one. The reclaiming is what we want; the warnings are
# meant for library developers and would break the one-sentence error of an interrupted run. The tracker takes
# its interpreter flags from sys.warnoptions when it starts, so this filter reaches it and nothing else.
_QUIET_RESOURCE_TRACKER = "ignore::UserWarning:multiprocessing.resource_tracker"


def entry() -> None:
    """The `synth` command. After Ctrl-C or SIGTERM the worker processes have been killed, possibly mid-message:
    a pool's manager thread can then wait forever for the rest of that message, and the interpreter's exit joins
    it. Everything the run owns is already cleaned up by then, so an interrupted run leaves at once."""
    if _QUIET_RESOURCE_TRACKER not in sys.warnoptions:
        sys.warnoptions.append(_QUIET_RESOURCE_TRACKER)
    code = main()
    if code in INTERRUPTED:
        _release_multiprocessing_resources()
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):  # a closed or broken stream: nothing more can reach it anyway
                pass
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":
    entry()
