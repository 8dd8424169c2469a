/**
 * Creates or updates one RabbitMQ user per service on the local node (run by scripts/brokers/up.sh).
 * Idempotent: a second run sets the same passwords and permissions again. The users go in through
 * `rabbitmqctl import_definitions` on stdin (no password on a command line), the same definitions
 * format docker-compose.yml loads at boot; this exits 0 only once each user logs in over AMQP with
 * its password and holds exactly its permissions.
 */
import { execFile, spawn } from 'node:child_process';
import { register } from 'node:module';
import { promisify } from 'node:util';
import amqp from 'amqplib';

// #testing and #messaging resolve to the TypeScript sources, so this needs no build.
register('../../typescript-hooks.js', import.meta.url);
const { localVariables, serviceRabbitmqUrl, servicePassword, serviceUserDefinitions, SERVICE_USERS, vhostOf } =
  await import('#testing');
const { loadBrokerConnections } = await import('#messaging');
type UserDefinitions = ReturnType<typeof serviceUserDefinitions>;

const DEADLINE_MS = 20_000;

const run = promisify(execFile);
const rabbitmqctl = async (...args: string[]) => (await run('rabbitmqctl', ['-q', ...args])).stdout;

function importDefinitions(definitions: UserDefinitions): Promise<void> {
  return new Promise((resolve, reject) => {
    // Without a file argument, rabbitmqctl reads the definitions from stdin.
    const child = spawn('rabbitmqctl', ['-q', 'import_definitions', '--format', 'json'], {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`rabbitmqctl import_definitions exited ${code}: ${stderr.trim()}`)),
    );
    child.stdin.end(JSON.stringify(definitions));
  });
}

interface Grant {
  user: string;
  exchange?: string;
  configure?: string;
  write: string;
  read: string;
}

const sameGrant = (actual: Grant | undefined, expected: Grant) =>
  actual !== undefined &&
  actual.configure === expected.configure &&
  actual.write === expected.write &&
  actual.read === expected.read;

/** What still differs from the definitions: wrong or missing permissions, a user that cannot log in. */
async function differences(definitions: UserDefinitions, vhost: string, urlOf: (service: string) => string) {
  const listed = async (command: string) =>
    JSON.parse((await rabbitmqctl(command, '-p', vhost, '--formatter', 'json')) || '[]') as Grant[];
  const problems: string[] = [];
  const permissions = await listed('list_permissions');
  for (const expected of definitions.permissions) {
    const actual = permissions.find((entry) => entry.user === expected.user);
    if (!sameGrant(actual, expected)) problems.push(`${expected.user}: permissions are ${JSON.stringify(actual)}`);
  }
  const topics = await listed('list_topic_permissions');
  for (const expected of definitions.topic_permissions) {
    const actual = topics.find((entry) => entry.user === expected.user && entry.exchange === expected.exchange);
    if (!sameGrant(actual, expected)) {
      problems.push(`${expected.user}: topic permissions on ${expected.exchange} are ${JSON.stringify(actual)}`);
    }
  }
  // Topic permissions are kept per exchange: drop those the definitions no longer grant (a renamed exchange).
  const granted = (entry: Grant) =>
    definitions.topic_permissions.some(({ user, exchange }) => user === entry.user && exchange === entry.exchange);
  const ours = (entry: Grant) => SERVICE_USERS.some(({ service }) => service === entry.user);
  for (const stale of topics.filter((entry) => ours(entry) && !granted(entry))) {
    await rabbitmqctl('clear_topic_permissions', '-p', vhost, stale.user, stale.exchange!);
  }
  for (const { service } of SERVICE_USERS) {
    try {
      const connection = await amqp.connect(urlOf(service), { timeout: 5_000 });
      await connection.close();
    } catch (error) {
      problems.push(`${service}: cannot log in (${(error as Error).message})`);
    }
  }
  return problems;
}

async function main(): Promise<void> {
  // Passwords may come from .env; where the broker is, only from the environment (as for the services).
  const variables = localVariables();
  const baseUrl = loadBrokerConnections(process.env).rabbitmqUrl;
  const vhost = vhostOf(baseUrl);
  const definitions = serviceUserDefinitions(vhost, (user) => servicePassword(user, variables));
  const urlOf = (service: string) => serviceRabbitmqUrl(service, baseUrl, variables);

  await importDefinitions(definitions);
  // The broker applies an import asynchronously: wait until every user is in place.
  const deadline = Date.now() + DEADLINE_MS;
  for (let problems = await differences(definitions, vhost, urlOf); problems.length > 0;) {
    if (Date.now() > deadline) throw new Error(`the service users are not as defined:\n  ${problems.join('\n  ')}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    problems = await differences(definitions, vhost, urlOf);
  }
  const names = SERVICE_USERS.map(({ service }) => service).join(', ');
  console.log(`rabbitmq: users ${names} ready in vhost ${vhost}, each limited to its own queues and event types`);
}

await main().catch((error: Error) => {
  console.error(`error: rabbitmq: ${error.message}`);
  process.exitCode = 1;
});
