// Caught values → one message line, and validator errors → UsageError for CLI argument parsing.
import { UsageError } from './types.js';

export const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Runs a name validator (src/model/names.ts) on a CLI word; its error becomes a UsageError. */
export function usageChecked<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw new UsageError(errorText(e));
  }
}
