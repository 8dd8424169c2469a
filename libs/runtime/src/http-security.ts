import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';

/**
 * Locked-down response headers: no X-Powered-By, and helmet's defaults (CSP, nosniff, frame and
 * referrer policies, HSTS, cross-origin policies). The services speak plain HTTP and leave TLS to
 * the deployment, so the CSP does not ask browsers to upgrade requests to HTTPS (that would break
 * /docs when it is opened over plain HTTP).
 */
export function applyHttpSecurity(app: NestExpressApplication): void {
  app.disable('x-powered-by');
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
}
