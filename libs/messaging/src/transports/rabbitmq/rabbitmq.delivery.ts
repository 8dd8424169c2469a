import { CLOUDEVENTS_CONTENT_TYPE } from '#events';
import type { ConfirmChannel, Message } from 'amqplib';
import type { Delivery } from '../../broker-transport.js';
import type { DeliveryFailure } from '../../delivery-failure.js';
import { deadLetterHeaders } from '../dead-letter-headers.js';
import type { ChannelAcknowledgements } from './rabbitmq.acknowledgements.js';
import { deadLetterQueue } from './rabbitmq.names.js';

/**
 * Settles one AMQP message on the channel it came on (manual acknowledgement): acked after its
 * handler succeeded (with the channel's other acks of the same turn, see ChannelAcknowledgements), requeued when released, or published to `<service>.dlq` with the
 * x-dead-letter-* headers, confirmed, and then acked.
 */
export class RabbitmqDelivery implements Delivery {
  constructor(
    private readonly channel: ConfirmChannel,
    private readonly message: Message,
    private readonly service: string,
    private readonly acknowledgements: ChannelAcknowledgements,
  ) {}

  acknowledge(): void {
    this.acknowledgements.acknowledge(this.message);
  }

  release(): void {
    this.acknowledgements.settledOtherwise(this.message);
    this.channel.nack(this.message, false, true);
  }

  async heartbeat(): Promise<void> {}

  async deadLetter(failure: DeliveryFailure): Promise<void> {
    const { content, properties, fields } = this.message;
    await new Promise<void>((resolve, reject) =>
      this.channel.publish(
        '',
        deadLetterQueue(this.service),
        content,
        {
          persistent: true,
          contentType: properties.contentType ?? CLOUDEVENTS_CONTENT_TYPE,
          messageId: properties.messageId,
          headers: {
            ...properties.headers,
            ...deadLetterHeaders(failure, { destination: fields.routingKey, consumer: this.service }),
          },
        },
        (error) => (error ? reject(error) : resolve()),
      ),
    );
    this.acknowledgements.acknowledge(this.message);
  }
}
