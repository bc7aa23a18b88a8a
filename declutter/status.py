"""Exit statuses, one meaning each across every command (README: Exit statuses).

When several targets or sites end differently, the command's status is the first of WORST
that any of them has."""
OK = 0
FAILED = 1        # could not run, or some input failed
USAGE = 2         # bad arguments, an unknown site
LOCKED = 3        # another run of the site holds the lock
DRIFTED = 4       # a site no longer looks like its own history
NOT_STORED = 5    # the database refused pages (disk full, locked past the wait): the next run refetches them
UNREACHABLE = 6   # every source of a site failed: nothing could be read from it
INTERRUPTED = 130  # Ctrl-C
TERMINATED = 143   # SIGTERM

WORST = (FAILED, NOT_STORED, LOCKED, UNREACHABLE, DRIFTED, OK)
