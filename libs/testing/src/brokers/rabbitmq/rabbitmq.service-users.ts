/**
 * One RabbitMQ user per service, with the rights its own traffic needs (rabbitmqPermissions), and its
 * password: from the environment, else from the repository's `.env` (the file docker compose reads),
 * else a documented local default. `npm run brokers:up` creates these users, docker-compose.yml
 * declares the same ones, and test support gives each service its own user's URL.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { PUBLICATIONS, SUBSCRIPTIONS } from '#events';
import { rabbitmqPermissions, type RabbitmqPermissions } from '#messaging/operator';
import { REPOSITORY_ROOT } from '../../repository-root.js';

export interface ServiceUser {
  /** The service's name, which is also its user name. */
  service: string;
  /** Where its password is set: the environment or `.env`. */
  passwordVariable: string;
  /** Used when that variable is unset: fine on a machine's loopback, never in production. */
  localDefaultPassword: string;
  permissions: RabbitmqPermissions;
}

const services = [...new Set([...Object.keys(SUBSCRIPTIONS), ...Object.keys(PUBLICATIONS)])].sort();

export const SERVICE_USERS: readonly ServiceUser[] = services.map((service) => ({
  service,
  passwordVariable: `RABBITMQ_${service.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_PASSWORD`,
  localDefaultPassword: `${service}-local`,
  permissions: rabbitmqPermissions(service, {
    consumes: [...((SUBSCRIPTIONS as Record<string, readonly string[]>)[service] ?? [])],
    publishes: [...((PUBLICATIONS as Record<string, readonly string[]>)[service] ?? [])],
  }),
}));

export function serviceUser(service: string): ServiceUser {
  const user = SERVICE_USERS.find((candidate) => candidate.service === service);
  if (!user) throw new Error(`no RabbitMQ user is defined for "${service}" (known: ${services.join(', ')})`);
  return user;
}

/**
 * The variables a local tool sees: the repository's `.env` (if any), overridden by the environment,
 * which is how docker compose resolves `${VAR}` too. Nothing is copied into process.env.
 */
export function localVariables(
  env: NodeJS.ProcessEnv = process.env,
  envFile = resolve(REPOSITORY_ROOT, '.env'),
): Record<string, string | undefined> {
  const fromFile = existsSync(envFile) ? parseEnv(readFileSync(envFile, 'utf8')) : {};
  return { ...fromFile, ...env };
}

/** Characters that need no escaping in an AMQP URL, so the password can be written into RABBITMQ_URL as is. */
const URL_SAFE_PASSWORD = /^[A-Za-z0-9._~-]{8,128}$/;

export function servicePassword(user: ServiceUser, variables: Record<string, string | undefined>): string {
  const value = variables[user.passwordVariable];
  if (value === undefined || value === '') return user.localDefaultPassword;
  if (!URL_SAFE_PASSWORD.test(value)) {
    throw new Error(
      `${user.passwordVariable} must be 8 to 128 characters of A-Z a-z 0-9 . _ ~ - ` +
        `(it is written into an AMQP URL unescaped); got ${value.length} characters that do not fit`,
    );
  }
  return value;
}

/** The service's own AMQP URL: the host, port and vhost of `baseUrl`, with the service's user and password. */
export function serviceRabbitmqUrl(
  service: string,
  baseUrl: string,
  variables: Record<string, string | undefined> = localVariables(),
): string {
  const user = serviceUser(service);
  const url = new URL(baseUrl);
  url.username = encodeURIComponent(user.service);
  url.password = encodeURIComponent(servicePassword(user, variables));
  return url.toString();
}

/** The vhost an AMQP URL names: its path without the leading slash, or `/` when there is none. */
export function vhostOf(amqpUrl: string): string {
  const path = new URL(amqpUrl).pathname;
  return path.length > 1 ? decodeURIComponent(path.slice(1)) : '/';
}

/** The users in RabbitMQ's definitions format, as `rabbitmqctl import_definitions` and `load_definitions` read it. */
export interface UserDefinitions {
  users: Array<{ name: string; password: string; tags: string[] }>;
  permissions: Array<{ user: string; vhost: string; configure: string; write: string; read: string }>;
  topic_permissions: Array<{ user: string; vhost: string; exchange: string; write: string; read: string }>;
}

export function serviceUserDefinitions(
  vhost: string,
  passwordOf: (user: ServiceUser) => string,
  users: readonly ServiceUser[] = SERVICE_USERS,
): UserDefinitions {
  return {
    // No tags: a service user cannot log into the management UI or its HTTP API.
    users: users.map((user) => ({ name: user.service, password: passwordOf(user), tags: [] })),
    permissions: users.map(({ service, permissions: { configure, write, read } }) => ({
      user: service,
      vhost,
      configure,
      write,
      read,
    })),
    topic_permissions: users.flatMap(({ service, permissions }) =>
      permissions.topics.map(({ exchange, write, read }) => ({ user: service, vhost, exchange, write, read })),
    ),
  };
}
