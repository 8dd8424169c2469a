/** Whether a Node version (`v20.20.2`) satisfies an engines range of the form `>=20.19`; undefined for other forms. */
export function satisfiesMinimum(version: string, range: string): boolean | undefined {
  const minimum = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(range.trim());
  const actual = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!minimum || !actual) return undefined;
  for (let part = 1; part <= 3; part++) {
    const difference = Number(actual[part]) - Number(minimum[part] ?? 0);
    if (difference !== 0) return difference > 0;
  }
  return true;
}

/** The version in `java -version`'s output and its major: `openjdk version "17.0.15"` -> 17, `"1.8.0_402"` -> 8. */
export function javaVersion(output: string): { version: string; major: number } | undefined {
  const version = /version "([^"]+)"/.exec(output)?.[1];
  if (!version) return undefined;
  const [first, second] = version.split('.');
  const major = Number(first === '1' ? second : first);
  return Number.isInteger(major) ? { version, major } : undefined;
}

/** The first x.y or x.y.z in a command's output (`Apache Maven 3.8.7`, `RabbitMQ version: 3.10.8`). */
export function firstVersion(output: string): string | undefined {
  return /\b(\d+\.\d+(?:\.\d+)?)\b/.exec(output)?.[1];
}
