import { BaseRpcContext } from '@nestjs/microservices';
import type { Message } from '@aws-sdk/client-sqs';
import type { Delivery } from '../../broker-transport.js';

type SqsContextArgs = [Message, string, Delivery];

/** What a handler on the SQS transport can see of the message it received. */
export class SqsContext extends BaseRpcContext<SqsContextArgs> {
  /** The SQS message as received: body, message attributes, receipt handle, receive count. */
  getMessage(): Message {
    return this.args[0];
  }

  /** The queue it was received from (the consuming service's own). */
  getQueue(): string {
    return this.args[1];
  }

  /** How to settle it with SQS. */
  getDelivery(): Delivery {
    return this.args[2];
  }
}
