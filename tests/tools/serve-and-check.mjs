#!/usr/bin/env node
// serve-and-check.mjs SITE_DIR SHOT_DIR
//
// Serves a built imprint site on 127.0.0.1 (clean URLs, 404.html with status
// 404), opens every page in Debian's headless Chromium through playwright-core
// (never a downloaded browser), runs axe-core (wcag2a, wcag2aa, best-practice)
// on each at a desktop and a phone viewport, and saves screenshots of the home
// page and one chapter. Besides axe it checks what a reader would hit first:
// the HTTP status of each page, sub-resources that fail to load, and
// horizontal overflow on the phone viewport; those are reported as
// "imprint/..." rules alongside axe's.
//
// Prints one line per problem (page URL, rule id, impact, target), then the
// closing line `axe: N passed, M failed` (pages with no problem vs pages with
// at least one) and exits 1 when any page failed, 2 on a usage or setup error.
//
// Environment: CHROMIUM (default /usr/bin/chromium), SHOT_PAGE (the chapters
// to screenshot, comma-separated, default /guide/benchmarks/).

import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readdirSync, statSync, createReadStream } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { BROWSER_ARGS, CHROMIUM } from './chromium.mjs';

const require = createRequire(import.meta.url);

const [siteArg, shotArg] = process.argv.slice(2);
if (!siteArg || !shotArg) {
  console.error('usage: serve-and-check.mjs SITE_DIR SHOT_DIR');
  process.exit(2);
}
const SITE = path.resolve(siteArg);
const SHOTS = path.resolve(shotArg);
const SHOT_PAGES = (process.env.SHOT_PAGE || '/guide/benchmarks/').split(',');
const MISSING = '/imprint-check-missing-page/';
const OVERALL_TIMEOUT_MS = 10 * 60 * 1000;

if (!existsSync(path.join(SITE, 'index.html'))) {
  console.error(`serve-and-check: ${SITE}/index.html not found (build the site first)`);
  process.exit(2);
}
if (!existsSync(CHROMIUM)) {
  console.error(`serve-and-check: no browser at ${CHROMIUM} (apt-get install chromium)`);
  process.exit(2);
}
mkdirSync(SHOTS, { recursive: true });

// ---- the static server ----

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.pdf': 'application/pdf',
};

function isFile(p) {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function isDir(p) {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function send(res, status, file, head) {
  const type = TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  if (head) return res.end();
  createReadStream(file).pipe(res);
}

function notFound(res, head) {
  const page = path.join(SITE, '404.html');
  if (isFile(page)) return send(res, 404, page, head);
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(head ? undefined : 'not found\n');
}

const server = createServer((req, res) => {
  const head = req.method === 'HEAD';
  if (req.method !== 'GET' && !head) {
    res.writeHead(405, { Allow: 'GET, HEAD' });
    return res.end();
  }
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
  } catch {
    res.writeHead(400);
    return res.end();
  }
  const file = path.join(SITE, path.normalize(pathname));
  if (file !== SITE && !file.startsWith(SITE + path.sep)) return notFound(res, head);
  if (pathname.endsWith('/')) {
    const index = path.join(file, 'index.html');
    return isFile(index) ? send(res, 200, index, head) : notFound(res, head);
  }
  if (isFile(file)) return send(res, 200, file, head);
  if (isDir(file) && isFile(path.join(file, 'index.html'))) {
    res.writeHead(301, { Location: pathname + '/' });
    return res.end();
  }
  return notFound(res, head);
});

// ---- the pages to visit ----

function indexPages(dir, rel = '/') {
  const out = [];
  for (const ent of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (ent.isDirectory()) out.push(...indexPages(path.join(dir, ent.name), `${rel}${ent.name}/`));
    else if (ent.name === 'index.html') out.push(rel);
  }
  return out;
}

const pages = indexPages(SITE).sort((a, b) => (a === '/' ? -1 : b === '/' ? 1 : a.localeCompare(b)));
const has404 = isFile(path.join(SITE, '404.html'));

const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 900, mobile: false },
  { name: 'phone', width: 390, height: 844, mobile: true },
];


const AXE_SOURCE_PATH = require.resolve('axe-core/axe.min.js');

function shotName(urlPath) {
  const slug = urlPath.replace(/^\/|\/$/g, '').replace(/[^A-Za-z0-9._-]+/g, '-');
  return slug === '' ? 'home' : slug;
}

