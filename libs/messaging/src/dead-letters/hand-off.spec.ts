import { HandOff } from './hand-off.js';

describe('HandOff', () => {
  it('hands items over in order, one at a time: a put resolves only once the reader took the item', async () => {
    const handOff = new HandOff<number>();
    const taken: number[] = [];
    const producer = (async () => {
      for (const item of [1, 2, 3]) {
        expect(await handOff.put(item)).toBe(true);
        taken.push(item);
      }
      handOff.end();
    })();
    const read: number[] = [];
    for await (const item of handOff) read.push(item);
    await producer;
    expect(read).toEqual([1, 2, 3]);
    expect(taken).toEqual([1, 2, 3]);
  });

  it('tells the producer when the reader stopped, so it stops producing', async () => {
    const handOff = new HandOff<number>();
    const puts: Promise<boolean>[] = [];
    const producer = (async () => {
      for (let item = 0; ; item += 1) {
        const put = handOff.put(item);
        puts.push(put);
        if (!(await put)) return item;
      }
    })();
    for await (const item of handOff) if (item === 1) break;
    expect(await producer).toBe(2);
  });

  it('makes the reader fail with the producer’s error', async () => {
    const handOff = new HandOff<number>();
    setTimeout(() => handOff.fail(new Error('broker gone')), 10);
    await expect(
      (async () => {
        for await (const _ of handOff) void _;
      })(),
    ).rejects.toThrow('broker gone');
  });
});
