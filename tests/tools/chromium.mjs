// chromium.mjs - how the browser tests start Debian's Chromium through
// playwright-core (never a downloaded browser): its path (CHROMIUM overrides)
// and the flags for a quiet headless run in a container.
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

export const BROWSER_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
