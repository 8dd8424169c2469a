import { ConfigurationError, readChoice } from '#config';
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
    // The configuration is what failed: LOG_FORMAT as loadServiceConfig reads it, JSON if it is the culprit.
    let format: LogFormat = 'json';
    try {
      format = readChoice(process.env, 'LOG_FORMAT', LOG_FORMATS, 'json');
    } catch {
      // Already being reported: it is the error in hand.
    }
    createServiceLogger({ level: 'fatal', format }).fatal(
      { context: 'Configuration' },
      `refusing to start: ${error.message}`,
    );
    process.exit(1);
  }
}
