import { createEnvelope, type EventEnvelope } from '#events';
import { randomBytes } from 'node:crypto';
import { IsArray, IsInt, IsString, Min } from 'class-validator';

/** The data of the suite's own test events (types `conformance.<run>.<scenario>`), validated like any contract. */
export class ConformancePing {
  @IsInt()
  @Min(0)
  seq!: number;

  @IsString()
  key!: string;

  /** Characters that a careless codec would mangle: non-ASCII, quotes, escapes, a newline. */
  @IsString()
  note!: string;

  @IsArray()
  @IsString({ each: true })
  tags!: string[];
}

const NOTE = 'ünïcødé ✓ 注文 "quoted" \\ back\\slash\nnew line';

/** `count` pings of one type, numbered from `from`; `keyOf` picks each one's key (= CloudEvents subject). */
export function pings(
  type: string,
  source: string,
  count: number,
  { from = 0, keyOf = (seq: number) => `key-${seq}` }: { from?: number; keyOf?: (seq: number) => string } = {},
): Array<EventEnvelope<ConformancePing>> {
  return Array.from({ length: count }, (_, index) => {
    const seq = from + index;
    const key = keyOf(seq);
    return createEnvelope<ConformancePing>({
      type,
      source,
      subject: key,
      data: { seq, key, note: NOTE, tags: ['conformance', `seq-${seq}`] },
      traceparent: `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`,
    });
  });
}
