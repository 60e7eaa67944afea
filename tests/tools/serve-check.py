#!/usr/bin/env python3
"""serve-check.py IMPRINT WORK - `imprint serve` from the outside, over HTTP.

Starts `imprint serve --port 0` on a new site (imprint new) and checks, each as
a named step ("ok NAME" / "FAIL NAME: why"):
  - pages, content types, the injected reload script, ETag and 304, HEAD
    (headers, no body), the site's 404 page with status 404, 405 for POST;
  - path traversal: plain, percent-encoded, double-encoded, a NUL byte, a
    backslash and a symbolic link out of the site get 403 or 404 and never the
    file outside (raw requests, and curl --path-as-is); HEAD and 404 with curl;
  - editors: a swap file, a backup file and vim's 4913 probe cause no rebuild;
    an atomic save (temp file + rename) is one rebuild; a burst of 30 writes
    (a `git checkout`) is one rebuild; a new folder with a page is followed; a
    file deleted and made again is served again;
  - 50 clients with open event streams while 20 rebuilds happen: every client
    gets every reload event, in order;
  - a client that disconnects in the middle of a response leaves the server
    serving;
  - the demo's client reports are listed and served, and written again when a
    profile changes;
  - a second serve on the same port fails with a clear message; a bind to a
    non-loopback address warns; SIGINT stops it with status 0 and removes its
    temporary folder.
Ends with `serve: N passed, M failed`; exit 1 if any failed."""
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time

BIN = os.path.abspath(sys.argv[1])
WORK = os.path.abspath(sys.argv[2])
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import check, summary  # noqa: E402


class Server:
    """imprint serve in the background; its stderr lines collected."""

    def __init__(self, site, *args):
        self.lines = []
        self.proc = subprocess.Popen([BIN, "serve", "-C", site, "--port", "0", *args],
                                     stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
        self.cond = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()
        line = self.wait_line(r"serving .* at http://\[?([0-9a-f.:]+)\]?:(\d+)/", 60)
        m = re.search(r"at http://\[?([0-9a-f.:]+?)\]?:(\d+)/", line or "")
        self.port = int(m.group(2)) if m else None
        self.wait_line(r"typeset|PDF failed|build failed", 60)

    def _read(self):
        for line in self.proc.stderr:
            with self.cond:
                self.lines.append(line.rstrip("\n"))
                self.cond.notify_all()

    def wait_line(self, pattern, timeout, start=0):
        end = time.time() + timeout
        with self.cond:
            while True:
                for line in self.lines[start:]:
                    if re.search(pattern, line):
                        return line
                left = end - time.time()
                if left <= 0 or self.proc.poll() is not None and not self.cond.wait(0.2):
                    if left <= 0:
                        return None
                self.cond.wait(min(left, 0.2))

    def rebuilds(self):
        with self.cond:
            return [l for l in self.lines if re.match(r"imprint: .*: .*(rendered|failed)", l)]

    def stop(self):
        self.proc.send_signal(signal.SIGINT)
        try:
            return self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return None


def request(port, method, path, headers=None, raw=False):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    c.putrequest(method, path, skip_accept_encoding=True, skip_host=False)
    for k, v in (headers or {}).items():
        c.putheader(k, v)
    c.endheaders()
    r = c.getresponse()
    body = r.read()
    c.close()
    return r.status, dict((k.lower(), v) for k, v in r.getheaders()), body


def raw_request(port, line):
    """Sends a request line as given (no client-side normalising)."""
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.sendall(line.encode("latin-1") + b"\r\nHost: x\r\nConnection: close\r\n\r\n")
    data = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    s.close()
    head = data.split(b"\r\n", 1)[0].decode("latin-1")
    status = int(head.split()[1]) if len(head.split()) > 1 else 0
    return status, data


class Listener:
    """One open event stream, collecting the events' names in order."""

    def __init__(self, port, query="", headers=""):
        self.events = []
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=60)
        self.sock.sendall(f"GET /__imprint/events{query} HTTP/1.1\r\nHost: x\r\n{headers}\r\n".encode())
        self.ready = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        data = b""
        try:
            while True:
                chunk = self.sock.recv(65536)
                if not chunk:
                    return
                data += chunk
                if b"retry:" in data:
                    self.ready.set()
                self.events = re.findall(rb"event: (\w+)", data)
        except OSError:
            return

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def wait_for(pred, timeout):
    end = time.time() + timeout
    while time.time() < end:
        if pred():
            return True
        time.sleep(0.02)
    return pred()


