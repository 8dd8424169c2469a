import { ConsumeClock } from '../throughput.js';

/** The bench handler's only work: counting what it was given. */
export const HANDLED_EVENTS = Symbol('HANDLED_EVENTS');

export class HandledEvents extends ConsumeClock {}
