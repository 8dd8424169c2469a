import { connect, createServer, type Socket } from 'node:net';
import { freePort } from '#testing';

/**
 * A TCP forwarder on a port of its own, so a test can point a service at a real broker or database
 * and later close that port under it (every open connection cut, nothing listening any more), or make
 * it hang the way a frozen process or a lost peer does.
 */
export class TcpProxy {
  private readonly sockets = new Set<Socket>();
  private readonly pairs = new Set<[client: Socket, upstream: Socket]>();
  private readonly server = createServer((client) => this.accept(client));
  private hangingNewConnections = false;

  private constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const proxy = new TcpProxy(await freePort(), target);
    await new Promise<void>((resolve) => proxy.server.listen(proxy.port, '127.0.0.1', resolve));
    return proxy;
  }

  /** Stops listening and cuts every connection: the port is closed from now on. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  /**
   * A broker stopped with SIGSTOP: every connection, open or new, stays open (the kernel still accepts
   * them) and carries nothing, in either direction, until close().
   */
  hang(): void {
    this.hangingNewConnections = true;
    this.freezeOpenConnections();
  }

  /**
   * A peer lost without a word (a dropped NAT entry, a crashed host): the connections open now stay
   * open and carry nothing more; new connections reach the target as before.
   */
  freezeOpenConnections(): void {
    for (const pair of this.pairs) {
      for (const socket of pair) socket.pause();
      pair[0].unpipe(pair[1]);
      pair[1].unpipe(pair[0]);
    }
    this.pairs.clear();
  }

  private accept(client: Socket): void {
    this.track(client, () => undefined);
    if (this.hangingNewConnections) client.pause();
    else this.forward(client);
  }

  private forward(client: Socket): void {
    const upstream = connect(this.target.port, this.target.host);
    const pair: [Socket, Socket] = [client, upstream];
    this.pairs.add(pair);
    const cut = () => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    this.track(upstream, cut);
    client.on('close', cut);
    client.pipe(upstream).pipe(client);
  }

  private track(socket: Socket, onClose: () => void): void {
    this.sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.sockets.delete(socket);
      onClose();
    });
  }
}
