import { randomUUID } from 'node:crypto';
import type { BrokerName } from '#messaging';
import type { RawDeadLetterMessage } from '#testing';

/** The run's small letters: what thousands of poison messages over months leave behind. */
export const BULK_LETTERS = 2_000;

/**
 * Per broker, large letters near the largest it accepts: Kafka 1 MB (message.max.bytes), RabbitMQ far
 * more, SQS 256 KiB. On RabbitMQ and SQS they add up to a little over 100 MiB, above the tool's memory
 * budget, so a tool that held every letter would fail it; more only makes the suite slower.
 */
const LARGE: Record<BrokerName, { count: number; bytes: number }> = {
  // Kept smaller on Kafka: a purge cannot remove them from a shared topic (its retention does).
  kafka: { count: 60, bytes: 900_000 },
  rabbitmq: { count: 26, bytes: 4 * 1024 * 1024 },
  // 256 KiB counts the body and the attributes together; these keep about 2 KiB for the attributes.
  sqs: { count: 420, bytes: 256 * 1024 - 2 * 1024 },
};

/**
 * What a terminal would act on. SQS accepts no C0 control but tab, line feed and carriage return, so
 * there the hostile part is C1 (CSI), carriage return and a bidi override.
 */
const TERMINAL_CONTROLS: Record<BrokerName, string> = {
  kafka: '\u001b[2J\u001b]0;owned\u0007\r\u0008\u009b31m\u202e',
  rabbitmq: '\u001b[2J\u001b]0;owned\u0007\r\u0008\u009b31m\u202e',
  sqs: '\r\u009b31m\u0085\u202e',
};

const REASONS = ['INVALID', 'MALFORMED', 'HANDLER_FAILED', 'UNHANDLED_TYPE'] as const;
/** An event type no service consumes: letters claiming it as their origin must never be replayed. */
export const UNCONSUMED_ORIGIN = 'payments.refund';

/**
 * One run's dead letters for inventory-service, written as its transport writes them, each carrying
 * the run's marker; built one at a time as they are written, so the test never holds them all.
 */
export class LongLivedDestination {
  readonly marker = `dlq-proof-${randomUUID()}`;
  /** In the last large letter's very last bytes: a match must search whole bodies. */
  readonly needleAtTheEnd = `${this.marker}-needle-at-the-end`;
  readonly controlMarker = `${this.marker}-control`;
  /** Selects the letters a replay may send back (4) and the ones it must refuse (2). */
  readonly replayMarker = `${this.marker}-replay`;
  readonly large: { count: number; bytes: number };
  readonly controls: string;
  readonly expected: {
    total: number;
    totalBytes: number;
    invalid: number;
    orderCreated: number;
    control: number;
    replayable: number;
    refused: number;
  };

  constructor(readonly broker: BrokerName) {
    this.large = LARGE[broker];
    this.controls = TERMINAL_CONTROLS[broker];
    const letters = [...this.describe()];
    this.expected = {
      total: letters.length,
      totalBytes: letters.reduce((sum, letter) => sum + letter.bytes, 0),
      invalid: letters.filter((letter) => letter.reason === 'INVALID').length,
      orderCreated: letters.filter((letter) => letter.type === 'order.created').length,
      control: letters.filter((letter) => letter.kind === 'control').length,
      replayable: letters.filter((letter) => letter.kind === 'replay').length,
      refused: letters.filter((letter) => letter.kind === 'refused').length,
    };
  }

  /** The letters as the raw clients write them. */
  *letters(): Generator<RawDeadLetterMessage> {
    for (const letter of this.describe()) {
      const body = letter.body();
      if (Buffer.byteLength(body) !== letter.bytes)
        throw new Error(`letter ${letter.key} is not ${letter.bytes} bytes`);
      yield { key: letter.key, body, headers: letter.headers };
    }
  }

