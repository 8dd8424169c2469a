import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summariseProfile } from './cpu-profiles.js';

describe('CPU profile summary', () => {
  const directory = mkdtempSync(join(tmpdir(), 'profile-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('counts only the samples inside the windows, and leaves idle out of the shares', () => {
    const frame = (functionName: string, url = '') => ({ functionName, url, lineNumber: 9 });
    const file = join(directory, 'CPU.1.2.42.0.001.cpuprofile');
    writeFileSync(
      file,
      JSON.stringify({
        nodes: [
          { id: 1, callFrame: frame('(idle)') },
          { id: 2, callFrame: frame('handle', 'node:internal/http') },
          { id: 3, callFrame: frame('startUp', 'node:internal/boot') },
        ],
        startTime: 1_000,
        endTime: 20_000,
        // Sample i is at 1,000 + (i + 1) * 1,000 µs: inside [5,000, 13,000] are 2 idle, 6 handle, 1 startUp.
        samples: [3, 3, 3, 1, 2, 2, 1, 2, 2, 2, 2, 3, 3],
        timeDeltas: Array(13).fill(1_000),
      }),
    );
    const summary = summariseProfile('svc', file, [{ fromUs: 5_000, toUs: 13_000 }]);
    expect(summary.top).toEqual([
      expect.objectContaining({ function: 'handle', location: 'node:internal/http:10', share: 0.857, selfMs: 6 }),
      expect.objectContaining({ function: 'startUp', share: 0.143, selfMs: 1 }),
    ]);
  });
});
