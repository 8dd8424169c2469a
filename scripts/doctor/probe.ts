/** What the doctor asks this machine. The checks see nothing else, so a test can give them a made-up machine. */
export interface Probe {
  /** The environment the commands run with (PATH, BROKERS, TEST_POSTGRES_URL, ...). */
  readonly env: NodeJS.ProcessEnv;
  /** The version of the Node that runs npm, e.g. `v20.20.2`. */
  readonly nodeVersion: string;
  readonly isRoot: boolean;
  /** Where `command` is found on PATH; undefined when it is not installed (or not on PATH). */
  which(command: string): string | undefined;
  /** What `command args` prints (stdout and stderr together); undefined when it is not on PATH or fails. */
  output(command: string, args: string[]): string | undefined;
  /** Whether something accepts TCP connections on host:port. */
  portAnswers(host: string, port: number): Promise<boolean>;
  /** Whether PostgreSQL accepts a login at `url`, as the tests log in. */
  postgres(url: string): Promise<PostgresAnswer>;
  /** Why the installed node_modules cannot serve this Node, or undefined when they can. */
  nodeModulesProblem(): string | undefined;
  /** The entries of a directory; none when it does not exist. */
  list(directory: string): string[];
}

export type PostgresAnswer =
  { answers: true; version: string; mayCreateDatabases: boolean } | { answers: false; error: string };
