import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import type { ThroughputLayer } from '../bench-result.js';
import type { LayerContext } from '../layer-context.js';
import { KAFKA_TOOLS, run, toolClasspath } from './tool-jars.js';
import { untilTopicsHaveLeaders } from '#messaging/operator';

/** As many partitions as the services' topics have. */
const PARTITIONS = 3;
const PAYLOAD_DELIMITER = '\u001e';

/**
 * Kafka's own ProducerPerformance and ConsumerPerformance on a bench-only topic, with the services'
 * guarantees: acks=all and an idempotent producer, the bench event's bytes as every record.
 */
export async function kafkaCeiling(context: LayerContext, workDir: string): Promise<ThroughputLayer> {
  const classpath = await toolClasspath(context.root, KAFKA_TOOLS);
  const bootstrap = context.messaging.kafkaBrokers.join(',');
  const topic = `bench-ceiling-${context.runId}`;
  if (context.eventBytes.includes(PAYLOAD_DELIMITER)) throw new Error('the event holds the payload delimiter');
  const payloadFile = join(workDir, 'kafka-payload.json');
  await writeFile(payloadFile, context.eventBytes);
  const admin = new Kafka({
    clientId: 'bench-ceiling',
    brokers: context.messaging.kafkaBrokers,
    logLevel: logLevel.ERROR,
  }).admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS, replicationFactor: 1 }] });
    await untilTopicsHaveLeaders(admin, [topic]);
    const java = (main: string, args: string[]) => run('java', ['-Xmx512m', '-cp', classpath, main, ...args]);

    const publishing = context.progress.phase(`${context.broker} ceiling: ProducerPerformance`);
    const produced = await java('org.apache.kafka.tools.ProducerPerformance', [
      '--topic',
      topic,
      '--num-records',
      String(context.events),
      '--throughput',
      '-1',
      // The file holds one record: the delimiter (ASCII record separator) never occurs in JSON.
      '--payload-file',
      payloadFile,
      '--payload-delimiter',
      PAYLOAD_DELIMITER,
      '--producer-props',
      `bootstrap.servers=${bootstrap}`,
      'acks=all',
      'enable.idempotence=true',
    ]);
    const publishPerSecond = producerRate(produced.output);
    if (produced.code !== 0 || publishPerSecond === null) {
      throw new Error(`ProducerPerformance failed (exit ${produced.code}):\n${produced.output.slice(-2_000)}`);
    }
    publishing.end(`${publishPerSecond.toLocaleString('en-US')} msg/s published`);

    const consuming = context.progress.phase(`${context.broker} ceiling: ConsumerPerformance`);
    const consumed = await java('org.apache.kafka.tools.ConsumerPerformance', [
      '--bootstrap-server',
      bootstrap,
      '--topic',
      topic,
      '--messages',
      String(context.events),
      '--group',
      `bench-ceiling-${context.runId}`,
      // Longest wait for the next record before giving up.
      '--timeout',
      '60000',
    ]);
    const consumePerSecond = consumerRate(consumed.output);
    if (consumed.code !== 0 || consumePerSecond === null) {
      throw new Error(`ConsumerPerformance failed (exit ${consumed.code}):\n${consumed.output.slice(-2_000)}`);
    }
    consuming.end(`${consumePerSecond.toLocaleString('en-US')} msg/s consumed`);
    await admin.deleteGroups([`bench-ceiling-${context.runId}`]).catch(() => undefined);
    return {
      layer: 'ceiling',
      available: true,
      tool: `kafka-tools ProducerPerformance / ConsumerPerformance ${KAFKA_TOOLS.version}`,
      note:
        "acks=all, enable.idempotence=true, the tools' defaults otherwise (batching, 5 requests in flight); " +
        "publish all, then consume all; consume rate is ConsumerPerformance's fetch.nMsg.sec (group join excluded)",
      events: context.events,
      publishPerSecond,
      consumePerSecond,
    };
  } finally {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
}

/** "20000 records sent, 15384.6 records/sec (6.41 MB/sec), ..." */
export function producerRate(output: string): number | null {
  const summaries = [...output.matchAll(/(\d+) records sent, ([\d.]+) records\/sec/g)];
  const last = summaries.at(-1);
  return last ? Math.round(Number(last[2])) : null;
}

/**
 * The CSV line after ConsumerPerformance's header "start.time, end.time, data.consumed.in.MB, MB.sec,
 * data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec".
 */
export function consumerRate(output: string): number | null {
  const lines = output.split('\n').map((line) => line.trim());
  const header = lines.findIndex((line) => line.startsWith('start.time'));
  if (header < 0 || !lines[header + 1]) return null;
  const names = lines[header].split(',').map((name) => name.trim());
  const values = lines[header + 1].split(',').map((value) => value.trim());
  const rate = Number(values[names.indexOf('fetch.nMsg.sec')]);
  return Number.isFinite(rate) && rate > 0 ? Math.round(rate) : null;
}
