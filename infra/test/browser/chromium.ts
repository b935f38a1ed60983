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

let shared: Promise<Browser> | undefined;

/**
 * One Chromium for every browser test file a vitest worker process runs. The hub project runs its
 * files unisolated (vitest.config.ts), so this module, and the browser, outlive a file: a launch and
 * a close per file took a few seconds of wall and one to two of CPU apiece on this 2-core machine.
 * Files share nothing else in it: each makes its own browser contexts (cookies, cache, JavaScript
 * setting) and closes them after itself. The browser goes with the worker: Playwright kills the
 * browsers it launched when the process exits, or closes them on SIGTERM.
 */
export function sharedChromium(): Promise<Browser> {
  if (!shared) {
    const launching = launchChromium();
    shared = launching;
    // A browser that crashed or failed to start is launched afresh by the next file.
    const forget = () => {
      if (shared === launching) shared = undefined;
    };
    launching.then((browser) => browser.on('disconnected', forget), forget);
  }
  return shared;
}