  /** Each letter's shape and size, with its body made only when asked. */
  private *describe() {
    const now = new Date().toISOString();
    const headers = (reason: string, error: string, origin = 'order.created') => ({
      'x-dead-letter-reason': reason,
      'x-dead-letter-error': error,
      'x-dead-letter-attempts': reason === 'HANDLER_FAILED' ? '5' : '1',
      'x-dead-letter-origin': origin,
      'x-dead-letter-consumer': 'inventory-service',
      'x-dead-letter-time': now,
    });
    const envelope = (id: string, type: string, data: unknown) =>
      JSON.stringify({
        specversion: '1.0',
        id,
        source: '/dead-letter-proof',
        type,
        subject: this.marker,
        time: now,
        datacontenttype: 'application/json',
        data,
      });
    const invalidData = { orderId: 'not-a-uuid', customerId: this.marker, items: [{ sku: 'lower-case', quantity: 0 }] };

    for (let index = 0; index < BULK_LETTERS; index += 1) {
      const reason = REASONS[index % REASONS.length]!;
      const id = `${this.marker}-bulk-${index}`;
      const body =
        reason === 'MALFORMED'
          ? `{"id":"${id}","marker":"${this.marker}","cut here`
          : envelope(id, reason === 'UNHANDLED_TYPE' ? 'order.exploded' : 'order.created', invalidData);
      const type =
        reason === 'MALFORMED' ? undefined : reason === 'UNHANDLED_TYPE' ? 'order.exploded' : 'order.created';
      yield letter(
        'bulk',
        id,
        reason,
        type,
        () => body,
        Buffer.byteLength(body),
        headers(reason, `bulk letter ${index}`),
      );
    }
    for (let index = 0; index < this.large.count; index += 1) {
      const id = `${this.marker}-large-${index}`;
      const last = index === this.large.count - 1;
      const body = () => {
        const start = envelope(id, 'order.created', { orderId: randomUUID(), customerId: this.marker, padding: '' });
        const tail = last ? this.needleAtTheEnd : '';
        // Padding inside the data's `padding` string, so the body stays a CloudEvent of exactly `bytes`.
        const pad = 'x'.repeat(this.large.bytes - Buffer.byteLength(start) - tail.length);
        return start.replace('"padding":""', `"padding":"${pad}${tail}"`);
      };
      yield letter(
        'large',
        id,
        'HANDLER_FAILED',
        'order.created',
        body,
        this.large.bytes,
        headers('HANDLER_FAILED', 'timeout'),
      );
    }
    for (let index = 0; index < 5; index += 1) {
      const body = `${this.controlMarker}-${index} ${this.controls} not JSON`;
      const error = `Unexpected token ${this.controls}`;
      yield letter(
        'control',
        `${this.controlMarker}-${index}`,
        'MALFORMED',
        undefined,
        () => body,
        Buffer.byteLength(body),
        headers('MALFORMED', error),
      );
    }
    for (let index = 0; index < 4; index += 1) {
      const body = envelope(`${this.replayMarker}-${index}-${randomUUID()}`, 'order.created', invalidData);
      yield letter(
        'replay',
        `${this.replayMarker}-${index}`,
        'INVALID',
        'order.created',
        () => body,
        Buffer.byteLength(body),
        headers('INVALID', 'items.0.quantity'),
      );
    }
    for (let index = 0; index < 2; index += 1) {
      const body = envelope(`${this.replayMarker}-refused-${index}`, UNCONSUMED_ORIGIN, { note: this.marker });
      const refusedHeaders = headers('UNHANDLED_TYPE', 'no handler', UNCONSUMED_ORIGIN);
      yield letter(
        'refused',
        `${this.replayMarker}-refused-${index}`,
        'UNHANDLED_TYPE',
        UNCONSUMED_ORIGIN,
        () => body,
        Buffer.byteLength(body),
        refusedHeaders,
      );
    }
  }
}

function letter(
  kind: 'bulk' | 'large' | 'control' | 'replay' | 'refused',
  key: string,
  reason: string,
  type: string | undefined,
  body: () => string,
  bytes: number,
  headers: Record<string, string>,
) {
  return { kind, key, reason, type, body, bytes, headers };
}
