// Headless Chromium through playwright-core for the browser tests (test/portability/browser.test.ts, the
// playground's test): which binary, the flags this machine needs, a fresh profile per launch, and closing
// everything at the end. Node-only.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';

/** The flags this machine needs (closed network, root, no GPU); playwright adds a fresh profile per launch. */
export const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Session {
  context: BrowserContext;
  profile: string;
  flags: string[];
}

/**
 * The Chromium to run: CHROMIUM_PATH, else Debian's /usr/bin/chromium, else the one `npx playwright-core
 * install chromium` downloaded (playwright's own cache). None is an error that says how to get one.
 */
export async function chromiumPath(): Promise<string> {
  const given = process.env['CHROMIUM_PATH'];
  if (given !== undefined) {
    if (!existsSync(given)) throw new Error(`CHROMIUM_PATH=${given} does not exist`);
    return given;
  }
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  const { chromium } = await import('playwright-core');
  let cached = '';
  try {
    cached = chromium.executablePath();
  } catch {
    // playwright-core knows no browser for this platform
  }
  if (cached !== '' && existsSync(cached)) return cached;
  throw new Error(
    "no Chromium for the browser tests: install Debian's (apt-get update && apt-get install -y chromium), or run " +
      "'npx playwright-core install chromium', or set CHROMIUM_PATH to a Chromium binary",
  );
}

const sessions: Session[] = [];

/** Launches headless Chromium with a fresh profile; a browser that cannot start is an error naming it and its flags. */
export async function launch(extra: string[] = []): Promise<Session> {
  const executablePath = await chromiumPath();
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'scikeras-chromium-'));
  const flags = [...FLAGS, ...extra];
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: flags,
      timeout: 60_000,
      acceptDownloads: true,
    });
    const session = { context, profile, flags };
    sessions.push(session);
    return session;
  } catch (e) {
    rmSync(profile, { recursive: true, force: true });
    throw new Error(
      `chromium did not start (${executablePath} ${flags.join(' ')}): ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

/** Closes every launched browser and removes its profile. */
export async function closeAll(): Promise<void> {
  for (const s of sessions.splice(0)) {
    await s.context.close().catch(() => undefined);
    rmSync(s.profile, { recursive: true, force: true });
  }
}
