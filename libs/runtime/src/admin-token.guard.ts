import { createHash, timingSafeEqual } from 'node:crypto';
import {
  applyDecorators,
  Inject,
  Injectable,
  UnauthorizedException,
  UseGuards,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { ApiBearerAuth, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SERVICE_CONFIG, type ServiceConfig } from './service.config.js';

/** The OpenAPI security scheme of administration routes. */
export const ADMIN_SECURITY_SCHEME = 'adminToken';

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/**
 * Administration routes need `Authorization: Bearer <ADMIN_TOKEN>` when ADMIN_TOKEN is set.
 * Both sides are hashed before the constant-time comparison, so neither the content nor the
 * length of the token leaks through timing.
 */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  private readonly expected: Buffer | undefined;
  private readonly realm: string;

  constructor(@Inject(SERVICE_CONFIG) config: ServiceConfig) {
    this.expected = config.http.adminToken === undefined ? undefined : digest(config.http.adminToken);
    this.realm = config.serviceName;
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.expected) return true;
    const http = context.switchToHttp();
    const presented = BEARER.exec(http.getRequest<FastifyRequest>().headers.authorization ?? '')?.[1];
    if (presented !== undefined && timingSafeEqual(digest(presented), this.expected)) return true;
    http.getResponse<FastifyReply>().header('WWW-Authenticate', `Bearer realm="${this.realm}"`);
    throw new UnauthorizedException('this route needs the header Authorization: Bearer <ADMIN_TOKEN>');
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/** Marks a route as administration: guarded by ADMIN_TOKEN, and documented as such. */
export function AdminOnly(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    UseGuards(AdminTokenGuard),
    ApiBearerAuth(ADMIN_SECURITY_SCHEME),
    ApiUnauthorizedResponse({
      description: 'ADMIN_TOKEN is set and the request has no `Authorization: Bearer <ADMIN_TOKEN>` with it',
    }),
  );
}
