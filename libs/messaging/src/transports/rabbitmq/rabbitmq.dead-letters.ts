import type { ChannelModel, ConfirmChannel, GetMessage } from 'amqplib';
import type { MessagingConfig } from '../../messaging.config.js';
import { connectToFirst } from './rabbitmq.connect.js';
import { deadLetterQueue, EVENTS_EXCHANGE } from './rabbitmq.names.js';
import { contentLocator, readDeadLetter, replayHeaders } from '../../dead-letters/dead-letter.js';
import type { ResolvedQuery } from '../../dead-letters/dead-letter-query.js';
import type {
  DeadLetterSource,
  HandledDeadLetter,
  WalkMode,
  WalkSummary,
} from '../../dead-letters/dead-letter-store.js';
import { replayRefusal } from '../../dead-letters/replay-targets.js';
import { WalkDeadline } from '../../dead-letters/walk-deadline.js';

/** Times a walk asks the queue again for letters that became ready while it walked. */
const MAX_ROUNDS = 3;

/**
 * A service's dead letters are its `<service>.dlq` queue. A walk takes, one at a time and without
 * acknowledging, as many messages as the queue held when it began (basic.get), and gives back every
 * one it keeps when it ends (closing the channel requeues them in place). A replay publishes to the
 * events exchange with the origin routing key and acknowledges once confirmed; a purge acknowledges.
 */
export class RabbitmqDeadLetters implements DeadLetterSource {
  readonly destination: string;

  constructor(private readonly config: MessagingConfig) {
    this.destination = deadLetterQueue(config.serviceName);
  }

  async *walk(query: ResolvedQuery, mode: WalkMode, summary: WalkSummary): AsyncGenerator<HandledDeadLetter> {
    const deadline = new WalkDeadline(query.deadlineMs);
    let connection: ChannelModel | undefined;
    try {
      connection = await deadline.race(
        connectToFirst(this.config.rabbitmqUrls, { timeout: Math.max(1, deadline.remainingMs) }),
        'a RabbitMQ connection',
      );
      const channel = await deadline.race(connection.createConfirmChannel(), 'a RabbitMQ channel');
      // What the queue held at the start, then what became ready meanwhile (letters another walk
      // that just ended is still giving back), a few times at most: the letters this walk holds
      // are not ready, so none is seen twice. A replay walks once: what it sent back may return.
      for (let round = 0; round < (mode === 'replay' ? 1 : MAX_ROUNDS); round += 1) {
        const ready = await this.length(connection, deadline, summary);
        if (ready === 0) break;
        for (let index = 0; index < ready; index += 1) {
          const message = await deadline.race(channel.get(this.destination, { noAck: false }), 'a dead letter');
          if (!message) break;
          const handled = await this.handle(channel, message, query, mode, summary, deadline);
          if (!handled) continue;
          yield handled;
          if (summary.selected >= query.limit) {
            summary.stoppedBy = 'limit';
            return;
          }
        }
      }
    } finally {
      deadline.dispose();
      // Closing without acknowledging gives every kept message back to the queue, in its place.
      await connection?.close().catch(() => undefined);
    }
  }

  async close(): Promise<void> {}

  /** How many letters the queue holds now (a missing queue holds none; asking for it closes its channel). */
  private async length(connection: ChannelModel, deadline: WalkDeadline, summary: WalkSummary): Promise<number> {
    const channel = await deadline.race(connection.createChannel(), 'a RabbitMQ channel');
    channel.on('error', () => undefined);
    try {
      const { messageCount } = await deadline.race(channel.checkQueue(this.destination), 'the queue’s length');
      await channel.close();
      return messageCount;
    } catch (error) {
      if ((error as { code?: number }).code !== 404) throw error;
      if (!summary.notes.some((note) => note.startsWith('there is no queue'))) {
        summary.notes.push(`there is no queue ${this.destination} (yet): nothing was dead-lettered here`);
      }
      return 0;
    }
  }

  private async handle(
    channel: ConfirmChannel,
    message: GetMessage,
    query: ResolvedQuery,
    mode: WalkMode,
    summary: WalkSummary,
    deadline: WalkDeadline,
  ): Promise<HandledDeadLetter | undefined> {
    const headers = message.properties.headers ?? {};
    const letter = readDeadLetter(
      {
        locator: message.properties.messageId
          ? `${this.destination}#${message.properties.messageId}`
          : contentLocator(this.destination, message.content),
        body: message.content,
        headers,
        fallbackOrigin: brokerRejectedFrom(message),
        fallbackTime:
          typeof message.properties.timestamp === 'number' ? message.properties.timestamp * 1000 : undefined,
      },
      query.bodyBytes,
    );
    summary.examined += 1;
    if (!query.selects(letter, message.content)) return undefined;
    summary.selected += 1;
    switch (mode) {
      case 'list':
        return { letter, outcome: 'listed' };
      case 'purge-dry-run':
        return { letter, outcome: 'would purge' };
      case 'purge':
        channel.ack(message);
        return { letter, outcome: 'purged' };
      case 'replay': {
        const refusal = replayRefusal(letter.origin);
        if (refusal) return { letter, outcome: 'refused', note: refusal };
        channel.publish(EVENTS_EXCHANGE, letter.origin, message.content, {
          ...message.properties,
          headers: replayHeaders(headers, letter.locator),
        });
        await deadline.race(channel.waitForConfirms(), 'RabbitMQ to confirm a replay');
        channel.ack(message);
        return { letter, outcome: 'replayed' };
      }
    }
  }
}

/** A message RabbitMQ dead-lettered itself (e.g. rejected) records its routing key in x-death. */
function brokerRejectedFrom(message: GetMessage): string {
  const deaths = message.properties.headers?.['x-death'] as Array<{ 'routing-keys'?: string[] }> | undefined;
  return deaths?.[0]?.['routing-keys']?.[0] ?? message.fields.routingKey;
}
