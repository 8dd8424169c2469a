import { InvalidEventDataError, validTraceContext, validateEventData, type EventEnvelope } from '#events';
import type { PipeTransform } from '@nestjs/common';
import type { ClassConstructor } from 'class-transformer';
import { PoisonMessageError } from './delivery-failure.js';
import type { ReceivedEvent } from './received-event.js';
import { UnprocessableMessage } from './unprocessable-message.js';

/** Turns a decoded envelope into a validated ReceivedEvent, or refuses it as poison. */
export class EventPayloadPipe<T extends object> implements PipeTransform<EventEnvelope | UnprocessableMessage> {
  constructor(
    private readonly type: string,
    private readonly contract: ClassConstructor<T>,
  ) {}

  transform(payload: EventEnvelope | UnprocessableMessage): ReceivedEvent<T> {
    if (payload instanceof UnprocessableMessage) throw new PoisonMessageError(payload.reason, payload.error);
    if (payload.type !== this.type) {
      throw new PoisonMessageError('UNHANDLED_TYPE', `expected type ${this.type}, got ${payload.type}`);
    }
    try {
      return {
        id: payload.id,
        type: payload.type,
        source: payload.source,
        subject: payload.subject,
        time: payload.time,
        // The handling span's, which EventDeliveryInterceptor wrote into the envelope: the events this one
        // causes become its children.
        ...validTraceContext(payload),
        data: validateEventData(this.contract, payload.data),
      };
    } catch (error) {
      if (error instanceof InvalidEventDataError) throw new PoisonMessageError('INVALID', error.message);
      throw error;
    }
  }
}