def settle(srv, quiet=0.6, timeout=20):
    """Waits until the server has printed nothing for `quiet` seconds."""
    end = time.time() + timeout
    n, t = len(srv.lines), time.time()
    while time.time() < end:
        time.sleep(0.05)
        if len(srv.lines) != n:
            n, t = len(srv.lines), time.time()
        elif time.time() - t >= quiet:
            return


def main():
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    site = os.path.join(WORK, "site")
    subprocess.run([BIN, "new", site, "--title", "Serve Check"], check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(WORK, "secret.txt"), "w") as f:
        f.write("top secret\n")
    before = set(os.listdir("/tmp"))
    srv = Server(site)
    port = srv.port
    check("starts", port is not None, "\n".join(srv.lines))
    if port is None:
        return

    # ---- answers ----
    st, h, body = request(port, "GET", "/guide/getting-started/")
    check("page", st == 200 and h.get("content-type", "").startswith("text/html") and b"Getting started" in body,
          f"{st} {h}")
    check("reload-script-injected", len(re.findall(rb'<script src="/__imprint/reload\.js\?since=\d+"></script>', body)) == 1,
          "the tag should appear once")
    built = [os.path.join(r, f) for r, _, fs in os.walk(site) for f in fs if f.endswith(".html")]
    check("script-never-on-disk", built == [], f"imprint serve wrote HTML into the site folder: {built}")
    check("content-length", h.get("content-length") == str(len(body)), str(h))
    etag = h.get("etag")
    st2, h2, body2 = request(port, "GET", "/guide/getting-started/", {"If-None-Match": etag or "x"})
    check("etag-304", etag and st2 == 304 and body2 == b"", f"{st2} etag={etag}")
    check("cache-control", h.get("cache-control") == "no-cache", str(h))
    st, h, body = request(port, "HEAD", "/guide/")
    check("head", st == 200 and body == b"" and int(h.get("content-length", "0")) > 0, f"{st} {h} {len(body)}")
    st, h, body = request(port, "GET", "/no/such/page/")
    check("404-page", st == 404 and b"<html" in body and h.get("content-type", "").startswith("text/html"), f"{st}")
    st, h, _ = request(port, "POST", "/")
    check("post-405", st == 405 and "GET" in h.get("allow", ""), f"{st} {h}")
    css = re.search(rb'href="([^"]*site\.[0-9a-f]+\.css)"', request(port, "GET", "/")[2])
    st, h, _ = request(port, "GET", "/" + css.group(1).decode().lstrip("./")) if css else (0, {}, b"")
    check("css-type", st == 200 and h.get("content-type", "").startswith("text/css"), f"{st} {h}")
    st, h, body = request(port, "GET", "/handbook.pdf")
    check("pdf", st == 200 and h.get("content-type") == "application/pdf" and body.startswith(b"%PDF"), f"{st}")
    st, _, body = request(port, "GET", "/__imprint/pdf")
    check("pdf-page", st == 200 and b'id="imprint-pdf"' in body and b"/handbook.pdf" in body, f"{st}")
    st, _, body = request(port, "GET", "/__imprint/reload.js")
    check("script", st == 200 and b"EventSource" in body, f"{st}")

    # ---- nothing outside the site ----
    os.symlink(os.path.join(WORK, "secret.txt"), os.path.join(site, "content", "leak.txt"))
    time.sleep(0.5)  # the rebuild copies content files; a link out must not be served either
    for name, line in [("plain", "GET /../secret.txt HTTP/1.1"),
                       ("deep", "GET /../../../../../../etc/passwd HTTP/1.1"),
                       ("encoded", "GET /%2e%2e/%2e%2e/secret.txt HTTP/1.1"),
                       ("encoded-slash", "GET /..%2f..%2fsecret.txt HTTP/1.1"),
                       ("double-encoded", "GET /%252e%252e/%252e%252e/secret.txt HTTP/1.1"),
                       ("nul", "GET /index.html%00.png HTTP/1.1"),
                       ("backslash", "GET /..\\..\\secret.txt HTTP/1.1"),
                       ("symlink", "GET /leak.txt HTTP/1.1"),
                       ("absolute", "GET http://x/../../secret.txt HTTP/1.1")]:
        st, data = raw_request(port, line)
        check(f"traversal-{name}", st in (400, 403, 404) and b"top secret" not in data and b"root:" not in data,
              f"status {st}")

    # the same with curl, as a user would try it (--path-as-is: curl sends the dots as written)
    for name, path in [("plain", "/../secret.txt"), ("encoded", "/%2e%2e/%2e%2e/secret.txt"),
                       ("double-encoded", "/%252e%252e/secret.txt"), ("symlink", "/leak.txt")]:
        r = subprocess.run(["curl", "-s", "--path-as-is", "-o", "-", "-w", "\n%{http_code}",
                            f"http://127.0.0.1:{port}{path}"], capture_output=True, timeout=30)
        out = r.stdout.rsplit(b"\n", 1)
        code = out[-1].decode() if r.returncode == 0 else f"curl failed ({r.returncode})"
        check(f"curl-traversal-{name}", code in ("403", "404") and b"top secret" not in out[0], code)
    r = subprocess.run(["curl", "-s", "-I", f"http://127.0.0.1:{port}/guide/"], capture_output=True, text=True,
                       timeout=30)
    check("curl-head", r.stdout.startswith("HTTP/1.1 200") and "Content-Length:" in r.stdout, r.stdout)
    r = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", f"http://127.0.0.1:{port}/gone/"],
                       capture_output=True, text=True, timeout=30)
    check("curl-404", r.stdout == "404", r.stdout)

    # ---- editors ----
    page = os.path.join(site, "content", "guide", "getting-started.md")
    n0 = len(srv.rebuilds())
    for side in ("getting-started.md.swp", "getting-started.md~", "4913", ".#lock", "#getting-started.md#"):
        with open(os.path.join(site, "content", "guide", side), "w") as f:
            f.write("x")
        os.remove(os.path.join(site, "content", "guide", side))
    time.sleep(0.4)
    check("side-files-ignored", len(srv.rebuilds()) == n0, "\n".join(srv.rebuilds()[n0:]))
    tmp = page + ".tmp123"
    with open(page) as f:
        text = f.read()
    with open(tmp, "w") as f:
        f.write(text + "\nAtomic save marker.\n")
    os.rename(tmp, page)
    ok = wait_for(lambda: len(srv.rebuilds()) > n0, 5)
    time.sleep(0.3)
    rb = srv.rebuilds()[n0:]
    check("atomic-save-one-rebuild", ok and len(rb) == 1 and "getting-started.md:" in rb[0], "\n".join(rb))
    check("atomic-save-served", b"Atomic save marker" in request(port, "GET", "/guide/getting-started/")[2], "")
    n1 = len(srv.rebuilds())
    for i in range(30):  # a checkout: many files, a little apart
        with open(os.path.join(site, "content", "guide", f"burst-{i:02d}.md"), "w") as f:
            f.write(f"---\ntitle: Burst {i}\n---\n\nText {i}.\n")
        time.sleep(0.003)
    wait_for(lambda: len(srv.rebuilds()) > n1, 5)
    time.sleep(0.5)
    rb = srv.rebuilds()[n1:]
    check("burst-one-rebuild", len(rb) == 1 and "30 files" in rb[0], "\n".join(rb))
    check("burst-served", request(port, "GET", "/guide/burst-29/")[0] == 200, "")
    os.makedirs(os.path.join(site, "content", "notes"))
    with open(os.path.join(site, "content", "notes", "first.md"), "w") as f:
        f.write("---\ntitle: First note\n---\n\nNew folder.\n")
    check("new-folder-followed", wait_for(lambda: request(port, "GET", "/notes/first/")[0] == 200, 5), "")
    with open(os.path.join(site, "content", "notes", "second.md"), "w") as f:
        f.write("---\ntitle: Second note\n---\n\nIn the new folder.\n")
    check("new-folder-watched", wait_for(lambda: request(port, "GET", "/notes/second/")[0] == 200, 5), "")
    os.remove(os.path.join(site, "content", "notes", "first.md"))
    check("deleted-gone", wait_for(lambda: request(port, "GET", "/notes/first/")[0] == 404, 5), "")
    with open(os.path.join(site, "content", "notes", "first.md"), "w") as f:
        f.write("---\ntitle: First note again\n---\n\nBack.\n")
    check("recreated-served", wait_for(lambda: b"First note again" in request(port, "GET", "/notes/first/")[2], 5),
          "")

    # ---- a page whose stream opens after a rebuild it missed still hears of it ----
    settle(srv)
    since = int(re.search(rb"reload\.js\?since=(\d+)", request(port, "GET", "/guide/")[2]).group(1))
    n = len(srv.rebuilds())
    with open(page, "a") as f:
        f.write("\nEdited while the page was loading.\n")
    wait_for(lambda: len(srv.rebuilds()) > n, 5)
    late = Listener(port, f"?since={since}")
    check("late-stream-gets-missed-reload", wait_for(lambda: b"reload" in late.events, 5),
          f"events: {late.events}")
    late.close()
    restarted = Listener(port, "", "Last-Event-ID: 999999\r\n")  # from a server before a restart
    check("stream-from-old-server-reloads", wait_for(lambda: b"reload" in restarted.events, 5),
          f"events: {restarted.events}")
    restarted.close()

    # ---- 50 event streams, 20 rebuilds ----
    settle(srv)  # the last edit's rebuilds done: the streams start from a quiet server
    listeners = [Listener(port) for _ in range(50)]
    check("50-streams-open", all(l.ready.wait(10) for l in listeners), "")
    for i in range(20):
        n = len(srv.rebuilds())
        with open(page, "a") as f:
            f.write(f"\nEdit {i}.\n")
        wait_for(lambda: len(srv.rebuilds()) > n, 5)
        time.sleep(0.05)
    wait_for(lambda: all(l.events.count(b"reload") >= 20 for l in listeners), 10)
    counts = sorted({l.events.count(b"reload") for l in listeners})
    check("50-clients-every-reload", counts == [20], f"reload events per client: {counts}")
    for l in listeners:
        l.close()

    # ---- a client gone mid-response ----
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET /handbook.pdf HTTP/1.1\r\nHost: x\r\n\r\n")
    s.recv(1000)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    s.close()  # reset in the middle of the body
    time.sleep(0.2)
    check("survives-disconnect", request(port, "GET", "/")[0] == 200 and srv.proc.poll() is None, "")

    # ---- the port, the address, the stop ----
    second = subprocess.run([BIN, "serve", "-C", site, "--port", str(port)], capture_output=True, text=True,
                            timeout=30)
    check("port-in-use", second.returncode == 1 and "in use" in second.stderr and "--port" in second.stderr,
          second.stderr)
    rc = srv.stop()
    check("sigint-stops", rc == 0 and srv.wait_line("stopped", 5) is not None, f"exit {rc}")
    left = [d for d in set(os.listdir("/tmp")) - before if d.startswith("imprint-serve-")]
    check("temp-removed", not left, str(left))
    wide = Server(site, "--bind", "0.0.0.0")
    check("non-loopback-warns", wide.wait_line("warning: 0.0.0.0 is reachable", 5) is not None,
          "\n".join(wide.lines))
    wide.stop()
    # ---- a first build that fails: a page that shows the errors, then the site once fixed ----
    broken = os.path.join(WORK, "broken")
    shutil.copytree(site, broken, ignore=shutil.ignore_patterns("output"))
    yaml_path = os.path.join(broken, "content", "site.yaml")
    with open(yaml_path) as f:
        good = f.read()
    with open(yaml_path, "w") as f:
        f.write(good.replace('title: "Serve Check"', "title: [broken"))
    bsrv = Server(broken)
    st, _, body = request(bsrv.port, "GET", "/")
    check("first-build-failed-page", st == 404 and b"Not built yet" in body and b"reload.js" in body, f"{st}")
    errs = Listener(bsrv.port)
    check("first-build-errors-on-connect", wait_for(lambda: b"errors" in errs.events, 5), f"{errs.events}")
    with open(yaml_path, "w") as f:
        f.write(good)
    check("first-build-fixed", wait_for(lambda: request(bsrv.port, "GET", "/")[0] == 200, 10) and
          b"reload" in errs.events, f"{errs.events}")
    errs.close()
    bsrv.stop()

    # ---- client reports: listed, served, written again when a profile changes ----
    demo = os.path.join(WORK, "demo")
    os.makedirs(demo)
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    shutil.copytree(os.path.join(root, "content"), os.path.join(demo, "content"))
    rsrv = Server(demo)
    rsrv.wait_line(r"client reports? written", 60)
    st, _, body = request(rsrv.port, "GET", "/__imprint/reports/")
    check("reports-listed", st == 200 and b'href="acme-health/report.html"' in body, f"{st}")
    st, h, body = request(rsrv.port, "GET", "/__imprint/reports/acme-health/report.html")
    check("report-served", st == 200 and b"Acme Health" in body and b"reload.js" in body, f"{st}")
    events = Listener(rsrv.port)
    events.ready.wait(10)
    profile = os.path.join(demo, "content", "profiles", "acme-health.yaml")
    with open(profile) as f:
        text = f.read()
    with open(profile, "w") as f:
        f.write(text.replace("Dana Reyes, CTO", "Robin Okafor, CTO"))
    check("report-rebuilt", wait_for(lambda: b"reports" in events.events, 30) and
          b"Robin Okafor" in request(rsrv.port, "GET", "/__imprint/reports/acme-health/report.html")[2],
          f"events: {events.events}")
    events.close()
    rsrv.stop()

    report = [l for l in srv.lines + wide.lines + rsrv.lines + bsrv.lines + second.stderr.splitlines()
              if re.search(r"Sanitizer|runtime error", l)]
    check("no-sanitizer-report", not report, "\n".join(srv.lines[-40:]))


status = 1
try:
    main()
finally:
    status = summary("serve")
sys.exit(status)
