// journalctl -f -o json

export interface JournalEntry {
  /** __REALTIME_TIMESTAMP in µs → ms epoch */
  time: number;
  node: string;
  unit?: string;
  identifier?: string;
  pid?: number;
  /** syslog priority 0..7 */
  priority: number;
  message: string;
}
