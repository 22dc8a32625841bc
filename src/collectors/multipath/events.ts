// multipathd's own journal lines that say a path or map changed state: a reason to read the
// maps now instead of at the next poll (10 s). The wording is multipathd's (multipath-tools
// multipathd/main.c, libmultipath/structs_vec.c, io_err_stat.c); the poll stays the fallback
// for anything these miss (another wording, verbosity below 2, a journal that is not followed).
import type { JournalEntry } from '../../model/journal.js';

const PATH_EVENTS: readonly RegExp[] = [
  // fail_path(): "checker failed path 8:32 in map mpatha"
  /^checker failed path \S+ in map \S+$/,
  // update_multipath() (dm reported the path failed), io_err_stat: "sdc: mark as failed" / "8:32: mark as failed"
  /^\S+: mark as failed$/,
  // reinstate_path(): "8:32: reinstated"
  /^\S+: reinstated$/,
  // update_queue_mode_{del,add}_path(): "mpatha: remaining active paths: 1"
  /^\S+: remaining active paths: \d+$/,
  // LOG_MSG() on a checker state change: "mpatha: sdc - tur checker reports path is down",
  // "mpatha: sdc - path offline"
  /^\S+: \S+ - (?:path offline|\S+ checker.*)$/,
  // switch_pathgroup(), cli_switch_group(): "mpatha: switch to path group #2"
  /^\S+: switch to path group #\d+/,
];

/** A multipathd journal entry that reports a path (or path group) state change. */
export function isMultipathPathEvent(e: JournalEntry): boolean {
  if (e.identifier !== 'multipathd' && e.unit !== 'multipathd.service') return false;
  return PATH_EVENTS.some((re) => re.test(e.message));
}

/** At most one re-read per node per this gap: a path that flaps, or a storm of path events over many maps, costs one read a second. */
export const PATH_EVENT_GAP_MS = 1_000;

/**
 * Per node: the first event fires at once; events within `gapMs` of the last firing fire once
 * more at the end of the gap (what changed after the first read started is read too).
 */
export class EventThrottle {
  private readonly last = new Map<string, number>();
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly fire: (node: string) => void,
    private readonly gapMs = PATH_EVENT_GAP_MS,
    private readonly now: () => number = Date.now,
  ) {}

  event(node: string): void {
    if (this.pending.has(node)) return;
    const wait = (this.last.get(node) ?? -Infinity) + this.gapMs - this.now();
    if (wait <= 0) return this.run(node);
    const t = setTimeout(() => {
      this.pending.delete(node);
      this.run(node);
    }, wait);
    t.unref?.();
    this.pending.set(node, t);
  }

  private run(node: string): void {
    this.last.set(node, this.now());
    this.fire(node);
  }
}
