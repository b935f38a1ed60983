import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/**
 * Debian's Chromium, not a browser downloaded by Playwright: only the package registries are
 * reachable here and in CI. Its headless shell first (Debian's `chromium-headless-shell`, the build
 * Playwright itself runs for headless Chromium): the full browser in headless mode starts a renderer
 * for its own WebUI with each context and spends more in its browser and GPU processes. On the nine
 * browser files here, Chromium took 211 s of CPU and the files 151 s of wall; the headless shell
 * 119 s and 96 s. The full browser is still used where only it is installed.
 */
const CANDIDATES = ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium'];

const CHROMIUM_MISSING = `The browser tests drive Debian's Chromium headless shell, which is not installed. Install it with:
  apt-get update && apt-get install -y chromium-headless-shell
(.ci/run does this in CI), or point CHROMIUM_PATH at another Chromium.`;

/** The Chromium to launch: CHROMIUM_PATH if set, else the first of CANDIDATES installed. */
function chromiumPath(): string {
  const chosen = process.env.CHROMIUM_PATH;
  if (chosen) {
    if (!existsSync(chosen)) throw new Error(`CHROMIUM_PATH is ${chosen}, which does not exist.`);
    return chosen;
  }
  const installed = CANDIDATES.find((path) => existsSync(path));
  if (!installed) throw new Error(CHROMIUM_MISSING);
  return installed;
}

/**
 * V8's flags for the pages' renderers. The hub's pages ship no script; the only JavaScript these
 * tests run in a page is axe-core, a new copy per document, each run once. V8's optimising tiers
 * (Maglev, TurboFan) and its background threads (concurrent compilation and garbage collection)
 * spent more CPU on that one-off code than they saved: twelve page loads each checked by axe took
 * Chromium 16.9-19.9 s of CPU by default and 9.3-10.1 s with these flags (the renderer 14.5-17.2 s
 * against 7.2-8.2 s), and less wall time too (7.8-8.6 s against 10.7-12.6 s). What axe finds does
 * not depend on how V8 runs it.
 */
const RENDERER_JS_FLAGS = '--js-flags=--single-threaded --no-opt --no-maglev';

/**
 * Launches headless Chromium with nothing that phones home. Playwright gives every launch a fresh,
 * temporary profile (user data dir) of its own. Throws, saying how to install it, when Chromium
 * is missing: the browser tests must fail then, never pass silently.
 */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      RENDERER_JS_FLAGS,
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
