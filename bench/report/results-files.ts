import { existsSync } from 'node:fs';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchBroker, BrokerBenchResult } from '../bench-result.js';

const BROKER_ORDER: BenchBroker[] = ['kafka', 'rabbitmq', 'sqs'];

export async function writeResult(dir: string, result: BrokerBenchResult): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${result.broker}.json`);
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

/** Every broker's latest result present in the directory, in a fixed order. */
export async function readResults(dir: string): Promise<BrokerBenchResult[]> {
  const results: BrokerBenchResult[] = [];
  for (const broker of BROKER_ORDER) {
    const file = join(dir, `${broker}.json`);
    if (existsSync(file)) results.push(JSON.parse(await readFile(file, 'utf8')) as BrokerBenchResult);
  }
  return results;
}
