import { processCpu, processesCpu } from './process-cpu.js';

describe('CPU of several processes as one source', () => {
  it('adds up the processes it names', () => {
    // The same process twice: the sum is twice its time, give or take the ticks between the reads.
    const once = processCpu('one', process.pid).readMs();
    const twice = processesCpu('both', [process.pid, process.pid]).readMs();
    expect(once).toBeGreaterThan(0);
    expect(twice).toBeGreaterThanOrEqual(2 * once);
    expect(twice).toBeLessThan(2 * once + 100);
  });

  it('reads NaN once one of them is gone, rather than a total that lost its time', () => {
    const gone = 2 ** 22 + 1; // above the kernel's largest pid
    expect(processesCpu('service', [process.pid, gone]).readMs()).toBeNaN();
  });
});
