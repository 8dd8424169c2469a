import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { collectDefaultMetrics, register } from 'prom-client';

// Node's process metrics (CPU, memory, event loop lag, GC) beside the services' own; once per process.
if (!register.getSingleMetric('process_cpu_user_seconds_total')) collectDefaultMetrics();

/** GET /metrics: every metric of the process in Prometheus' text format (prom-client's default registry). */
@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  @Get()
  @Header('Content-Type', register.contentType)
  @ApiOperation({ summary: 'Prometheus metrics of this service (text exposition format)' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Counters, gauges and histograms, as docs/observability.md lists them' })
  metrics(): Promise<string> {
    return register.metrics();
  }
}