async function main() {
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const origin = `http://127.0.0.1:${server.address().port}`;
  console.log(`serving ${SITE} at ${origin}; ${pages.length} pages${has404 ? " + 404.html" : ""}`);

  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: BROWSER_ARGS });
  const problems = new Map(); // label -> [lines]
  const visited = [];
  const shots = [];

  try {
    const targets = pages.map((p) => ({ label: p, url: p, status: 200 }));
    if (has404) targets.push({ label: '404.html', url: MISSING, status: 404 });
    else problems.set('404.html', ['404.html  imprint/missing-404  [serious]  the site has no 404.html']);

    for (const vp of VIEWPORTS) {
      const context = await browser.newContext({
        viewport: { width: vp.width, height: vp.height },
        deviceScaleFactor: 1,
        isMobile: vp.mobile,
        hasTouch: vp.mobile,
        reducedMotion: 'reduce',
        serviceWorkers: 'block',
      });
      // Nothing may leave the loopback server: fail any other request.
      await context.route(/^(?!http:\/\/127\.0\.0\.1:)/, (route) => route.abort('blockedbyclient'));

      for (const t of targets) {
        const page = await context.newPage();
        const report = (rule, impact, target) => {
          if (!problems.has(t.label)) problems.set(t.label, []);
          problems.get(t.label).push(`${t.label}  ${rule}  [${impact}]  ${target}  (${vp.name} ${vp.width}px)`);
        };
        page.on('requestfailed', (r) => {
          if (!r.url().endsWith('/favicon.ico'))
            report('imprint/resource-failed', 'serious', `${r.url()} (${r.failure()?.errorText})`);
        });
        page.on('response', (r) => {
          const u = r.url();
          if (r.request().isNavigationRequest() || u.endsWith('/favicon.ico')) return;
          if (r.status() >= 400) report('imprint/resource-status', 'serious', `${u} answered ${r.status()}`);
        });
        page.on('pageerror', (e) => report('imprint/script-error', 'serious', String(e)));

        const resp = await page.goto(origin + t.url, { waitUntil: 'load', timeout: 30000 });
        if (!resp || resp.status() !== t.status)
          report('imprint/http-status', 'critical', `${t.url} answered ${resp ? resp.status() : 'nothing'}, expected ${t.status}`);

        await page.addScriptTag({ path: AXE_SOURCE_PATH });
        const results = await page.evaluate(async () => {
          // eslint-disable-next-line no-undef
          const r = await axe.run(document, {
            runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'best-practice'] },
            resultTypes: ['violations'],
          });
          return r.violations.map((v) => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
          }));
        });
        for (const v of results)
          for (const n of v.nodes) report(`${v.id}`, v.impact, `${n.target} -- ${v.help}`);

        if (vp.mobile) {
          const overflow = await page.evaluate(() => {
            const doc = document.documentElement;
            if (doc.scrollWidth <= doc.clientWidth + 1) return null;
            // Name the widest element that sticks out (ignoring ones inside a scroll box).
            let worst = null;
            for (const el of document.body.querySelectorAll('*')) {
              const r = el.getBoundingClientRect();
              if (r.right <= doc.clientWidth + 1) continue;
              let p = el.parentElement, clipped = false;
              while (p && p !== document.body) {
                const s = getComputedStyle(p).overflowX;
                if (s === 'auto' || s === 'scroll' || s === 'hidden' || s === 'clip') { clipped = true; break; }
                p = p.parentElement;
              }
              if (!clipped && (!worst || r.right > worst.right))
                worst = { right: r.right, tag: el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ').join('.') : '') };
            }
            return { width: doc.scrollWidth, client: doc.clientWidth, culprit: worst ? worst.tag : '?' };
          });
          if (overflow)
            report('imprint/horizontal-overflow', 'serious',
              `page is ${overflow.width}px wide in a ${overflow.client}px viewport (widest: ${overflow.culprit})`);
        }

        if (t.url === '/' || SHOT_PAGES.includes(t.url)) {
          const file = path.join(SHOTS, `${shotName(t.url)}-${vp.width}.png`);
          await page.screenshot({ path: file, fullPage: true });
          shots.push(file);
        }
        if (vp === VIEWPORTS[0]) visited.push(t.label);
        await page.close();
      }
      await context.close();
    }
    for (const shot of SHOT_PAGES)
      if (!pages.includes(shot)) console.log(`note: ${shot} is not in the site; no chapter screenshot`);
  } finally {
    await browser.close();
    server.close();
  }

  let failed = 0;
  for (const label of visited.concat(problems.has('404.html') && !visited.includes('404.html') ? ['404.html'] : [])) {
    const lines = problems.get(label);
    if (!lines) continue;
    failed++;
    for (const l of lines) console.log(l);
  }
  for (const s of shots) console.log(`screenshot: ${s}`);
  const total = visited.length + (visited.includes('404.html') || !problems.has('404.html') ? 0 : 1);
  console.log(`axe: ${total - failed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

const timer = setTimeout(() => {
  console.error(`serve-and-check: gave up after ${OVERALL_TIMEOUT_MS / 1000}s`);
  process.exit(2);
}, OVERALL_TIMEOUT_MS);
timer.unref();

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`serve-and-check: ${err && err.stack ? err.stack : err}`);
    process.exit(2);
  },
);
