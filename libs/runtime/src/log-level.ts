import type { LogLevel } from '@nestjs/common';

/** What LOG_LEVEL accepts (read with the rest in loadServiceConfig): Nest's levels, most severe first; a level shows itself and every level before it. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const satisfies readonly LogLevel[];

/** What users type out of habit from other loggers, mapped onto Nest's names. */
export const LOG_LEVEL_ALIASES: Readonly<Record<string, LogLevel>> = {
  info: 'log',
  warning: 'warn',
  trace: 'verbose',
};
