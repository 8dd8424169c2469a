import { STATUS_CODES } from 'node:http';
import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';

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
    const response = http.getResponse<Response>();
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      this.send(response, status, typeof body === 'object' ? body : { statusCode: status, message: body });
      return;
    }
    const request = http.getRequest<Request>();
    const detail = exception instanceof Error ? (exception.stack ?? exception.message) : String(exception);
    this.logger.error(`${request.method} ${request.path} failed: ${detail}`);
    this.send(response, 500, { statusCode: 500, error: STATUS_CODES[500], message: 'Internal server error' });
  }

  private send(response: Response, status: number, body: object): void {
    // The answer had already begun: the only honest thing left is to cut it short.
    if (response.headersSent) {
      response.destroy();
      return;
    }
    response.status(status).json(body);
  }
}
