import helmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * Locked-down response headers: helmet's defaults (CSP, nosniff, frame and referrer policies, HSTS,
 * cross-origin policies) on every answer, errors included; Fastify sends no X-Powered-By. The services
 * speak plain HTTP and leave TLS to the deployment, so the CSP does not ask browsers to upgrade requests
 * to HTTPS (that would break /docs when it is opened over plain HTTP).
 */
export async function applyHttpSecurity(app: NestFastifyApplication): Promise<void> {
  await app.register(helmet, { contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } });
}
