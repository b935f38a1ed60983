import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's chromium, not a browser downloaded by Playwright: only the package registries are reachable here and in CI. */
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const CHROMIUM_MISSING = `The browser tests drive Debian's Chromium at ${CHROMIUM}, which is not installed. Install it with:
  apt-get update && apt-get install -y chromium
(.ci/run does this in CI), or point CHROMIUM_PATH at another Chromium.`;

/**
 * Launches headless Chromium with nothing that phones home. Playwright gives every launch a fresh,
 * temporary profile (user data dir) of its own. Throws, saying how to install it, when Chromium
 * is missing: the browser tests must fail then, never pass silently.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(CHROMIUM_MISSING);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
