import { Controller, UseInterceptors } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { PoisonMessageError } from './delivery-failure.js';
import { EventDeliveryInterceptor } from './event-delivery.interceptor.js';
import { UNDECODABLE_MESSAGE_PATTERN, type UndecodableMessage } from './undecodable-message.js';

/** Where bytes that are not a CloudEvent land (see UNDECODABLE_MESSAGE_PATTERN): straight to dead letter. */
@Controller()
export class UndecodableMessagesController {
  @EventPattern(UNDECODABLE_MESSAGE_PATTERN)
  @UseInterceptors(EventDeliveryInterceptor)
  refuse(@Payload() message: UndecodableMessage): void {
    throw new PoisonMessageError('MALFORMED', message.error);
  }
}
