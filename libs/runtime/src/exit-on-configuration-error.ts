import { ConfigurationError } from '#config';
import { LOG_FORMATS, createServiceLogger, type LogFormat } from './service-logger.js';

/**
 * Runs a config loader; a ConfigurationError ends the process with its message (which names the
 * variable) as one log line and exit code 1, rather than a stack trace.
 */
export function exitOnConfigurationError<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    // The configuration is what failed, so LOG_FORMAT is taken as it is if it can be, JSON otherwise.
    const format = (LOG_FORMATS as readonly string[]).includes(process.env.LOG_FORMAT ?? '')
      ? (process.env.LOG_FORMAT as LogFormat)
      : 'json';
    createServiceLogger({ level: 'fatal', format }).fatal(
      { context: 'Configuration' },
      `refusing to start: ${error.message}`,
    );
    process.exit(1);
  }
}
