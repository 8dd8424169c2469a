import { alternatedRepetitions } from './repetitions.js';

describe('full-flow repetitions', () => {
  it('alternates the databases, run by run', () => {
    expect(alternatedRepetitions(['sqlite', 'postgres'], 3)).toEqual([
      { database: 'sqlite', repetition: 1 },
      { database: 'postgres', repetition: 1 },
      { database: 'sqlite', repetition: 2 },
      { database: 'postgres', repetition: 2 },
      { database: 'sqlite', repetition: 3 },
      { database: 'postgres', repetition: 3 },
    ]);
  });

  it('runs one database n times', () => {
    expect(alternatedRepetitions(['postgres'], 2)).toEqual([
      { database: 'postgres', repetition: 1 },
      { database: 'postgres', repetition: 2 },
    ]);
  });
});
