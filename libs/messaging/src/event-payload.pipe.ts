import { InvalidEventDataError, validateEventData, type EventEnvelope } from '#events';
import type { PipeTransform } from '@nestjs/common';
import type { ClassConstructor } from 'class-transformer';
import { PoisonMessageError } from './delivery-failure.js';
import type { ReceivedEvent } from './received-event.js';
import { UndecodableMessage } from './undecodable-message.js';

/** Turns a decoded envelope into a validated ReceivedEvent, or refuses it as poison. */
export class EventPayloadPipe<T extends object> implements PipeTransform<EventEnvelope | UndecodableMessage> {
  constructor(
    private readonly type: string,
    private readonly contract: ClassConstructor<T>,
  ) {}

  transform(payload: EventEnvelope | UndecodableMessage): ReceivedEvent<T> {
    if (payload instanceof UndecodableMessage) throw new PoisonMessageError('MALFORMED', payload.error);
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
        traceparent: payload.traceparent,
        data: validateEventData(this.contract, payload.data),
      };
    } catch (error) {
      if (error instanceof InvalidEventDataError) throw new PoisonMessageError('INVALID', error.message);
      throw error;
    }
  }
}
