import { applyDecorators, UseInterceptors, UsePipes } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import type { ClassConstructor } from 'class-transformer';
import { EventDeliveryInterceptor } from './event-delivery.interceptor.js';
import { EventPayloadPipe } from './event-payload.pipe.js';

/**
 * Marks a method as the handler of one event type. Its @Payload() arrives as a validated
 * ReceivedEvent<T>; the message is acknowledged after it returns, retried or dead-lettered if it throws.
 * A handler returns what its unit of work returned, so that a redelivery (`{ duplicate: true }`) is
 * counted as a duplicate rather than as handled.
 */
export function HandleEvent<T extends object>(type: string, contract: ClassConstructor<T>): MethodDecorator {
  return applyDecorators(
    EventPattern(type) as MethodDecorator,
    UseInterceptors(EventDeliveryInterceptor),
    UsePipes(new EventPayloadPipe(type, contract)),
  );
}
