// Reading the environment: every config loader (messaging, persistence, runtime) uses these, and
// this lib imports no other.
export { ConfigurationError, refuse } from './configuration-error.js';
export {
  isProduction,
  parseUrl,
  positiveInteger,
  readBoolean,
  readChoice,
  readHostPortList,
  readInteger,
  readNumber,
  readRaw,
  type Env,
  type IntegerBounds,
} from './env-readers.js';
