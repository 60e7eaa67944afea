#!/usr/bin/env node
// serve-e2e.mjs IMPRINT WORKDIR
//
// End-to-end test of `imprint serve`, the live preview, in Debian's headless
// Chromium driven through playwright-core (never a downloaded browser).
//
// It makes a fresh site with `IMPRINT new WORKDIR/site`, serves it on a free
// port, opens /guide/getting-started/ and then, without touching the page,
// edits the site the way a writer would and checks what the page does:
//
//   content-edit-append   a paragraph appended to the page's Markdown shows up
//   reload-keeps-scroll   ... and the reload kept the scroll position
//   content-edit-atomic   an editor's "atomic save" (temp file + rename) too
//   css-swap              a changed site.css restyles the page in place,
//                         without a reload (a variable set in the page survives)
//   error-overlay         a broken site.yaml shows the build's errors over the
//                         page (file:line:col), the last good site still served
//   error-overlay-removed restoring site.yaml takes the overlay away
//   delete-current-page   deleting the open page's file sends the page home
//   page-script-errors    no uncaught script error in the page all along
//   stop                  SIGINT stops the server: status 0, "stopped"
//
// Prints `ok   NAME` or `FAIL NAME: why` per check (with the server's log lines
// of a failed check), then `serve-e2e: N passed, M failed`; exits 1 when a
// check failed, 2 on a usage or setup error. A screenshot of the error overlay
// goes to WORKDIR/../screenshots/serve-overlay.png when that folder can be made.
//
// Only WORKDIR/site is removed before the run; the rest of WORKDIR is left
// alone. Environment: CHROMIUM (default /usr/bin/chromium).

import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  accessSync,
  appendFileSync,
  constants as fsc,
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { BROWSER_ARGS, CHROMIUM } from './chromium.mjs';

const USAGE = 'usage: serve-e2e.mjs IMPRINT WORKDIR';
const OVERALL_TIMEOUT_MS = 3 * 60 * 1000;
const START_TIMEOUT_MS = 30 * 1000; // the URL line, then the first page
const CHANGE_TIMEOUT_MS = 10 * 1000; // an edit reaching the page
const STOP_TIMEOUT_MS = 10 * 1000; // SIGINT to exit (the `stop` check)
const KILL_AFTER_MS = 5 * 1000; // cleanup: SIGINT, then SIGKILL
const POLL_MS = 100;
const PAGE = '/guide/getting-started/';
const BG = 'rgb(1, 2, 3)'; // the test's body background
const MARKER = '--serve-e2e-marker'; // a custom property: the site's own site.css is in use


// ---- arguments and setup ----

const args = process.argv.slice(2);
if (args.length !== 2) {
  console.error(USAGE);
  process.exit(2);
}
const IMPRINT = path.resolve(args[0]);
const WORK = path.resolve(args[1]);
const SITE = path.join(WORK, 'site');
const SHOTS = path.join(path.dirname(WORK), 'screenshots');
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function setupError(msg) {
  console.error(`serve-e2e: ${msg}`);
  process.exit(2);
}

try {
  accessSync(IMPRINT, fsc.X_OK);
} catch {
  setupError(`${IMPRINT} is not an executable (build it: make build/imprint)`);
}
if (!existsSync(CHROMIUM)) setupError(`no browser at ${CHROMIUM} (apt-get install chromium)`);
if (WORK === path.parse(WORK).root) setupError('WORKDIR may not be the root folder');
try {
  mkdirSync(WORK, { recursive: true });
  rmSync(SITE, { recursive: true, force: true });
} catch (e) {
  setupError(`cannot prepare ${WORK}: ${e.message}`);
}

// ---- the checks ----

let passed = 0;
let failed = 0;
const results = new Map(); // name -> true (passed) / false

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

class CheckError extends Error {}
function fail(msg) {
  throw new CheckError(msg);
}

function clip(s, n = 160) {
  s = String(s).replace(/\s+/g, ' ').trim();
  return s.length > n ? `${s.slice(0, n)}...` : s;
}

