/** Injection tokens of the messaging layer. */
export const BROKER_TRANSPORT = Symbol('BROKER_TRANSPORT');
export const EVENT_CLIENT = Symbol('EVENT_CLIENT');
export const MESSAGING_CONFIG = Symbol('MESSAGING_CONFIG');
export const EVENT_TRAFFIC = Symbol('EVENT_TRAFFIC');
