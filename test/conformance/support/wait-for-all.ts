import { waitFor } from '#testing';

/** Polls until every expected id is in `seen()`; on timeout, says how many are missing and which. */
export async function waitForAll(
  description: string,
  expected: readonly string[],
  seen: () => ReadonlySet<string>,
  timeoutMs = 30_000,
): Promise<void> {
  try {
    await waitFor(description, () => expected.every((id) => seen().has(id)), { timeoutMs, intervalMs: 100 });
  } catch (error) {
    const ids = seen();
    const missing = expected.filter((id) => !ids.has(id));
    throw new Error(
      `${(error as Error).message}: ${missing.length} of ${expected.length} missing (e.g. ${missing.slice(0, 3).join(', ')})`,
      { cause: error },
    );
  }
}
