// Where and with what the benchmark ran: CPU model, cores, memory, load, Node
// and package versions. Imports Node built-ins only.

import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, platform, arch, release } from 'node:os';
import { createRequire } from 'node:module';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  v8: string;
  /** 1-minute load average when the run started and ended (other jobs on a shared machine show here). */
  loadStart: number;
  loadEnd: number | null;
}

function cpuModel(): string {
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m?.[1] !== undefined) return m[1].trim();
  } catch {
    // not Linux: os.cpus() below
  }
  return cpus()[0]?.model.trim() ?? 'unknown CPU';
}

/** The machine, with the current load. */
export function machineInfo(): Machine {
  return {
    cpu: cpuModel(),
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${platform()} ${release()} ${arch()}`,
    node: process.version,
    v8: process.versions.v8,
    loadStart: loadavg()[0] as number,
    loadEnd: null,
  };
}

/** 1-minute load average now. */
export function loadNow(): number {
  return loadavg()[0] as number;
}

/** Installed versions of the packages the benchmark uses ('missing' when not installed). */
export function packageVersions(): Record<string, string> {
  const require = createRequire(import.meta.url);
  const out: Record<string, string> = {};
  const own = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  out['scikeras-ts'] = own.version;
  for (const name of ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', 'benny', 'gpu.js', 'tsx', 'typescript']) {
    try {
      out[name] = (
        JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }
      ).version;
    } catch {
      out[name] = 'missing';
    }
  }
  return out;
}
