"""How a command ends: exit statuses, signals, broken pipes and crashes, never a traceback.

Exit statuses (documented in the README's error table; scripts rely on them):

    0    every input record was scored
    1    some records failed; each has an error record in the output
    2    usage or model error: nothing was scored
    3    the run itself failed: the output could not be written (a full disk, an I/O error)
         or an internal error stopped it, so records may be missing. With ``-o`` the target
         is left as it was.
    130  interrupted (SIGINT, Ctrl-C); 143 terminated (SIGTERM); 129 hung up (SIGHUP).
         With ``-o`` nothing is written and the temporary file is removed. (A process that
         dies of the signal instead, as Python may at exit, reads as the same status in a
         shell: 128 + the signal number.)
    141  standard output was closed early (``| head``): the command stops quietly, as if
         killed by SIGPIPE, which is what shells expect.

``guard()`` wraps a command's body: it turns SIGTERM and SIGHUP into exceptions, so every
``finally`` and context manager runs (temporary files are removed), and maps what escapes to
these statuses with a one-line ``Error: [Ennn] ...`` message. ``DETECTOR_DEBUG=1`` shows the
traceback of an internal error as well.
"""

from __future__ import annotations

import errno
import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from .errors import Errors

EXIT_OK = 0
EXIT_FAILED_INPUTS = 1
EXIT_USAGE = 2
EXIT_RUN_FAILED = 3
EXIT_BROKEN_PIPE = 128 + signal.SIGPIPE  # 141

#: E-codes for failures of the run itself (not of one input)
OUTPUT_ERROR = Errors.E040
INTERNAL_ERROR = Errors.E099


class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived; raised in the main thread so cleanup code runs.

    A BaseException like KeyboardInterrupt: ``except Exception`` in library code must not
    swallow it.
    """

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


class OutputError(Exception):
    """Writing the command's output failed (wraps the OSError); ends the run with status 3.

    Not an OSError: click turns an escaping EPIPE OSError into exit status 1."""

    def __init__(self, exc: OSError, target: str):
        super().__init__(str(exc))
        self.cause = exc
        self.target = target


#: The signal that asked the run to stop, once one has: its exception can be lost (raised while
#: Python runs a callback whose exceptions it only prints, such as an import lock's cleanup), and
#: a run that finished its work anyway must still not publish a file or say it succeeded.
_received: int | None = None


def _raise_signal(signum, frame):  # pragma: no cover - exercised through subprocess tests
    global _received
    _received = signum
    raise_if_signalled()


def raise_if_signalled() -> None:
    """Raise the exception of the signal that arrived in ``signals_raise``, if one has: from its
    handler, and again before a file or directory is renamed into place and when the run ends,
    in case the first was swallowed on its way."""
    if _received is None:
        return
    if _received == signal.SIGINT:
        raise KeyboardInterrupt
    raise Terminated(_received)


@contextmanager
def signals_raise() -> Iterator[None]:
    """While inside, SIGTERM and SIGHUP raise Terminated in the main thread (default: die at
    once, leaving temporary files behind), and SIGINT KeyboardInterrupt as Python's own handler
    does; each is also remembered for ``raise_if_signalled``.

    A signal the run was started with ignored stays ignored: ``nohup detector score ...`` asks
    for a batch that outlives the terminal, as Python itself leaves an ignored SIGINT alone."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    global _received
    _received = None
    old = {}
    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        try:
            current = signal.getsignal(sig)
            if current == signal.SIG_IGN or (sig == signal.SIGINT and current is not signal.default_int_handler):
                continue  # ignored, or a handler of the embedding program's own
            old[sig] = signal.signal(sig, _raise_signal)
        except (ValueError, OSError):  # pragma: no cover - not settable here
            pass
    # a signal's exception raised inside a callback whose exceptions Python only prints (an
    # import lock's cleanup, a finaliser) is remembered and raised again: its "Exception ignored
    # in ..." and traceback would only frighten the person who pressed Ctrl-C
    default_hook = sys.unraisablehook

    def unraisable(info):
        if not (old and isinstance(info.exc_value, KeyboardInterrupt | Terminated)):
            default_hook(info)

    sys.unraisablehook = unraisable
    try:
        yield
    finally:
        _received = None  # a library call after the run is no part of it
        sys.unraisablehook = default_hook
        for sig, handler in old.items():
            signal.signal(sig, handler)


def is_broken_pipe(exc: BaseException) -> bool:
    return isinstance(exc, BrokenPipeError) or (isinstance(exc, OSError) and exc.errno == errno.EPIPE)


