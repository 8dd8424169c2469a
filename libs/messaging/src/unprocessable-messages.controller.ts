import { Controller, UseInterceptors } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { PoisonMessageError } from './delivery-failure.js';
import { EventDeliveryInterceptor } from './event-delivery.interceptor.js';
import { UNPROCESSABLE_MESSAGE_PATTERN, type UnprocessableMessage } from './unprocessable-message.js';

/** Where messages no handler can take land (see UNPROCESSABLE_MESSAGE_PATTERN): straight to dead letter. */
@Controller()
export class UnprocessableMessagesController {
  @EventPattern(UNPROCESSABLE_MESSAGE_PATTERN)
  @UseInterceptors(EventDeliveryInterceptor)
  refuse(@Payload() message: UnprocessableMessage): void {
    throw new PoisonMessageError(message.reason, message.error);
  }
}
