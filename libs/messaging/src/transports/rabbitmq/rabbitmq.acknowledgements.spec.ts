import type { Channel, Message } from 'amqplib';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { ChannelAcknowledgements } from './rabbitmq.acknowledgements.js';

/** The frames a channel was asked to send: `ack 5` or `ack up to 5`. */
function recordingChannel() {
  const sent: string[] = [];
  let closed = false;
  const channel = {
    ack: (message: Message, allUpTo = false) => {
      if (closed) throw new Error('Channel closed');
      sent.push(`ack ${allUpTo ? 'up to ' : ''}${message.fields.deliveryTag}`);
    },
  } as unknown as Channel;
  return { channel, sent, close: () => (closed = true) };
}

const message = (deliveryTag: number) => ({ fields: { deliveryTag } }) as Message;

function delivered(acknowledgements: ChannelAcknowledgements, count: number): Message[] {
  const messages = Array.from({ length: count }, (_, index) => message(index + 1));
  messages.forEach((each) => acknowledgements.received(each));
  return messages;
}

describe('ChannelAcknowledgements: acks sent together, never for a delivery still being handled', () => {
  it('acknowledges the deliveries of one turn with one multiple ack, in the next turn', async () => {
    const { channel, sent } = recordingChannel();
    const acknowledgements = new ChannelAcknowledgements(channel, () => undefined);
    const [first, second, third] = delivered(acknowledgements, 3);
    acknowledgements.acknowledge(second!);
    acknowledgements.acknowledge(first!);
    acknowledgements.acknowledge(third!);
    expect(sent).toEqual([]);
    await nextTurn();
    expect(sent).toEqual(['ack up to 3']);
  });

  it('acks beyond a delivery still being handled one by one, so that a slow handler holds back no other ack', async () => {
    const { channel, sent } = recordingChannel();
    const acknowledgements = new ChannelAcknowledgements(channel, () => undefined);
    const [first, slow, third, fourth] = delivered(acknowledgements, 4);
    for (const done of [first, third, fourth]) acknowledgements.acknowledge(done!);
    await nextTurn();
    expect(sent).toEqual(['ack up to 1', 'ack 3', 'ack 4']);
    acknowledgements.acknowledge(slow!);
    await nextTurn();
    expect(sent.at(-1)).toBe('ack up to 2');
  });

  it('a delivery given back (nack) no longer holds back the acks behind it', async () => {
    const { channel, sent } = recordingChannel();
    const acknowledgements = new ChannelAcknowledgements(channel, () => undefined);
    const [first, givenBack, third] = delivered(acknowledgements, 3);
    acknowledgements.settledOtherwise(givenBack!);
    acknowledgements.acknowledge(third!);
    acknowledgements.acknowledge(first!);
    await nextTurn();
    expect(sent).toEqual(['ack up to 3']);
  });

  it('flush() sends at once what was acknowledged (before the channel closes)', () => {
    const { channel, sent } = recordingChannel();
    const acknowledgements = new ChannelAcknowledgements(channel, () => undefined);
    const [first] = delivered(acknowledgements, 1);
    acknowledgements.acknowledge(first!);
    acknowledgements.flush();
    expect(sent).toEqual(['ack up to 1']);
  });

  it('on a closed channel reports how many deliveries went unacknowledged instead of throwing', async () => {
    const { channel, close } = recordingChannel();
    const unsent: number[] = [];
    const acknowledgements = new ChannelAcknowledgements(channel, (_, deliveries) => unsent.push(deliveries));
    const messages = delivered(acknowledgements, 2);
    messages.forEach((each) => acknowledgements.acknowledge(each));
    close();
    await nextTurn();
    expect(unsent).toEqual([2]);
  });

  it('a delivery it never saw arrive is acknowledged at once, on its own', () => {
    const { channel, sent } = recordingChannel();
    const acknowledgements = new ChannelAcknowledgements(channel, () => undefined);
    acknowledgements.acknowledge(message(7));
    expect(sent).toEqual(['ack 7']);
  });
});