def silence_stdout() -> None:
    """After a broken pipe: point stdout at /dev/null so the interpreter's final flush is quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _say(message: str) -> None:
    try:
        print(message, file=sys.stderr, flush=True)
    except (OSError, ValueError):
        pass


def run_guarded(body: Callable[[], int | None], *, command: str = "detector") -> int:
    """Run ``body`` and return the exit status it ends with (see the module doc).

    SystemExit passes through with its code (click's usage errors, a command's own exit).
    """
    import warnings

    from .errors import DetectorError
    from .safeio import describe_oserror

    # a warning is one line for a person (a trusted pickle, a legacy model), not a source location
    warnings.showwarning = lambda message, *args, **kwargs: _say(f"Warning: {message}")
    try:
        with signals_raise():
            try:
                status = body()
                raise_if_signalled()
            finally:
                _flush_stdout()
        return int(status or 0)
    except SystemExit as exc:
        code = exc.code
        if isinstance(code, str):  # sys.exit("message")
            _say(code)
        return code if isinstance(code, int) else (0 if code is None else EXIT_USAGE)
    except DetectorError as exc:  # a bad model, an unwritable -o: the command could not run
        _say(f"Error: {exc}")
        return EXIT_USAGE
    except (KeyboardInterrupt, Terminated) as exc:
        return _interrupted(exc)
    except OutputError as exc:
        if is_broken_pipe(exc.cause):
            silence_stdout()
            return EXIT_BROKEN_PIPE
        if exc.target == "standard output":
            silence_stdout()
        _say(f"Error: [{OUTPUT_ERROR}] the output could not be written: {describe_oserror(exc.cause)} "
             f"({exc.target}); the run stopped, records are missing"
             + ("" if exc.target == "standard output" else "; the file was left as it was"))
        return EXIT_RUN_FAILED
    except OSError as exc:
        if is_broken_pipe(exc):
            silence_stdout()
            return EXIT_BROKEN_PIPE
        # the readers turn input errors into records: an OSError that gets here is a write
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        _say(f"Error: [{OUTPUT_ERROR}] the run stopped: {describe_oserror(exc)}{where}; records may be missing")
        return EXIT_RUN_FAILED
    except Exception as exc:  # noqa: BLE001 - the last line of defence: a message, never a traceback
        cause = _signal_behind(exc)
        return _interrupted(cause) if cause is not None else _internal(exc, command)


#: the files a run was writing (its -o) when a signal stopped it: each is left as it was
_unwritten: list[str] = []


def not_written(target: str) -> None:
    """Note that ``target``, written atomically, was abandoned by a signal: the message says so."""
    _unwritten.append(target)


def _interrupted(exc: BaseException) -> int:
    _stop_listening()
    # with -o a stranger asks whether the records scored so far were kept: they were not
    what = ("nothing more was written" if not _unwritten else
            f"{' and '.join(_unwritten)} {'was' if len(_unwritten) == 1 else 'were'} not written "
            "(-o writes its file whole when the run completes)")
    if isinstance(exc, Terminated):
        _say(f"Terminated ({signal.Signals(exc.signum).name}); {what}.")
        return 128 + exc.signum
    _say(f"Interrupted; {what}.")
    return 128 + signal.SIGINT


def _signal_behind(exc: BaseException) -> BaseException | None:
    """The KeyboardInterrupt or Terminated that ``exc`` wraps, if any: a signal landing while
    Python builds a class (an import) comes out as "RuntimeError: Error calling __set_name__"."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, KeyboardInterrupt | Terminated):
            return exc
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return None


def _stop_listening() -> None:
    """The run is over and cleaned up: a second Ctrl-C or SIGTERM must not interrupt the exit."""
    import threading

    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            try:
                signal.signal(sig, signal.SIG_IGN)
            except (ValueError, OSError):  # pragma: no cover
                pass


def _flush_stdout() -> None:
    """Flush stdout inside the guard: a full disk or a closed pipe is seen here, not by the
    interpreter at exit (which would print 'Exception ignored' and exit 120)."""
    try:
        sys.stdout.flush()
    except (OSError, ValueError) as exc:
        if isinstance(exc, OSError):
            silence_stdout()
            raise OutputError(exc, "standard output") from exc


def output_error(exc: OSError, target: str) -> OutputError:
    """``exc``, met while writing ``target``, as the OutputError that ends the run (status 3)."""
    return exc if isinstance(exc, OutputError) else OutputError(exc, target)


def _internal(exc: BaseException, command: str) -> int:
    if os.environ.get("DETECTOR_DEBUG"):
        import traceback

        traceback.print_exception(exc, file=sys.stderr)
    _say(f"Error: [{INTERNAL_ERROR}] internal error in {command}: {type(exc).__name__}: {str(exc)[:300]}; "
         "the run stopped and records may be missing (please report it; DETECTOR_DEBUG=1 shows details)")
    return EXIT_RUN_FAILED


try:
    import click

    class GuardedGroup(click.Group):
        """A click group whose commands end through ``run_guarded``: documented statuses, a
        one-line error, never a traceback. ``standalone_mode=False`` callers get click's
        behaviour unchanged."""

        def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
            if not standalone_mode:
                return super().main(args, prog_name, complete_var, standalone_mode, **extra)

            def body():
                try:
                    super(GuardedGroup, self).main(args, prog_name, complete_var, False, **extra)
                except click.exceptions.Exit as exc:
                    return exc.exit_code
                except click.ClickException as exc:
                    exc.show()
                    return exc.exit_code
                except click.exceptions.Abort:
                    raise KeyboardInterrupt from None
                return EXIT_OK

            sys.exit(run_guarded(body, command=prog_name or self.name or "detector"))

        def invoke(self, ctx):
            try:
                return super().invoke(ctx)
            except OSError as exc:
                if is_broken_pipe(exc):  # click would make this exit 1
                    raise OutputError(exc, "standard output") from exc
                raise
except ImportError:  # pragma: no cover - click is a dependency
    pass
