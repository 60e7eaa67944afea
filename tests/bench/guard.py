#!/usr/bin/env python3
"""guard.py TIMEOUT_S MAX_MB -- COMMAND... - runs COMMAND once within limits (tests/bench/run.sh).

For the expensive scale runs (BENCH_SCALE pages), where a peer may need more memory
than the machine has or take very long: COMMAND runs in its own process group; every
0.2 s the resident memory of the group is summed (/proc/PID/status VmRSS), and the
group is killed (SIGKILL) when that passes MAX_MB, when the machine's MemAvailable falls
under 1,024 MB (others use the machine too, and there may be no swap to fall back on),
or when TIMEOUT_S seconds have passed. Its output goes to standard error's file.

Prints one line to standard output: STATUS, TAB, "wall,user,sys,maxrss_kb" (the format
of run.sh's results), TAB, a reason; STATUS is ok, crash (non-zero exit or a signal
not sent here) or limit (stopped here: the reason says which limit, when, and the
memory sampled then). Exits 0 unless the guard itself fails.
Python 3 standard library only.
"""
import os
import signal
import subprocess
import sys
import tempfile
import time

MIN_AVAILABLE_MB = 1024


TICK = os.sysconf("SC_CLK_TCK")


def group_usage(pgid):
    """(resident KB, user s, system s) summed over the process group's members."""
    total, user, system = 0, 0.0, 0.0
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % d) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            if int(fields[2]) != pgid:  # state, ppid, pgrp
                continue
            user += int(fields[11]) / TICK  # utime, stime (fields 14 and 15 of stat)
            system += int(fields[12]) / TICK
            with open("/proc/%s/status" % d) as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
        except (OSError, IndexError, ValueError):
            continue
    return total, user, system


def available_mb():
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) / 1024.0
    return float("inf")


def main():
    if len(sys.argv) < 5 or sys.argv[3] != "--":
        sys.exit(__doc__)
    timeout, max_mb, cmd = float(sys.argv[1]), float(sys.argv[2]), sys.argv[4:]
    # GNU time reports the command's own peak RSS (wait4 on this process would count
    # Python's pages copied at the fork); it is killed with the command's group
    fd, tfile = tempfile.mkstemp(prefix="guard-time-")
    os.close(fd)
    t0 = time.monotonic()
    proc = subprocess.Popen(["/usr/bin/time", "-o", tfile, "-f", "%U %S %M"] + cmd,
                            stdout=subprocess.DEVNULL, start_new_session=True)
    peak_kb, reason, cpu = 0, "", (0.0, 0.0)
    while True:
        pid, status, ru = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        time.sleep(0.2)
        rss, u, st = group_usage(proc.pid)
        if u + st > 0:
            cpu = (u, st)
        peak_kb = max(peak_kb, rss)
        elapsed = time.monotonic() - t0
        if not reason:
            if rss / 1024.0 > max_mb:
                reason = "stopped by the memory guard after %.0f s: %s MB resident, over the limit of %s MB" % (
                    elapsed, format(rss // 1024, ","), format(int(max_mb), ","))
            elif available_mb() < MIN_AVAILABLE_MB:
                reason = ("stopped by the memory guard after %.0f s: the machine had under %s MB available "
                          "(the command held %s MB)" % (elapsed, format(MIN_AVAILABLE_MB, ","), format(rss // 1024, ",")))
            elif elapsed > timeout:
                reason = "stopped by the time limit of %.0f s (%s MB resident then)" % (timeout, format(rss // 1024, ","))
            if reason:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
    wall = time.monotonic() - t0
    (user, sys_), kb = cpu, peak_kb  # stopped here: as last sampled
    try:
        with open(tfile) as f:
            last = f.read().strip().split("\n")[-1].split()
        if not reason and len(last) == 3:
            user, sys_, kb = float(last[0]), float(last[1]), int(last[2])
    except (OSError, ValueError):
        pass
    os.unlink(tfile)
    if reason:
        state = "limit"
    elif os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0:  # GNU time passes the status on
        state = "ok"
    else:
        state = "crash"
        reason = ("exit status %d" % os.WEXITSTATUS(status) if os.WIFEXITED(status)
                  else "killed by signal %d" % os.WTERMSIG(status))
    print("%s\t%.4f,%.2f,%.2f,%d\t%s" % (state, wall, user, sys_, kb, reason))


if __name__ == "__main__":
    main()
