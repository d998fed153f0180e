/**
 * Just after topics are created or leaders move, the admin client's metadata can be stale
 * and the broker answers NOT_LEADER_FOR_PARTITION — which Kafka marks retriable and kafkajs'
 * admin does not retry by itself. A few short retries let the metadata catch up.
 */
export async function retryRetriable<T>(
  call: () => Promise<T>,
  attempts = 15,
  delayMs = 200,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const retriable = (error as { retriable?: unknown }).retriable === true;
      if (!retriable || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
