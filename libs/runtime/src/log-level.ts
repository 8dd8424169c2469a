import type { LogLevel } from '@nestjs/common';
import { readChoice, type Env } from '#messaging';

/** Nest's levels, most severe first: a level shows itself and every level before it. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const satisfies readonly LogLevel[];

/** What users type out of habit from other loggers, mapped onto Nest's names. */
export const LOG_LEVEL_ALIASES: Readonly<Record<string, LogLevel>> = {
  info: 'log',
  warning: 'warn',
  trace: 'verbose',
};

/** LOG_LEVEL, case-insensitive with its aliases; anything else stops the service instead of silencing it. */
export function readLogLevel(env: Env): LogLevel {
  return readChoice(env, 'LOG_LEVEL', LOG_LEVELS, 'log', LOG_LEVEL_ALIASES);
}

/** The levels Nest should print for a chosen one. */
export function enabledLogLevels(level: LogLevel): LogLevel[] {
  return LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(level as (typeof LOG_LEVELS)[number]) + 1);
}