// Runs a named check: prints `ok NAME` or `FAIL NAME: why` and the server's
// log lines written meanwhile. needs: checks that must have passed first.
async function check(name, fn, needs = []) {
  const missing = needs.filter((n) => results.get(n) !== true);
  if (missing.length) {
    results.set(name, false);
    failed++;
    console.log(`FAIL ${name}: not run (needs ${missing.join(', ')})`);
    return false;
  }
  const logStart = server.log.length;
  const errStart = pageErrors.length;
  try {
    await fn();
    results.set(name, true);
    passed++;
    console.log(`ok   ${name}`);
    return true;
  } catch (e) {
    results.set(name, false);
    failed++;
    const why = e instanceof CheckError ? e.message : e && e.stack ? e.stack : String(e);
    console.log(`FAIL ${name}: ${why}`);
    for (const l of server.log.slice(logStart)) console.log(`    server| ${l}`);
    for (const l of pageErrors.slice(errStart)) console.log(`    page  | ${l}`);
    return false;
  }
}

// Polls probe() (returning { ok, seen }) until ok or timeout; a probe that
// throws (the page is between two documents, say) counts as not yet, unless
// it calls fail() (no point in waiting on).
async function waitUntil(what, probe, timeout = CHANGE_TIMEOUT_MS) {
  const t0 = Date.now();
  let seen = 'nothing yet';
  for (;;) {
    try {
      const r = await probe();
      if (r.ok) return r;
      seen = r.seen;
    } catch (e) {
      if (e instanceof CheckError) throw e;
      seen = `error: ${clip(e.message, 200)}`;
    }
    if (Date.now() - t0 > timeout)
      fail(`no ${what} within ${timeout / 1000} s; last seen: ${seen}`);
    await sleep(POLL_MS);
  }
}

// ---- the server ----

const server = {
  proc: null,
  log: [], // its stderr and stdout, by line
  exited: null, // { code, signal } once it has exited
  exitPromise: null,
  url: null, // "http://127.0.0.1:PORT/"
};

function startServer() {
  const proc = spawn(IMPRINT, ['serve', '-C', SITE, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.proc = proc;
  server.exitPromise = new Promise((resolve) => {
    proc.on('exit', (code, signal) => {
      server.exited = { code, signal };
      resolve(server.exited);
    });
    proc.on('error', (e) => {
      server.log.push(`(spawn failed: ${e.message})`);
      server.exited = { code: null, signal: null, error: e };
      resolve(server.exited);
    });
  });
  for (const stream of [proc.stderr, proc.stdout]) {
    let pending = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      pending += chunk;
      let nl;
      while ((nl = pending.indexOf('\n')) >= 0) {
        server.log.push(pending.slice(0, nl));
        pending = pending.slice(nl + 1);
      }
    });
    stream.on('end', () => {
      if (pending) server.log.push(pending);
      pending = '';
    });
  }
}

// SIGINT, then SIGKILL after `grace` ms; resolves to how it exited.
async function stopServer(grace) {
  if (!server.proc || server.exited) return server.exited;
  server.proc.kill('SIGINT');
  const timer = sleep(grace).then(() => 'timeout');
  const r = await Promise.race([server.exitPromise, timer]);
  if (r === 'timeout') {
    server.proc.kill('SIGKILL');
    await server.exitPromise;
    return { ...server.exited, killed: true };
  }
  return r;
}

process.on('exit', () => {
  if (server.proc && !server.exited) server.proc.kill('SIGKILL');
});

async function httpStatus(urlPath, method = 'GET') {
  const r = await fetch(new URL(urlPath, server.url), { method, cache: 'no-store' });
  const body = method === 'HEAD' ? '' : await r.text();
  return { status: r.status, body };
}

// ---- the browser ----

let browser = null;
let page = null;
const pageErrors = []; // uncaught errors in the page
let navigations = 0; // main-frame navigations (a reload counts)

async function closeBrowser() {
  if (!browser) return;
  const b = browser;
  browser = null;
  await Promise.race([b.close().catch(() => {}), sleep(KILL_AFTER_MS)]);
}

const pathname = () => new URL(page.url()).pathname;

async function mainText() {
  return page.evaluate(() => {
    const m = document.querySelector('main');
    return m ? m.textContent : null;
  });
}

