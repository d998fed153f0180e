/**
 * Calls `load` every `intervalMs` after the previous call settled (never two at once, so a
 * slow api cannot pile requests up), until stopped. Paused while the tab is hidden.
 */
export function poll(load: (signal: AbortSignal) => Promise<void>, intervalMs: number): () => void {
  const abort = new AbortController();
  let timer: ReturnType<typeof setTimeout> | null = null;
  const tick = async () => {
    timer = null;
    if (abort.signal.aborted) return;
    if (document.visibilityState !== 'hidden') {
      try {
        await load(abort.signal);
      } catch {
        // The view shows its own failure; polling goes on.
      }
    }
    if (!abort.signal.aborted) timer = setTimeout(tick, intervalMs);
  };
  void tick();
  return () => {
    abort.abort();
    if (timer) clearTimeout(timer);
  };
}
