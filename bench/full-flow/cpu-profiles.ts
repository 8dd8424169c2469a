import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPOSITORY_ROOT = resolve(import.meta.dirname, '../..');

/** The V8 .cpuprofile format (what `node --cpu-prof` writes), as far as the summary needs it. */
interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
  /** Microseconds, on the same monotonic clock as process.hrtime(). */
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** One function's own time (not its callees') within the measured window. */
export interface SelfTime {
  function: string;
  location: string;
  selfMs: number;
  /** Of the samples in which the process was not idle. */
  share: number;
}

export interface ProfileSummary {
  service: string;
  /** Repository-relative path of the .cpuprofile file. */
  path: string;
  busyMs: number;
  top: SelfTime[];
}

/** A window on the monotonic clock, in microseconds (process.hrtime.bigint() / 1000). */
export interface MonotonicWindow {
  fromUs: number;
  toUs: number;
}

export function monotonicNowUs(): number {
  return Number(process.hrtime.bigint() / 1_000n);
}

/** A fresh directory for one run's profiles, and the node options that make a service write into it. */
export function profileDirectory(label: string): { directory: string; nodeArguments: string[] } {
  const directory = join(REPOSITORY_ROOT, 'bench', 'results', 'profiles', label);
  mkdirSync(directory, { recursive: true });
  return { directory, nodeArguments: ['--cpu-prof', `--cpu-prof-dir=${directory}`] };
}

/** Node names its profiles CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile: find each service's by pid. */
export function profileOfPid(directory: string, pid: number): string | undefined {
  const file = readdirSync(directory).find(
    (name) => name.endsWith('.cpuprofile') && name.split('.')[3] === String(pid),
  );
  return file && join(directory, file);
}

/**
 * The functions that spent the most CPU themselves during the given windows (the load steps, not the
 * start-up), from the profile's own sample timestamps.
 */
export function summariseProfile(
  service: string,
  file: string,
  windows: MonotonicWindow[],
  count = 15,
): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const counts = new Map<string, { function: string; location: string; samples: number }>();
  let busySamples = 0;
  let inWindows = 0;
  let sampledUs = 0;
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i += 1) {
    at += profile.timeDeltas[i];
    if (!windows.some((window) => at >= window.fromUs && at <= window.toUs)) continue;
    inWindows += 1;
    // A sample stands for the time since the one before it.
    sampledUs += profile.timeDeltas[i];
    const frame = frames.get(profile.samples[i])!;
    if (frame.functionName === '(idle)') continue;
    busySamples += 1;
    // No script: a native function (writeBuffer is a socket write), or V8's own (GC, program).
    const location = frame.url ? `${readableUrl(frame.url)}:${frame.lineNumber + 1}` : '(native)';
    const key = `${frame.functionName}@${location}`;
    const entry = counts.get(key) ?? { function: frame.functionName || '(anonymous)', location, samples: 0 };
    entry.samples += 1;
    counts.set(key, entry);
  }
  const msPerSample = inWindows > 0 ? sampledUs / 1_000 / inWindows : 0;
  const top = [...counts.values()]
    .sort((a, b) => b.samples - a.samples)
    .slice(0, count)
    .map((entry) => ({
      function: entry.function,
      location: entry.location,
      selfMs: Math.round(entry.samples * msPerSample),
      share: Math.round((entry.samples / Math.max(1, busySamples)) * 1_000) / 1_000,
    }));
  return { service, path: relative(REPOSITORY_ROOT, file), busyMs: Math.round(busySamples * msPerSample), top };
}

/** Repository files relative to the repository, packages by their name, node internals as they are. */
function readableUrl(url: string): string {
  if (!url.startsWith('file:')) return url;
  const path = relative(REPOSITORY_ROOT, fileURLToPath(url));
  const inPackage = path.lastIndexOf('node_modules/');
  return inPackage >= 0 ? path.slice(inPackage + 'node_modules/'.length) : path;
}

export function formatProfileSummary(summary: ProfileSummary): string {
  const lines = [`${summary.service}: top self time during the steps (${summary.busyMs} ms busy) — ${summary.path}`];
  for (const entry of summary.top) {
    const share = `${(entry.share * 100).toFixed(1)}%`.padStart(6);
    lines.push(`  ${share} ${String(entry.selfMs).padStart(6)} ms  ${entry.function}  ${entry.location}`);
  }
  return lines.join('\n');
}
