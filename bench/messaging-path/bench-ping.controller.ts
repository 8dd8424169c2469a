import { OrderCreated } from '#events';
import { HandleEvent, type ReceivedEvent } from '#messaging';
import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { BENCH_EVENT_TYPE } from '../bench-event.js';
import { HANDLED_EVENTS, type HandledEvents } from './handled-events.js';

/** A handler as the services write theirs (validated payload, ack after it returns), doing nothing but count. */
@Controller()
export class BenchPingController {
  constructor(@Inject(HANDLED_EVENTS) private readonly handled: HandledEvents) {}

  @HandleEvent(BENCH_EVENT_TYPE, OrderCreated)
  onPing(@Payload() _event: ReceivedEvent<OrderCreated>): void {
    this.handled.received();
  }
}
