"""checks.py - the ok/FAIL lines and the closing count shared by the Python test scripts
(serve-check.py, multilingual-check.py): check() prints one line per check, summary() the
closing `NAME: N passed, M failed` line and gives the exit status."""

passed = failed = 0


def check(name, cond, why=""):
    """Counts one check and prints `ok   NAME` or `FAIL NAME: WHY`."""
    global passed, failed
    if cond:
        passed += 1
        print(f"ok   {name}")
    else:
        failed += 1
        print(f"FAIL {name}: {why}")


def summary(label):
    """Prints `LABEL: N passed, M failed`; returns the exit status: 1 when any check failed."""
    print(f"{label}: {passed} passed, {failed} failed")
    return 1 if failed else 0
