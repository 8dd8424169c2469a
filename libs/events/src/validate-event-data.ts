import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

/** The event's data does not satisfy its contract. */
export class InvalidEventDataError extends Error {
  override readonly name = 'InvalidEventDataError';
}

/**
 * Validates event data against its contract class and returns a typed instance.
 * Unknown properties are refused so that a producer's typo is caught, not ignored.
 */
export function validateEventData<T extends object>(contract: ClassConstructor<T>, data: unknown): T {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new InvalidEventDataError('data must be a JSON object');
  }
  const instance = plainToInstance(contract, data);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) {
    throw new InvalidEventDataError(formatValidationErrors(errors).join('; '));
  }
  return instance;
}

export function formatValidationErrors(errors: ValidationError[], path = ''): string[] {
  return errors.flatMap((error) => {
    const property = path ? `${path}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) =>
      message.startsWith(error.property) ? `${path ? path + '.' : ''}${message}` : `${property}: ${message}`,
    );
    return [...own, ...formatValidationErrors(error.children ?? [], property)];
  });
}
