// Which Chromium the browser tests launch: CHROMIUM_PATH, else Debian's /usr/bin/chromium, else the headless
// Chromium inside the @sparticuz/chromium dev dependency, unpacked once into .tmp/. SCIKERAS_BROWSER=npm|system forces one.
// Also launching it through playwright-core with the flags this machine needs and a fresh profile per launch.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { ROOT } from './harness.ts';

export const DEBIAN_CHROMIUM = '/usr/bin/chromium';
const NPM_PACKAGE = '@sparticuz/chromium';

export interface ChromiumChoice {
  executablePath: string;
  /** 'CHROMIUM_PATH', 'debian' or 'npm'. */
  source: string;
  /** Extra environment for the browser process. */
  env: Record<string, string>;
  log: string;
}

/** The version of @sparticuz/chromium that npm installed (its package.json; its exports map hides the file from require). */
export function npmChromiumVersion(): string {
  return (
    JSON.parse(readFileSync(join(ROOT, 'node_modules', NPM_PACKAGE, 'package.json'), 'utf8')) as { version: string }
  ).version;
}

/**
 * Unpacks the Chromium of @sparticuz/chromium into .tmp/chromium-<version>/
 * once. The package unpacks into `os.tmpdir()` and afterwards trusts whatever
 * it finds there, so it unpacks into a fresh staging folder (TMPDIR pointed
 * at it for the call) that is renamed into place only when complete: an
 * interrupted unpack is never reused.
 */
export async function npmChromium(): Promise<ChromiumChoice> {
  const version = npmChromiumVersion();
  const dir = join(ROOT, '.tmp', `chromium-${version}`);
  const binary = join(dir, 'chromium');
  const done = join(dir, '.complete');
  let log = `${NPM_PACKAGE} ${version} already unpacked in ${relative(ROOT, dir)}`;
  if (!existsSync(done)) {
    const t0 = Date.now();
    const staging = `${dir}.partial-${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    const saved = process.env['TMPDIR'];
    process.env['TMPDIR'] = staging;
    try {
      const { default: Chromium } = await import('@sparticuz/chromium');
      const got = await Chromium.executablePath();
      if (got !== join(staging, 'chromium')) throw new Error(`${NPM_PACKAGE} unpacked to ${got}, not into ${staging}`);
    } finally {
      if (saved === undefined) delete process.env['TMPDIR'];
      else process.env['TMPDIR'] = saved;
    }
    writeFileSync(join(staging, '.complete'), `${NPM_PACKAGE} ${version}\n`);
    rmSync(dir, { recursive: true, force: true });
    renameSync(staging, dir);
    log = `unpacked ${NPM_PACKAGE} ${version} into ${relative(ROOT, dir)} in ${Date.now() - t0} ms`;
  }
  // Its fonts come unpacked beside the binary; fontconfig finds them through FONTCONFIG_PATH.
  return { executablePath: binary, source: 'npm', env: { FONTCONFIG_PATH: join(dir, 'fonts') }, log };
}

/** The browser to launch, by the rules in the file header; a forced or named one that is missing is an error. */
export async function chooseChromium(): Promise<ChromiumChoice> {
  const forced = process.env['SCIKERAS_BROWSER'];
  if (forced !== undefined && forced !== '' && forced !== 'npm' && forced !== 'system') {
    throw new Error(
      `SCIKERAS_BROWSER must be 'npm' (the Chromium from ${NPM_PACKAGE}) or 'system' (CHROMIUM_PATH or ${DEBIAN_CHROMIUM}), got '${forced}'`,
    );
  }
  if (forced === 'npm') return npmChromium();
  const named = process.env['CHROMIUM_PATH'];
  if (named !== undefined && named !== '') {
    if (!existsSync(named)) throw new Error(`CHROMIUM_PATH is ${named}, which does not exist`);
    return { executablePath: named, source: 'CHROMIUM_PATH', env: {}, log: `CHROMIUM_PATH=${named}` };
  }
  if (existsSync(DEBIAN_CHROMIUM))
    return { executablePath: DEBIAN_CHROMIUM, source: 'debian', env: {}, log: `Debian's ${DEBIAN_CHROMIUM}` };
  if (forced === 'system')
    throw new Error(`SCIKERAS_BROWSER=system, but CHROMIUM_PATH is unset and ${DEBIAN_CHROMIUM} is missing`);
  return npmChromium();
}

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
  browser: ChromiumChoice;
}

const sessions: Session[] = [];

let chosen: Promise<ChromiumChoice> | null = null;

/** chooseChromium's answer, decided once per process and logged. */
export function chosenChromium(): Promise<ChromiumChoice> {
  chosen ??= chooseChromium().then((c) => {
    console.log(`browser: ${c.log}`);
    return c;
  });
  return chosen;
}

/**
 * Launches headless Chromium (`browser`, else the chosen one) with a fresh profile; one that cannot start is an
 * error naming it and its flags.
 */
export async function launch(extra: string[] = [], browser?: ChromiumChoice): Promise<Session> {
  const choice = browser ?? (await chosenChromium());
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'scikeras-chromium-'));
  const flags = [...FLAGS, ...extra];
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: choice.executablePath,
      headless: true,
      args: flags,
      env: Object.fromEntries(
        Object.entries({ ...process.env, ...choice.env }).filter((e): e is [string, string] => e[1] !== undefined),
      ),
      timeout: 60_000,
      acceptDownloads: true,
    });
    const session = { context, profile, flags, browser: choice };
    sessions.push(session);
    return session;
  } catch (e) {
    rmSync(profile, { recursive: true, force: true });
    throw new Error(
      `chromium did not start (${choice.source}: ${choice.executablePath} ${flags.join(' ')}): ${e instanceof Error ? e.message : String(e)}`,
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