// Runs in every document before its scripts: notes the EventSource that
// reload.js opens and the events it gets, to wait on and to report.
function watchEventStreams() {
  const ES = window.EventSource;
  const seen = { streams: [], events: [] };
  window.__serveE2E = seen;
  window.EventSource = class extends ES {
    constructor(...a) {
      super(...a);
      seen.streams.push(this);
      for (const name of ['reload', 'css', 'errors', 'ok'])
        this.addEventListener(name, () => seen.events.push(name));
    }
  };
}

// What the page's event stream did: "stream open; events: reload, css".
async function streamState() {
  return page.evaluate(() => {
    const s = window.__serveE2E;
    if (!s) return 'no stream instrumentation in the page';
    const states = s.streams.map((e) => ['connecting', 'open', 'closed'][e.readyState]);
    return `stream ${states.join('/') || 'not made'}; events: ${s.events.join(', ') || 'none'}`;
  });
}

// Waits until the page's /__imprint/events stream is open. A page loaded
// from one build learns of the next one only through its stream, and the
// server sends a connection only what is published after it connected; so
// every edit waits for this first (the page may have just reloaded).
async function waitForStream() {
  await waitUntil('open /__imprint/events stream in the page', async () => {
    const open = await page.evaluate(() => !!window.__serveE2E?.streams.some((e) => e.readyState === 1));
    return { ok: open, seen: `${page.url()}: ${await streamState()}` };
  });
}

// Waits for the page to show `word` inside <main>.
async function waitForWord(word, alsoWords = []) {
  await waitUntil(`"${word}" in the page's <main>`, async () => {
    const t = await mainText();
    if (t === null) return { ok: false, seen: `no <main> at ${page.url()}` };
    const missing = [word, ...alsoWords].filter((w) => !t.includes(w));
    return {
      ok: missing.length === 0,
      seen:
        `${page.url()}: <main> (${t.length} chars) lacks ${missing.map((w) => `"${w}"`).join(', ')}; ` +
        `${navigations} navigations so far; ${await streamState()}`,
    };
  });
}

// ---- the test ----

function uniqueWord(stem) {
  return `${stem}-${randomBytes(4).toString('hex')}`;
}

