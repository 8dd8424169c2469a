/**
 * How the generators name things. A service is `<name>-service` (kebab case); an event type is
 * dot-separated lower-case words (`shipment.scheduled`), from which its constant (SHIPMENT_SCHEDULED),
 * contract class (ShipmentScheduled), file (shipment-scheduled.event.ts) and AsyncAPI ids
 * (shipmentScheduled) follow, the way the existing contracts are named.
 */

const WORDS = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const EVENT_TYPE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*(\.[a-z][a-z0-9]*(-[a-z0-9]+)*)+$/;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** `shipping` or `shipping-service` -> `shipping-service`. */
export function serviceName(name: string): string {
  const base = name.replace(/-service$/, '');
  if (!WORDS.test(base) || base.length > 40) {
    throw new UsageError(
      `"${name}" is not a service name: lower-case words joined by "-", starting with a letter (e.g. shipping)`,
    );
  }
  return `${base}-service`;
}

/** The service's domain folder and HTTP path: its name without `-service`. */
export const domainOf = (service: string): string => service.replace(/-service$/, '');

export function checkEventType(type: string): string {
  if (!EVENT_TYPE.test(type) || type.length > 100) {
    throw new UsageError(
      `"${type}" is not an event type: lower-case words separated by dots, at least two (e.g. shipment.scheduled)`,
    );
  }
  return type;
}

const words = (name: string): string[] => name.split(/[.-]/);
const capitalised = (word: string): string => word[0].toUpperCase() + word.slice(1);

/** `shipment.scheduled` -> `ShipmentScheduled`; `shipping-service` -> `ShippingService`. */
export const pascalCase = (name: string): string => words(name).map(capitalised).join('');

/** `shipment.scheduled` -> `shipmentScheduled`. */
export const camelCase = (name: string): string => {
  const pascal = pascalCase(name);
  return pascal[0].toLowerCase() + pascal.slice(1);
};

/** `shipment.scheduled` -> `SHIPMENT_SCHEDULED`. */
export const constantCase = (name: string): string => words(name).join('_').toUpperCase();

/** `shipment.scheduled` -> `shipment-scheduled`. */
export const kebabCase = (name: string): string => words(name).join('-');

/** `shipping` -> `shipping`, `cold-store` -> `cold_store`: SQL names. */
export const snakeCase = (name: string): string => words(name).join('_');

/** The names of one event type in code and documents. */
export interface EventNames {
  type: string;
  constant: string;
  contract: string;
  file: string;
  id: string;
}

export function eventNames(type: string): EventNames {
  checkEventType(type);
  return {
    type,
    constant: constantCase(type),
    contract: pascalCase(type),
    file: `${kebabCase(type)}.event.ts`,
    id: camelCase(type),
  };
}
