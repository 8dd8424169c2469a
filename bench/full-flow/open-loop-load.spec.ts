import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jsonPostRequest } from './load-connection.js';
import { runConstantRate } from './open-loop-load.js';

/** A server that answers every POST with `status`, holding the answers back until `openAt`. */
async function answeringServer(status: number, openAt = 0): Promise<{ server: Server; port: number }> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const answer = () => response.writeHead(status, { 'content-type': 'application/json' }).end('{"id":"x"}');
      const wait = openAt - Date.now();
      if (wait > 0) setTimeout(answer, wait).unref();
      else answer();
    });
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return { server, port: (server.address() as AddressInfo).port };
}

const request = (port: number) => [jsonPostRequest('/orders', `127.0.0.1:${port}`, { customerId: 'c', items: [] })];

describe('open-loop constant-rate load', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((closed) => (server ? server.close(() => closed()) : closed())));

  it('sends rate x duration requests and counts the 201s', async () => {
    const started = await answeringServer(201);
    server = started.server;
    const result = await runConstantRate({
      port: started.port,
      requests: request(started.port),
      ratePerSecond: 200,
      durationSeconds: 1,
    });
    expect(result).toMatchObject({ sent: 200, succeeded: 200, errors: 0 });
    expect(result.latenciesMs).toHaveLength(200);
    expect(result.elapsedSeconds).toBeLessThan(1.5);
  });

  it('times a request from when it was due, so the wait behind a stalled server shows in the latency', async () => {
    const started = await answeringServer(201, Date.now() + 400);
    server = started.server;
    // One connection: the requests due during the stall wait for it. Timed from the actual send, only the
    // first would look slow; timed from when each was due, the 30 due in the first 300 ms waited >= 100 ms.
    const result = await runConstantRate({
      port: started.port,
      requests: request(started.port),
      ratePerSecond: 100,
      durationSeconds: 1,
      maxConnections: 1,
    });
    expect(result).toMatchObject({ sent: 100, succeeded: 100, connectionsOpened: 1 });
    expect(result.latenciesMs.filter((latency) => latency >= 100).length).toBeGreaterThanOrEqual(25);
  });

  it('counts other statuses as errors, by kind', async () => {
    const started = await answeringServer(500);
    server = started.server;
    const result = await runConstantRate({
      port: started.port,
      requests: request(started.port),
      ratePerSecond: 50,
      durationSeconds: 0.5,
    });
    expect(result).toMatchObject({ succeeded: 0, errors: 25, errorKinds: { '500': 25 } });
  });

  it('counts requests nobody answers before the drain deadline as errors', async () => {
    const started = await answeringServer(201, Date.now() + 60_000);
    server = started.server;
    const result = await runConstantRate({
      port: started.port,
      requests: request(started.port),
      ratePerSecond: 20,
      durationSeconds: 0.5,
      drainTimeoutMs: 200,
    });
    expect(result).toMatchObject({ succeeded: 0, errors: 10 });
    expect(result.errorKinds['no answer before the drain deadline']).toBe(10);
    server.closeAllConnections();
  });
});
