import { STATUS_CODES } from 'node:http';
import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Every HTTP error answer. A deliberate answer (an HttpException: validation, 404, 413, 415, a
 * health check's 503) keeps its status and body. Anything else is a server fault: the client gets
 * a generic 500 and the details (with the stack) go to the log only.
 */
@Catch()
export class HttpErrorsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      this.send(reply, status, typeof body === 'object' ? body : { statusCode: status, message: body });
      return;
    }
    const request = http.getRequest<FastifyRequest>();
    const failed = `${request.method} ${request.url.split('?')[0]} failed`;
    if (exception instanceof Error) this.logger.error(`${failed}: ${exception.message}`, exception.stack);
    else this.logger.error(`${failed}: ${String(exception)}`);
    this.send(reply, 500, { statusCode: 500, error: STATUS_CODES[500], message: 'Internal server error' });
  }

  private send(reply: FastifyReply, status: number, body: object): void {
    // The answer had already begun: the only honest thing left is to cut it short.
    if (reply.sent || reply.raw.headersSent) {
      reply.raw.destroy();
      return;
    }
    reply.status(status).send(body);
  }
}
