"""Run the airclass CLI in a child process, forked from the test process.

The child is a real, separate process that can be killed with SIGKILL mid-publish, but it
inherits the already-imported modules, so it starts in milliseconds rather than the seconds a
fresh interpreter spends importing OR-Tools and FastAPI: random kill points then land in the
publish itself, not in start-up.
"""

from __future__ import annotations

import multiprocessing
import sys
from multiprocessing.process import BaseProcess

from airclass.api.cli import run


def _main(argv: list[str]) -> None:
    sys.exit(run(argv))


def start_cli(argv: list[str]) -> BaseProcess:
    """Start `airclass ARGV` in a forked child; `.join()` it and read `.exitcode`."""
    process = multiprocessing.get_context("fork").Process(target=_main, args=(argv,))
    process.start()
    return process
