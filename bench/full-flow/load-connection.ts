import { connect, type Socket } from 'node:net';

/** What became of one request: the answer's status code, or the transport error that stood for it. */
export type RequestOutcome = { status: number } | { error: string };

const HEADER_END = Buffer.from('\r\n\r\n');
const CHUNKED_END = Buffer.from('\r\n0\r\n\r\n');
const EMPTY = Buffer.alloc(0);

/**
 * One keep-alive HTTP/1.1 connection with one request in flight at a time, reading only what the load
 * needs (status code, where the answer ends). node:http or fetch would cost the load generator several
 * times the CPU per request, on the same two cores as the services it measures.
 */
export class LoadConnection {
  private readonly socket: Socket;
  private buffered: Buffer = EMPTY;
  private answer: ((outcome: RequestOutcome) => void) | null = null;
  private open = true;

  constructor(port: number, host: string, onClose: (connection: LoadConnection) => void) {
    this.socket = connect(port, host);
    this.socket.setNoDelay(true);
    this.socket.on('data', (chunk: Buffer) => this.receive(chunk));
    this.socket.on('error', () => undefined); // 'close' follows, and says it
    this.socket.on('close', () => {
      this.open = false;
      this.settle({ error: 'connection closed' });
      onClose(this);
    });
  }

  get usable(): boolean {
    return this.open && this.answer === null;
  }

  /** Writes the request (bytes the caller built once) and calls `done` once with its outcome. */
  send(request: Buffer, done: (outcome: RequestOutcome) => void): void {
    this.answer = done;
    this.socket.write(request);
  }

  close(): void {
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    const headerEnd = this.buffered.indexOf(HEADER_END);
    if (headerEnd < 0) return;
    const head = this.buffered.toString('latin1', 0, headerEnd).toLowerCase();
    const bodyStart = headerEnd + HEADER_END.length;
    let end: number;
    const length = /\r\ncontent-length: *(\d+)/.exec(head);
    if (length) end = bodyStart + Number(length[1]);
    else if (head.includes('transfer-encoding: chunked')) {
      const last = this.buffered.indexOf(CHUNKED_END, bodyStart - 2);
      end = last < 0 ? Infinity : last + CHUNKED_END.length;
    } else end = bodyStart;
    if (this.buffered.length < end) return;
    // One request in flight: nothing can follow the answer, so whatever is buffered is done with.
    this.buffered = EMPTY;
    this.settle({ status: Number(head.slice(9, 12)) });
    if (head.includes('\r\nconnection: close')) this.close();
  }

  private settle(outcome: RequestOutcome): void {
    const answer = this.answer;
    this.answer = null;
    answer?.(outcome);
  }
}

/** The bytes of one POST with a JSON body, built once and sent many times. */
export function jsonPostRequest(path: string, host: string, body: unknown): Buffer {
  const json = Buffer.from(JSON.stringify(body));
  const head =
    `POST ${path} HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\n` +
    `Content-Length: ${json.length}\r\nConnection: keep-alive\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), json]);
}