async function run() {
  const md = path.join(SITE, 'content', 'guide', 'getting-started.md');
  const yaml = path.join(SITE, 'content', 'site.yaml');
  const cssDir = path.join(SITE, 'assets', 'css');
  const css = path.join(cssDir, 'site.css');
  let themeDir = REPO;

  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: BROWSER_ARGS }).catch((e) =>
    setupError(`cannot start ${CHROMIUM}: ${e.message}`),
  );

  // 1. a new site, served
  await check('new', async () => {
    const r = spawnSync(IMPRINT, ['new', SITE, '--title', 'Live Preview'], { encoding: 'utf8', timeout: 30000 });
    if (r.error) fail(`${IMPRINT} new: ${r.error.message}`);
    if (r.status !== 0) fail(`${IMPRINT} new exited with ${r.status}: ${clip(r.stderr + r.stdout, 400)}`);
    for (const f of [md, yaml]) if (!existsSync(f)) fail(`${f} was not made`);
    // "its look:    /path/to/theme (copy a file ...)": where the theme's site.css is
    const look = /its look:\s+(\S+)/.exec(r.stdout + r.stderr);
    if (look && existsSync(path.join(look[1], 'assets', 'css', 'site.css'))) themeDir = look[1];
  });

  await check(
    'serve-start',
    async () => {
      startServer();
      const t0 = Date.now();
      const r = await waitUntil(
        'URL line on the server\'s stderr',
        async () => {
          if (server.exited) fail(`the server exited early (${JSON.stringify(server.exited)})`);
          for (const l of server.log) {
            const m = /serving .* at (https?:\/\/\S+?\/)(?=[\s(]|$)/.exec(l);
            if (m) return { ok: true, url: m[1] };
          }
          return { ok: false, seen: `${server.log.length} lines: ${clip(server.log.join(' | '), 300)}` };
        },
        START_TIMEOUT_MS,
      );
      server.url = r.url;
      console.log(`serving at ${server.url}`);
      // The first build follows the URL line: wait until the page is there.
      await waitUntil(
        `200 for ${PAGE}`,
        async () => {
          if (server.exited) fail(`the server exited (${JSON.stringify(server.exited)})`);
          const s = await httpStatus(PAGE, 'HEAD');
          return { ok: s.status === 200, seen: `status ${s.status}` };
        },
        Math.max(1000, START_TIMEOUT_MS - (Date.now() - t0)),
      );
    },
    ['new'],
  );

  // 2. the page, in the browser
  await check(
    'open-page',
    async () => {
      const origin = new URL(server.url).origin;
      const context = await browser.newContext({
        viewport: { width: 1280, height: 800 },
        deviceScaleFactor: 1,
        reducedMotion: 'reduce',
        serviceWorkers: 'block',
      });
      // Nothing may leave the preview's server.
      await context.route((u) => u.origin !== origin, (route) => route.abort('blockedbyclient'));
      await context.addInitScript(watchEventStreams);
      page = await context.newPage();
      page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${clip(e.stack || e.message, 400)}`));
      page.on('framenavigated', (f) => {
        if (f === page.mainFrame()) navigations++;
      });
      const resp = await page.goto(new URL(PAGE, server.url).href, { waitUntil: 'load', timeout: 30000 });
      if (!resp || resp.status() !== 200) fail(`${PAGE} answered ${resp ? resp.status() : 'nothing'}`);
      const h1 = await page.evaluate(() => document.querySelector('h1')?.textContent.trim() ?? null);
      if (h1 !== 'Getting started') fail(`h1 is ${JSON.stringify(h1)}, expected "Getting started"`);
      const script = await page.evaluate(
        () => !!document.querySelector('script[src^="/__imprint/reload.js"]'),
      );
      if (!script) fail('the page has no <script src="/__imprint/reload.js">');
    },
    ['serve-start'],
  );

  const browserChecks = ['open-page'];

  // 3. content edits: a plain append, then an atomic save
  let word1 = null;
  let scrollWanted = null;
  let scrollSeen = null;
  await check(
    'content-edit-append',
    async () => {
      // Scroll down a little first, for reload-keeps-scroll.
      const max = await page.evaluate(() => document.documentElement.scrollHeight - innerHeight);
      if (max >= 100) {
        scrollWanted = Math.min(400, Math.floor(max / 2));
        await page.evaluate((y) => scrollTo(0, y), scrollWanted);
        await waitUntil(`scrollY ${scrollWanted} before the edit`, async () => {
          const y = await page.evaluate(() => scrollY);
          return { ok: Math.abs(y - scrollWanted) <= 1, seen: `scrollY ${y}` };
        }, 2000);
      }
      const before = navigations;
      word1 = uniqueWord('Zebrafish');
      await waitForStream();
      appendFileSync(md, `\n\n${word1} swims past: a paragraph added by serve-e2e.\n`);
      await waitForWord(word1);
      if (navigations === before) fail(`"${word1}" showed up, yet the page did not reload (?)`);
      if (scrollWanted !== null) {
        // the script restores the position on "load"
        await page.waitForLoadState('load');
        const t0 = Date.now();
        for (;;) {
          scrollSeen = await page.evaluate(() => scrollY);
          if (Math.abs(scrollSeen - scrollWanted) <= 2 || Date.now() - t0 > 3000) break;
          await sleep(POLL_MS);
        }
      }
    },
    browserChecks,
  );

  await check(
    'reload-keeps-scroll',
    async () => {
      if (scrollWanted === null) {
        console.log('    (the page is too short to scroll; nothing to check)');
        return;
      }
      if (Math.abs(scrollSeen - scrollWanted) > 2)
        fail(`scrolled to ${scrollWanted} before the reload, at ${scrollSeen} after it`);
    },
    ['content-edit-append'],
  );

  await check(
    'content-edit-atomic',
    async () => {
      const word2 = uniqueWord('Okapi');
      const text = readFileSync(md, 'utf8') + `\n${word2} walks in: an atomic save by serve-e2e.\n`;
      const tmp = path.join(path.dirname(md), `getting-started.md.serve-e2e-${process.pid}.tmp`);
      await waitForStream();
      writeFileSync(tmp, text);
      renameSync(tmp, md);
      await waitForWord(word2, word1 ? [word1] : []);
    },
    browserChecks,
  );

  // 4. a changed stylesheet: swapped in place, no reload
  await check(
    'css-swap',
    async () => {
      const themeCss = path.join(themeDir, 'assets', 'css', 'site.css');
      const base = readFileSync(themeCss, 'utf8');
      // First the site gets its own assets/css/site.css (the theme's, plus a
      // marker variable): the watcher sees new folders, so the page may
      // reload. Wait until that copy is in use before setting the probe.
      const withMarker = `${base}\n/* serve-e2e */\nhtml { ${MARKER}: 1; }\n`;
      await waitForStream();
      mkdirSync(cssDir, { recursive: true });
      writeFileSync(css, withMarker);
      const marker = () =>
        page.evaluate((m) => getComputedStyle(document.documentElement).getPropertyValue(m).trim(), MARKER);
      await waitUntil(`the site's own site.css (${MARKER}: 1) in the page`, async () => {
        const [v, ready] = [await marker(), await page.evaluate(() => document.readyState)];
        return {
          ok: v === '1' && ready === 'complete',
          seen: `${MARKER}: ${JSON.stringify(v)}, readyState ${ready}, ${page.url()}`,
        };
      });
      const bgBefore = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      if (bgBefore === BG) fail(`body's background is ${BG} already`);
      await page.evaluate(() => {
        window.__imprintProbe = 42;
      });
      await waitForStream();
      const before = navigations;
      // Then only site.css changes: a plain write of the whole file.
      writeFileSync(css, `${withMarker}body { background: ${BG} !important; }\n`);
      await waitUntil(`body background ${BG}`, async () => {
        const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        return {
          ok: bg === BG,
          seen: `${bg} (was ${bgBefore}); ${navigations - before} navigations since the write; ${await streamState()}`,
        };
      });
      const probe = await page.evaluate(() => window.__imprintProbe);
      if (probe !== 42 || navigations !== before)
        fail(
          `the page reloaded instead of swapping the stylesheet: window.__imprintProbe is ${JSON.stringify(probe)}, ` +
            `${navigations - before} navigations since the write`,
        );
      if (pathname() !== PAGE) fail(`the page moved to ${page.url()}`);
      // And back: the theme's look again (the overlay's screenshot shows the
      // site as a reader sees it), still without a reload.
      writeFileSync(css, withMarker);
      await waitUntil(`body background back to ${bgBefore}`, async () => {
        const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        return {
          ok: bg === bgBefore,
          seen: `${bg}; ${navigations - before} navigations since the first write; ${await streamState()}`,
        };
      });
      const probe2 = await page.evaluate(() => window.__imprintProbe);
      if (probe2 !== 42 || navigations !== before)
        fail(
          `the page reloaded when site.css was changed back: window.__imprintProbe is ${JSON.stringify(probe2)}, ` +
            `${navigations - before} navigations since the first write`,
        );
    },
    browserChecks,
  );

  // 5. a broken site.yaml: the overlay, then restored: no overlay
  const yamlText = readFileSync(yaml, 'utf8');
  await check(
    'error-overlay',
    async () => {
      if (!/^title:.*$/m.test(yamlText)) fail(`${yaml} has no "title:" line to break`);
      await waitForStream();
      writeFileSync(yaml, yamlText.replace(/^title:.*$/m, 'title: [broken'));
      const r = await waitUntil('visible #imprint-serve-errors naming site.yaml:LINE:COL', async () => {
        const o = await page.evaluate(() => {
          const box = document.getElementById('imprint-serve-errors');
          if (!box) return null;
          const rect = box.getBoundingClientRect();
          const st = getComputedStyle(box);
          const visible = rect.width > 0 && rect.height > 0 && st.visibility !== 'hidden' && st.display !== 'none';
          return { visible, text: box.textContent, shown: box.innerText, role: box.getAttribute('role') };
        });
        if (!o) return { ok: false, seen: `no overlay at ${page.url()}; ${await streamState()}` };
        const ok = o.visible && /site\.yaml:\d+:\d+: /.test(o.text);
        return { ok, seen: `overlay (visible: ${o.visible}, role ${o.role}): ${clip(o.text, 300)}`, ...o };
      });
      if (r.role !== 'alert') fail(`the overlay's role is ${JSON.stringify(r.role)}, expected "alert"`);
      console.log(`    overlay: ${clip(r.shown.replace(/\n+/g, ' | '), 300)}`);
      try {
        mkdirSync(SHOTS, { recursive: true });
        const shot = path.join(SHOTS, 'serve-overlay.png');
        await page.screenshot({ path: shot });
        console.log(`    screenshot: ${shot}`);
      } catch (e) {
        console.log(`    (no screenshot: ${clip(e.message)})`);
      }
      // Meanwhile the last good site is still served.
      const s = await httpStatus(PAGE);
      if (s.status !== 200)
        fail(`with the broken site.yaml, ${PAGE} answered ${s.status}, expected the last good page`);
      if (word1 && !s.body.includes(word1))
        fail(`with the broken site.yaml, ${PAGE} is not the last good page (no "${word1}")`);
      if (pathname() !== PAGE) fail(`the page moved to ${page.url()}`);
    },
    browserChecks,
  );

  await check(
    'error-overlay-removed',
    async () => {
      writeFileSync(yaml, yamlText);
      await waitUntil('overlay removed after restoring site.yaml', async () => {
        const text = await page.evaluate(() => document.getElementById('imprint-serve-errors')?.textContent ?? null);
        return {
          ok: text === null,
          seen: `the overlay still at ${page.url()}: ${clip(text, 200)}; ${await streamState()}`,
        };
      });
    },
    browserChecks,
  );

  // 6. the open page deleted: the browser goes home
  await check(
    'delete-current-page',
    async () => {
      if (pathname() !== PAGE) {
        console.log(`    (the page is at ${page.url()}; opening ${PAGE} again first)`);
        await page.goto(new URL(PAGE, server.url).href, { waitUntil: 'load' });
      }
      await waitForStream();
      unlinkSync(md);
      await waitUntil('the browser at / (the home page)', async () => {
        const p = pathname();
        return { ok: p === '/', seen: `the browser at ${page.url()}; ${await streamState()}` };
      });
      await page.waitForLoadState('load');
      const s = await httpStatus(PAGE, 'HEAD');
      if (s.status !== 404) fail(`the deleted page ${PAGE} still answers ${s.status}, expected 404`);
    },
    browserChecks,
  );

  await check(
    'page-script-errors',
    async () => {
      if (pageErrors.length)
        fail(`${pageErrors.length} uncaught error(s) in the page: ${pageErrors.map((e) => clip(e, 300)).join(' || ')}`);
    },
    browserChecks,
  );

  // 7. SIGINT stops it (with the page's event stream still open)
  await check(
    'stop',
    async () => {
      if (server.exited) fail(`the server had exited already (${JSON.stringify(server.exited)})`);
      const r = await stopServer(STOP_TIMEOUT_MS);
      if (r.killed) fail(`no exit within ${STOP_TIMEOUT_MS / 1000} s of SIGINT; killed it`);
      // let the pipes drain
      await sleep(50);
      const how = r.code === null ? `signal ${r.signal}` : `status ${r.code}`;
      if (r.code !== 0) fail(`exited with ${how} after SIGINT, expected 0`);
      if (!server.log.some((l) => l.includes('stopped')))
        fail(`its stderr has no "stopped": ${clip(server.log.slice(-3).join(' | '), 300)}`);
    },
    ['serve-start'],
  );
}

async function finish(code) {
  await stopServer(KILL_AFTER_MS).catch(() => {});
  await closeBrowser();
  console.log(`serve-e2e: ${passed} passed, ${failed} failed`);
  process.exit(code ?? (failed ? 1 : 0));
}

const overall = setTimeout(async () => {
  failed++;
  console.log(`FAIL overall-timeout: the test took more than ${OVERALL_TIMEOUT_MS / 1000} s`);
  if (server.log.length) for (const l of server.log.slice(-20)) console.log(`    server| ${l}`);
  await finish(1);
}, OVERALL_TIMEOUT_MS);
overall.unref();

run().then(
  () => finish(),
  async (e) => {
    console.error(`serve-e2e: ${e && e.stack ? e.stack : e}`);
    failed++;
    await finish(1);
  },
);
