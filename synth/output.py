"""Where a command's output goes, and how it gets there without harming anything else.

Every command that writes files (or standard output) goes through `AtomicOutput`:

- a regular file, or a path that does not exist yet, is written to a temporary file in the same folder and
  renamed onto the path only when everything is written: an error, Ctrl-C or SIGTERM leaves the old file or
  nothing, never half a file;
- a symlink is followed: its target gets the content (atomically) and the link stays a link;
- a FIFO, a device or a descriptor link such as /dev/stdout cannot be replaced without breaking whoever holds
  it, so it is opened and written through (what was written before a failure has been read already);
- a failure to write (a full disk, no permission, a read-only file system) is one sentence naming the path.

`refuse_inputs_as_outputs` stops a command before any work when an output would overwrite one of its inputs.
"""

from __future__ import annotations

import os
import re
import stat
import sys
import tempfile
from pathlib import Path
from typing import IO, Iterable

from .errors import SynthError

# /proc/<pid>/fd/<n>: what /dev/stdout, /dev/fd/1 and /proc/self/fd/1 lead to, a descriptor the caller holds.
_DESCRIPTOR_LINK = re.compile(r"/proc/[^/]+/fd/")


def cannot_write(where: str, error: OSError) -> str:
    """One sentence for a failed write, such as "Cannot write 'a.jsonl': No space left on device."."""
    reason = error.strerror or str(error) or type(error).__name__
    return f"Cannot write {where}: {reason}."


def is_write_failure(error: BaseException | None) -> bool:
    """An OSError from writing to a handle (such errors name no file) rather than from opening some other file.

    A closed pipe is left alone: the CLI treats it as the reader having seen enough, as `head` does."""
    return (isinstance(error, OSError) and not isinstance(error, BrokenPipeError)
            and getattr(error, "filename", None) is None)


def _writes_through(path: Path) -> bool:
    """True for what must be written in place: FIFOs, devices and sockets, and links to an open descriptor
    (/dev/stdout redirected to a file must write into that file, not swap it for another)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:  # nothing there yet (or a dangling link): a new regular file
        return False
    return not stat.S_ISREG(mode) or _leads_to_a_descriptor(path)


def _leads_to_a_descriptor(path: Path) -> bool:
    """Whether following the links of `path`, one at a time, passes through /proc/<pid>/fd/."""
    current = os.path.abspath(path)
    for _ in range(40):  # the kernel's own limit on links in a row
        current = os.path.join(os.path.realpath(os.path.dirname(current)), os.path.basename(current))
        if _DESCRIPTOR_LINK.match(current):
            return True
        if not os.path.islink(current):
            return False
        current = os.path.join(os.path.dirname(current), os.readlink(current))
    return False


def _link_target(path: Path) -> Path:
    """The file a path finally names, symlinks followed; a dangling link names the file it would create."""
    try:
        return Path(os.path.realpath(path, strict=True))
    except FileNotFoundError:
        return Path(os.path.realpath(path))
    except OSError as error:  # a symlink loop
        raise SynthError(cannot_write(repr(str(path)), error)) from None


def _new_file_mode(existing: Path) -> int:
    """The mode the committed file gets: the replaced file's own, or what any new file would get."""
    try:
        return stat.S_IMODE(os.stat(existing).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


class AtomicOutput:
    """A binary file handle for `path` that becomes the file's content only on a clean exit from `with`.

    With `path` None the handle is standard output, written through like a pipe."""

    def __init__(self, path: str | os.PathLike | None):
        self.path = None if path is None else Path(path)
        self.where = "standard output" if path is None else repr(str(path))
        self.target: Path | None = None  # the file a temporary one is renamed onto
        self.temp: str | None = None
        self.handle: IO[bytes] | None = None

    def __enter__(self) -> IO[bytes]:
        if self.path is None:
            self.handle = sys.stdout.buffer
        elif self.path.is_dir():
            raise SynthError(f"The output path {str(self.path)!r} is a folder, not a file.")
        elif _writes_through(self.path):
            self.handle = self._open_in_place(self.path)
        else:
            self.handle = self._open_temporary(_link_target(self.path))
        return self.handle

    def _open_in_place(self, path: Path) -> IO[bytes]:
        # Appending: a FIFO or device does not mind, and stdout opened by `>>`, or after what a script wrote
        # to it before, keeps what it holds.
        try:
            return os.fdopen(os.open(path, os.O_WRONLY | os.O_APPEND), "wb")
        except OSError as error:
            raise SynthError(cannot_write(self.where, error)) from None

    def _open_temporary(self, target: Path) -> IO[bytes]:
        self.target = target
        folder = target.parent
        if not folder.is_dir():
            raise SynthError(f"The output folder {str(folder)!r} does not exist.")
        try:
            fd, self.temp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".partial")
        except OSError as error:
            raise SynthError(f"Cannot write to {str(folder)!r}: {error.strerror}.") from None
        return os.fdopen(fd, "w+b")  # readable too: the Parquet writer may read back what it wrote, to widen it

    def __exit__(self, kind, value, traceback) -> bool:
        try:
            if kind is None:
                self._commit()
        except BrokenPipeError:
            raise
        except OSError as error:  # flushing, syncing or renaming: all of it is writing the output
            raise self._failed(error) from None
        finally:
            self._discard()
        if is_write_failure(value):
            raise self._failed(value) from None
        return False

    def _failed(self, error: OSError) -> SynthError:
        if self.path is None:  # what stdout still buffers would fail again, as a trace, when Python exits
            silence_stdout()
        return SynthError(cannot_write(self.where, error))

    def _commit(self) -> None:
        self.handle.flush()
        if self.temp is not None:
            os.fsync(self.handle.fileno())  # the data is on disk before the name points at it
            self.handle.close()
            os.chmod(self.temp, _new_file_mode(self.target))
            os.replace(self.temp, self.target)
            self.temp = None

    def _discard(self) -> None:
        """Close our handle (never stdout) and remove the temporary file; quietly, as the run is ending anyway."""
        if self.handle is not None and self.path is not None:
            try:
                self.handle.close()
            except OSError:  # a full disk fails the final flush too
                pass
        if self.temp is not None:
            try:
                os.unlink(self.temp)
            except FileNotFoundError:
                pass
            self.temp = None


def silence_stdout() -> None:
    """After stdout failed (a full disk), point it at /dev/null so Python's final flush has nothing to report."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # stdout replaced by something without a descriptor
        pass


def _same_file(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet)
        return False


def refuse_inputs_as_outputs(outputs: Iterable, inputs: Iterable) -> None:
    """Stop, before any work, when an output path names one of the inputs (the same file through any link):
    writing it would destroy the data being read; or when two outputs name one file: the second would silently
    replace the first."""
    inputs = [path for path in inputs if path]
    outputs = [path for path in outputs if path]
    seen: dict[str, str] = {}
    for output in outputs:
        where = os.path.realpath(output)
        if where in seen and not _writes_through(Path(where)):  # /dev/stdout twice is a fine place for both
            raise SynthError(f"Two outputs name the same file ({str(seen[where])!r} and {str(output)!r}); "
                             "give each its own.")
        seen[where] = output
    for output in outputs:
        for source in inputs:
            if _same_file(output, source):
                raise SynthError(f"The output {str(output)!r} is the input {str(source)!r}; write to another file.")
