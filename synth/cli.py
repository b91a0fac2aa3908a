"""The `synth` command. Each subcommand lives in `synth.commands.<name>` with `add_parser` and `run`.

User mistakes (`SynthError`, bad arguments) print one sentence on stderr and exit 2, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from .errors import SynthError

COMMANDS = ["generate", "domains", "describe", "augment", "check", "sample", "run"]


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


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        return importlib.import_module(f"synth.commands.{args.command}").run(args) or 0
    except SynthError as error:
        print(f"synth: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("synth: interrupted; no output was written.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
