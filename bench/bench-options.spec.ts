import { LAYERS, parseBenchOptions, USAGE } from './bench-options.js';

describe('bench options', () => {
  it('runs every layer by default, the scale-out layer included', () => {
    expect(parseBenchOptions([]).layers).toEqual([...LAYERS]);
    expect(LAYERS).toContain('scale');
  });

  it('takes the scale-out layer alone', () => {
    expect(parseBenchOptions(['--layers', 'scale', '--quick']).layers).toEqual(['scale']);
  });

  it('refuses a layer it does not know, naming the known ones', () => {
    expect(() => parseBenchOptions(['--layers', 'flow,scaled'])).toThrow(/unknown scaled; known: .*obs, scale, cold$/);
  });

  it('says what the scale-out layer measures', () => {
    expect(USAGE).toMatch(/scale: full flow on PostgreSQL, 1 vs 3 inventory-service instances/);
  });

  it('leaves the docs alone unless --update-readme asks for it', () => {
    expect(parseBenchOptions([]).updateReadme).toBe(false);
    expect(parseBenchOptions(['--update-readme']).updateReadme).toBe(true);
  });

  it('refuses --update-readme with --results-dir, whose results the docs do not show', () => {
    expect(() => parseBenchOptions(['--update-readme', '--results-dir', 'elsewhere'])).toThrow(/--update-readme/);
  });

  it('repeats the full flow three times in a full run, once with --quick, or as --repeat says', () => {
    expect(parseBenchOptions([]).repeat).toBe(3);
    expect(parseBenchOptions(['--quick']).repeat).toBe(1);
    expect(parseBenchOptions(['--repeat', '5']).repeat).toBe(5);
    expect(parseBenchOptions(['--quick', '--repeat', '2']).repeat).toBe(2);
  });

  it.each(['0', '1.5', 'three', ''])('refuses --repeat %p', (value) => {
    expect(() => parseBenchOptions(['--repeat', value])).toThrow(/--repeat: a whole number of at least 1/);
  });

  it('says what --repeat does', () => {
    expect(USAGE).toMatch(/--repeat <n> +runs of the full flow per database, the databases alternating/);
  });

  it('has a cold-start layer, run by default and on its own', () => {
    expect(LAYERS).toContain('cold');
    expect(parseBenchOptions(['--quick']).layers).toContain('cold');
    expect(parseBenchOptions(['--layers', 'cold', '--repeat', '5'])).toMatchObject({ layers: ['cold'], repeat: 5 });
  });

  it('says what the cold-start layer measures, and what --quick makes of it', () => {
    expect(USAGE).toMatch(/cold: fresh services on SQLite, 300 orders\/s for 5 s from the moment they\s+are ready/);
    expect(USAGE).toMatch(/--quick: 3 s, one run by default/);
  });
});
