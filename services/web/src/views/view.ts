/**
 * A page of the app. `mount` draws into `root` and returns how to leave: the router calls
 * it before the next view, which must stop every timer, socket and animation frame the
 * view started (nothing may keep running for a page no longer shown).
 */
export interface View {
  title: string;
  mount(root: HTMLElement, params: Record<string, string>, query: URLSearchParams): () => void;
}
