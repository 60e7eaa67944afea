#!/usr/bin/env python3
"""reload-latency.py IMPRINT SITE_DIR PAGE KEY CASE [N] - edit-to-reload latency of `imprint serve`.

Starts `imprint serve -C SITE_DIR --port 0`, opens the event stream like a page
does, then N times (default 15) rewrites PAGE (a path under SITE_DIR) as an
editor saves it (temp file + rename) and measures the time from the rename to
the `reload` event arriving on the stream: the watcher's batching, the
incremental rebuild and the event, as a writer waits for them. Prints one row in
the format of tests/bench/run.sh's results (KEY, CASE, "imprint serve", ok|crash,
runs as "wall,0,0,0;..."), to standard output; progress to standard error."""
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time

imprint, site, page, key, case = sys.argv[1:6]
n = int(sys.argv[6]) if len(sys.argv) > 6 else 15
path = os.path.join(site, page)
original = open(path, encoding="utf-8").read()
proc = subprocess.Popen([imprint, "serve", "-C", site, "--port", "0", "-j", str(os.cpu_count())],
                        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
lines = []
ready = threading.Event()


def read_stderr():
    for line in proc.stderr:
        lines.append(line)
        if "typeset" in line or "failed" in line:
            ready.set()


threading.Thread(target=read_stderr, daemon=True).start()
status, runs = "ok", []
try:
    if not ready.wait(600):
        raise RuntimeError("no first build")
    port = int(re.search(r"127\.0\.0\.1:(\d+)/", "".join(lines)).group(1))
    time.sleep(1.0)  # the reports and PDF of the first build are done
    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(b"GET /__imprint/events HTTP/1.1\r\nHost: x\r\n\r\n")
    buf = b""
    while b"retry:" not in buf:
        buf += sock.recv(65536)
    for i in range(n):
        time.sleep(0.6)  # the previous edit's PDF is typeset after its reload
        sock.setblocking(False)
        try:
            while sock.recv(65536):
                pass
        except BlockingIOError:
            pass
        sock.setblocking(True)
        tmp = path + ".tmp-bench"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(original + "\nLatency edit %d: one more paragraph.\n" % i)
        t0 = time.perf_counter()
        os.rename(tmp, path)
        got = b""
        while b"event: reload" not in got:
            chunk = sock.recv(65536)
            if not chunk:
                raise RuntimeError("the event stream closed")
            got += chunk
        runs.append(time.perf_counter() - t0)
        print("  edit %d: %.1f ms" % (i + 1, runs[-1] * 1000), file=sys.stderr)
    sock.close()
except Exception as e:  # a crash of the server or the harness: the row says so
    print("reload-latency: %s\n%s" % (e, "".join(lines[-20:])), file=sys.stderr)
    status = "crash"
finally:
    with open(path, "w", encoding="utf-8") as f:
        f.write(original)
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()
print("%s\t%s\timprint serve\t%s\t%s" % (key, case, status, ";".join("%.4f,0,0,0" % r for r in runs)))
sys.exit(0 if status == "ok" else 1)
