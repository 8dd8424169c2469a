import { median, spreadOf } from './spread.js';

describe('median and range over repeated runs', () => {
  it('takes the middle run, whatever the order the runs came in', () => {
    expect(median([250, 40, 90])).toBe(90);
  });

  it('takes the mean of the middle two of an even count', () => {
    expect(median([10, 40, 20, 30])).toBe(25);
  });

  it('sorts by value, not as text', () => {
    expect(median([9, 100, 1_000])).toBe(100);
  });

  it('gives the median, the lowest and highest run, and how many runs', () => {
    expect(spreadOf([120, 95, 310])).toEqual({ median: 120, min: 95, max: 310, runs: 3 });
  });

  it('has no spread when no run has the figure', () => {
    expect(spreadOf([])).toBeUndefined();
    expect(median([])).toBeNaN();
  });
});
