/**
 * The local SNS/SQS emulator, as `npm run brokers:up` starts it: fauxqs (in memory), on 127.0.0.1 only
 * (fauxqs' own CLI listens on every interface). FAUXQS_PORT picks the port (default 4566).
 *
 * SIGUSR1 takes the endpoint away (the listener closes and open connections drop) and SIGUSR2 brings
 * it back, with every topic, queue, subscription and message kept. That is what clients see during a
 * real SNS/SQS outage, where AWS keeps its state; killing this process instead loses everything,
 * which no real outage does. SIGTERM stops it.
 */
import { clearInterval, setInterval } from 'node:timers';
import { buildApp } from 'fauxqs';

const port = Number(process.env.FAUXQS_PORT ?? 4566);
const host = '127.0.0.1';
const app = buildApp({ logger: process.env.FAUXQS_LOGGER === 'true' });
await app.listen({ port, host });
console.log(`fauxqs listening on http://${host}:${port} (pid ${process.pid})`);

// With the listener closed nothing else would keep the process alive until SIGUSR2.
const keepAlive = setInterval(() => undefined, 2 ** 30);

process.on('SIGUSR1', () => {
  app.server.close();
  app.server.closeAllConnections();
  console.log('endpoint closed (state kept)');
});
process.on('SIGUSR2', () => {
  if (app.server.listening) return;
  app.server.listen(port, host, () => console.log('endpoint open again'));
});
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => {
    clearInterval(keepAlive);
    void app.close().finally(() => process.exit(0));
  });
}
