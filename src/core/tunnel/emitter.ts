// A tiny event emitter with vscode's shape (subscribe returns a Disposable), so core stays free of vscode.

import type { Disposable } from './types';

export class Emitter<T> {
  private listeners = new Set<(value: T) => void>();

  /** Subscribe; dispose the result to unsubscribe. */
  readonly event = (listener: (value: T) => void): Disposable => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  fire(value: T): void {
    // Copy first: a listener may unsubscribe itself while we iterate.
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch {
        // One broken renderer must not stop the others from hearing about the change.
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
