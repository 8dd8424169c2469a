import type { Channel, Message } from 'amqplib';

/**
 * One channel's acknowledgements, sent together: the deliveries acknowledged during one turn of the
 * event loop go to the broker as one basic.ack with multiple=true (one frame, one socket write)
 * instead of one each. Such an ack settles every delivery of the channel up to its tag, so it reaches
 * only up to the first delivery still being handled; those acknowledged beyond it are acknowledged one
 * by one, so that a slow handler never holds back the others' acks (and with them the prefetch window).
 */
export class ChannelAcknowledgements {
  /** Delivered and not settled yet, in delivery order, which on a channel is the order of the tags. */
  private readonly unsettled = new Set<number>();
  /** Acknowledged by their handlers, not yet sent. */
  private readonly acknowledged = new Set<number>();
  private scheduled: NodeJS.Immediate | null = null;

  constructor(
    private readonly channel: Channel,
    private readonly onUnsent: (error: unknown, deliveries: number) => void,
  ) {}

  /** Call as each message arrives, before anything is awaited: tags must be seen in delivery order. */
  received(message: Message): void {
    this.unsettled.add(message.fields.deliveryTag);
  }

  acknowledge(message: Message): void {
    const tag = message.fields.deliveryTag;
    if (!this.unsettled.has(tag)) {
      this.send(() => this.channel.ack(message), 1);
      return;
    }
    this.acknowledged.add(tag);
    this.scheduled ??= setImmediate(() => this.flush());
  }

  /** Settled by another frame (a nack), sent at once: it no longer holds back the acks behind it. */
  settledOtherwise(message: Message): void {
    this.unsettled.delete(message.fields.deliveryTag);
  }

  /** Sends what was acknowledged; also called before the channel closes. */
  flush(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = null;
    if (this.acknowledged.size === 0) return;
    let upTo: number | null = null;
    let covered = 0;
    for (const tag of this.unsettled) {
      if (!this.acknowledged.has(tag)) break;
      upTo = tag;
      covered += 1;
    }
    if (upTo !== null) {
      for (const tag of this.unsettled) {
        if (tag > upTo) break;
        this.unsettled.delete(tag);
        this.acknowledged.delete(tag);
      }
      this.send(() => this.channel.ack(delivery(upTo), true), covered);
    }
    for (const tag of this.acknowledged) {
      this.unsettled.delete(tag);
      this.send(() => this.channel.ack(delivery(tag)), 1);
    }
    this.acknowledged.clear();
  }

  /** amqplib throws on a closed channel, whose unacknowledged deliveries the broker hands out again. */
  private send(ack: () => void, deliveries: number): void {
    try {
      ack();
    } catch (error) {
      this.onUnsent(error, deliveries);
    }
  }
}

/** What amqplib's ack reads of a message: its tag. */
const delivery = (deliveryTag: number) => ({ fields: { deliveryTag } }) as Message;
