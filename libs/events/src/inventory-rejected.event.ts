import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { SKU_PATTERN } from './sku.rule.js';

export const INVENTORY_REJECTED = 'inventory.rejected';

export const REJECTION_REASONS = ['OUT_OF_STOCK', 'UNKNOWN_SKU'] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

/** Published by inventory-service when an order could not be reserved; nothing was reserved. */
export class InventoryRejected {
  @IsUUID()
  orderId!: string;

  @IsIn(REJECTION_REASONS)
  reason!: RejectionReason;

  /** The first SKU that could not be reserved. */
  @IsOptional()
  @Matches(SKU_PATTERN)
  sku?: string;
}
