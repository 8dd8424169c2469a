import { isUUID } from 'class-validator';
import { newTimeOrderedId } from './time-ordered-id.js';

describe('time-ordered ids', () => {
  it('are UUIDs that every uuid rule of the contracts accepts', () => {
    const id = newTimeOrderedId();
    expect(isUUID(id)).toBe(true);
    expect(id[14]).toBe('7');
  });

  it('sort in the order they were made, also within one millisecond', () => {
    const ids = Array.from({ length: 1000 }, () => newTimeOrderedId());
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });
});
