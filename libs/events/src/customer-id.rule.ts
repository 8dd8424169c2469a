import { IsString, Length } from 'class-validator';
import { IsPrintableText } from './printable-text.js';
import { stacked } from './stacked.js';

/** How long a customer id may be, in the HTTP request and in order.created alike. */
export const CUSTOMER_ID_LENGTH = { min: 1, max: 64 } as const;

/** Who places an order: 1 to 64 printable characters. */
export function CustomerId(): PropertyDecorator {
  return stacked(IsString(), Length(CUSTOMER_ID_LENGTH.min, CUSTOMER_ID_LENGTH.max), IsPrintableText());
}
