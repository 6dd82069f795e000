import type { Subscription } from './port.js';

/** The subscriptions a store handed out and has not seen closed, so closing the store ends them all. */
export class OpenSubscriptions {
  readonly #open = new Set<Subscription>();

  track(subscription: Subscription): Subscription {
    this.#open.add(subscription);
    return {
      [Symbol.asyncIterator]: () => subscription[Symbol.asyncIterator](),
      close: async () => {
        this.#open.delete(subscription);
        await subscription.close();
      },
    };
  }

  async closeAll(): Promise<void> {
    const open = [...this.#open];
    this.#open.clear();
    await Promise.all(open.map((s) => s.close()));
  }
}
