import type { OrderLine, RejectionReason } from '#events';

export type OrderStatus = 'PENDING' | 'CONFIRMED' | 'REJECTED';

/** An order as the API shows it. */
export interface Order {
  id: string;
  status: OrderStatus;
  customerId: string;
  items: OrderLine[];
  rejectionReason?: RejectionReason;
  createdAt: string;
  updatedAt: string;
}
