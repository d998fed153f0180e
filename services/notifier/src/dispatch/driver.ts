import type { Channel, Delivery } from '../ledger/delivery.js';

/**
 * What became of one attempt that did not throw: accepted by the provider (`delivered` when
 * its answer confirms the recipient has it: a webhook receiver's 2xx), or not to be sent.
 */
type Attempt =
  | { sent: true; providerMessageId: string; delivered?: boolean }
  | { sent: false; suppressed: string };

/**
 * One channel's way of sending a claimed delivery: resolve the recipient, render, send.
 * Throws a DeliveryError (permanent or transient) when the send did not go through.
 */
export interface ChannelDriver {
  readonly channel: Channel;
  /** Sends in flight at once on this channel. */
  readonly concurrency: number;
  deliver(delivery: Delivery): Promise<Attempt>;
  close(): Promise<void>;
}
