import { Logger } from '@nestjs/common';
import { PinoNestLogger } from './pino-nest-logger.js';
import { createServiceLogger } from './service-logger.js';
import type { LogLevel } from '@nestjs/common';

/** A service logger whose lines are kept, parsed, instead of written to stdout. */
function capturedLogger(level: LogLevel) {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createServiceLogger({
    serviceName: 'order-service',
    level,
    format: 'json',
    destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  });
  return { lines, nest: new PinoNestLogger(logger) };
}

describe('service logs', () => {
  afterEach(() => Logger.overrideLogger(false));

  it("are JSON lines with an ISO time, the level's name, the service, the Nest logger's context and the message", () => {
    const { lines, nest } = capturedLogger('log');
    Logger.overrideLogger(nest);
    new Logger('Bootstrap').log('order-service listening on :3000');
    expect(lines).toEqual([
      {
        level: 'info',
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        service: 'order-service',
        context: 'Bootstrap',
        msg: 'order-service listening on :3000',
      },
    ]);
  });

  it('show the chosen level and every more severe one: LOG_LEVEL=log leaves debug out, verbose is trace', () => {
    const quiet = capturedLogger('log');
    quiet.nest.debug('hidden', 'EventDelivery');
    quiet.nest.warn('shown', 'EventDelivery');
    expect(quiet.lines.map((line) => [line.level, line.msg])).toEqual([['warn', 'shown']]);

    const chatty = capturedLogger('verbose');
    chatty.nest.verbose('every detail', 'Messaging');
    expect(chatty.lines.map((line) => [line.level, line.msg])).toEqual([['trace', 'every detail']]);
  });

  it('make an object given as the message the fields of its line', () => {
    const { lines, nest } = capturedLogger('debug');
    nest.debug({ msg: 'event consumed', type: 'order.created', attempts: 1, outcome: 'handled' }, 'EventDelivery');
    expect(lines[0]).toMatchObject({
      level: 'debug',
      context: 'EventDelivery',
      msg: 'event consumed',
      type: 'order.created',
      attempts: 1,
      outcome: 'handled',
    });
  });

  it("keep an error's stack in a field of its own, apart from the context", () => {
    const { lines, nest } = capturedLogger('log');
    const error = new Error('disk full');
    nest.error('POST /orders failed', error.stack, 'HttpErrors');
    expect(lines[0]).toMatchObject({ level: 'error', context: 'HttpErrors', msg: 'POST /orders failed' });
    expect(lines[0].stack).toContain('Error: disk full\n    at ');
  });
});
