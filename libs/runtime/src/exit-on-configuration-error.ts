import { ConfigurationError } from '#config';
import { Logger } from '@nestjs/common';

/**
 * Runs a config loader; a ConfigurationError ends the process with its message (which names the
 * variable) as one log line and exit code 1, rather than a stack trace.
 */
export function exitOnConfigurationError<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    new Logger('Configuration').fatal(`refusing to start: ${error.message}`);
    process.exit(1);
  }
}
