import type { KafkaMessage } from 'kafkajs';

/** What handling one fetched batch of a partition needs from the consumer around it. */
export interface PartitionBatchRun {
  /** Handles one record; rejects when the record must come again (even dead-lettering it failed). */
  handle(message: KafkaMessage): Promise<void>;
  /** Marks every record up to and including `offset` as handled: its offset may be committed. */
  resolveOffset(offset: string): void;
  /** Tells the group this member is alive (kafkajs sends it at most once per heartbeat interval). */
  heartbeat(): Promise<void>;
  /** Whether to start on more records (false once the consumer stops, pauses or lost the partition). */
  goOn(): boolean;
}

/**
 * Handles the records of one partition's batch a window at a time. Within a window, records of one key
 * are handled one after another in offset order, records of different keys together, so their units of
 * work share a transaction instead of waiting for each other's commit, and per-key order still holds.
 * After each window the offsets handled without a gap are resolved and the group hears a heartbeat.
 * A record that failed stops the batch: the error goes to kafkajs, which commits what was resolved and
 * fetches again from the failed record, so the records after it come again and the inbox skips those
 * already applied.
 */
export async function handlePartitionBatch(
  messages: KafkaMessage[],
  windowSize: number,
  run: PartitionBatchRun,
): Promise<void> {
  for (let start = 0; start < messages.length && run.goOn(); start += windowSize) {
    const window = messages.slice(start, start + windowSize);
    const failures = await Promise.all(byKey(window).map((records) => handleInOrder(records, run)));
    const failed = failures
      .filter((failure) => failure !== null)
      .sort((a, b) => window.indexOf(a.message) - window.indexOf(b.message))[0];
    const handled = failed ? window.slice(0, window.indexOf(failed.message)) : window;
    if (handled.length > 0) run.resolveOffset(handled[handled.length - 1].offset);
    if (failed) throw failed.error;
    await run.heartbeat();
  }
}

interface Failure {
  message: KafkaMessage;
  error: unknown;
}

/** One key's records, handled in order; stops at the first that fails. */
async function handleInOrder(records: KafkaMessage[], run: PartitionBatchRun): Promise<Failure | null> {
  for (const message of records) {
    try {
      await run.handle(message);
    } catch (error) {
      return { message, error };
    }
  }
  return null;
}

/** The window's records grouped by key, each group in offset order; a record without a key is alone. */
function byKey(window: KafkaMessage[]): KafkaMessage[][] {
  const groups = new Map<string, KafkaMessage[]>();
  const alone: KafkaMessage[][] = [];
  for (const message of window) {
    if (message.key === null) {
      alone.push([message]);
      continue;
    }
    const key = message.key.toString('latin1');
    const group = groups.get(key);
    if (group) group.push(message);
    else groups.set(key, [message]);
  }
  return [...groups.values(), ...alone];
}
