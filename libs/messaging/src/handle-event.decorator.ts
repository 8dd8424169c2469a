import { applyDecorators, UseInterceptors, UsePipes } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import type { ClassConstructor } from 'class-transformer';
import { EventDeliveryInterceptor } from './event-delivery.interceptor.js';
import { EventPayloadPipe } from './event-payload.pipe.js';

/**
 * Marks a method as the handler of one event type. Its @Payload() arrives as a validated
 * ReceivedEvent<T>; the message is acknowledged after it returns, retried or dead-lettered if it throws.
 */
export function HandleEvent<T extends object>(type: string, contract: ClassConstructor<T>): MethodDecorator {
  return applyDecorators(
    EventPattern(type) as MethodDecorator,
    UseInterceptors(EventDeliveryInterceptor),
    UsePipes(new EventPayloadPipe(type, contract)),
  );
}
