/**
 * Several property decorators as one, applied as if written stacked in this order above the property
 * (the lowest first, as TypeScript applies them): class-validator reports failed rules in the order
 * they were applied, so a rule shared by an HTTP request and an event keeps its messages' order.
 */
export function stacked(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, property) => decorators.toReversed().forEach((decorator) => decorator(target, property));
}
