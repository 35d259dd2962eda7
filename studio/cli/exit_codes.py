"""Exit codes that scripts can rely on (also printed at the end of ``--help``), and the two
errors a command raises to end with a plain message."""

OK = 0
FAILURE = 1
USAGE = 2
PARTIAL = 3

EXIT_CODES_HELP = """exit codes:
  0  everything asked for was done
  1  failure: nothing (more) could be done, e.g. an unreadable file or no backend
  2  usage: bad or missing options
  3  partial: some requests failed or have an unknown outcome, or the run was interrupted
     (Ctrl+C); run the same command again to resume without paying twice"""


class UsageError(Exception):
    """The options do not make sense together (exit code 2)."""


class CommandError(Exception):
    """The command could not do its work; the message says why and what to do (exit code 1)."""
