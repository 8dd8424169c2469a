import { spawn, type ChildProcess } from 'node:child_process';
import type { ConsumingService } from '#events';
import { loadBrokerConnections } from '#messaging';
import { serviceRabbitmqUrl } from './brokers/rabbitmq/rabbitmq.service-users.js';
import { freePort } from './free-port.js';
import { waitFor } from './poll.js';
import { REPOSITORY_ROOT } from './repository-root.js';

/** Every service libs/events declares (a generated one too), each built into dist/apps/<name>/. */
export type ServiceName = ConsumingService;

/**
 * Each service connects to RabbitMQ as its own user (`npm run brokers:up` creates them), never as the
 * operator of RABBITMQ_URL, so that every run proves those users' narrow permissions suffice.
 */
function ownBrokerUser(name: ServiceName): NodeJS.ProcessEnv {
  const { rabbitmqUrls } = loadBrokerConnections(process.env);
  return { RABBITMQ_URL: rabbitmqUrls.map((url) => serviceRabbitmqUrl(name, url)).join(',') };
}

const ACCESS_REFUSED_HINT =
  '\n(RabbitMQ refused the service its own user: `npm run brokers:up` creates the per-service users)';

/** Ports tried for a service whose port was taken between choosing it and listening on it. */
const PORT_ATTEMPTS = 3;

/**
 * One built service running as its own process, exactly as `npm run start:*` runs it.
 * Output is kept so a failing test can show what the service said.
 */
export class ServiceProcess {
  private child: ChildProcess | null = null;
  private output: string[] = [];
  private exit: Promise<number | null> = Promise.resolve(null);
  private expectingExit = false;

  private constructor(
    readonly name: ServiceName,
    readonly port: number,
    private readonly env: NodeJS.ProcessEnv,
    /** Options for node itself, e.g. --cpu-prof, which NODE_OPTIONS does not take on Node 20. */
    private readonly nodeArguments: string[],
  ) {}

  static async start(name: ServiceName, env: NodeJS.ProcessEnv, nodeArguments: string[] = []): Promise<ServiceProcess> {
    for (let attempt = 1; ; attempt += 1) {
      const port = env.PORT ? Number(env.PORT) : await freePort();
      const service = new ServiceProcess(
        name,
        port,
        { ...ownBrokerUser(name), ...env, PORT: String(port) },
        nodeArguments,
      );
      try {
        await service.restart();
        return service;
      } catch (error) {
        // A port found free can be taken before the service listens on it (by another process started
        // meanwhile, or as a connection's local port): another one, unless the test chose it.
        const taken = env.PORT === undefined && service.logs.includes('EADDRINUSE');
        if (!taken || attempt === PORT_ATTEMPTS) throw error;
      }
    }
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get logs(): string {
    return this.output.join('');
  }

  /** The service's own log lines, parsed (Node's warnings about dependencies are text on stderr, left out). */
  get logLines(): Array<Record<string, unknown>> {
    return this.logs
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts (again) with the same port and database, and waits until it reports ready. */
  async restart(): Promise<void> {
    const child = spawn(process.execPath, [...this.nodeArguments, `dist/apps/${this.name}/src/main.js`], {
      cwd: REPOSITORY_ROOT,
      env: { ...process.env, LOG_LEVEL: 'warn', NO_COLOR: '1', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout!.on('data', (chunk) => this.output.push(String(chunk)));
    child.stderr!.on('data', (chunk) => this.output.push(String(chunk)));
    this.expectingExit = false;
    this.exit = new Promise((done) =>
      child.once('exit', (code, signal) => {
        // A service that dies on its own is a finding: show what it said, wherever the test is.
        if (!this.expectingExit)
          console.error(`${this.name} exited unexpectedly (${code ?? signal}):\n${this.logs.slice(-4000)}`);
        done(code);
      }),
    );
    // 'close' comes after the exit and after the last of its output, so the error says everything.
    let closed = false;
    child.once('close', () => (closed = true));
    const outcome = await waitFor(
      `${this.name} to be ready`,
      async () => {
        if (closed) return 'exited';
        const response = await fetch(`${this.url}/health/ready`);
        return response.ok && 'ready';
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    // A service that cannot start fails the test at once, with what it said.
    if (outcome === 'exited') {
      const hint = this.logs.includes('ACCESS_REFUSED') ? ACCESS_REFUSED_HINT : '';
      throw new Error(`${this.name} exited during start:\n${this.logs}${hint}`);
    }
  }

  /** SIGTERM and wait for the exit code. */
  async stop(): Promise<number | null> {
    if (!this.child || this.child.exitCode !== null) return this.child?.exitCode ?? null;
    this.expectingExit = true;
    this.child.kill('SIGTERM');
    const code = await this.exit;
    // A shutdown that fails is a finding: show what the service said about it.
    if (code !== 0) console.error(`${this.name} exited ${code} after SIGTERM:\n${this.logs.slice(-4000)}`);
    return code;
  }

  /** SIGKILL: no shutdown hooks run, as in a crash. */
  async kill(): Promise<void> {
    if (!this.child || this.child.exitCode !== null) return;
    this.expectingExit = true;
    this.child.kill('SIGKILL');
    await this.exit;
  }
}
