// crm_mon prints the time of the call (<last_update time="…"/>), so on a quiet cluster two
// polls differ only there. Such an output is not parsed again: the last status is reused with
// the new time (the store then sees the same resource/node objects and diffs nothing). Any
// other difference, however small, is a full parse.
import type { CrmStatus } from '../../model/pacemaker.js';
import { parseCrmMon } from './parse.js';

interface Split {
  head: string;
  tail: string;
  time: string;
}

/** The document around its one `<last_update time="…"/>` element; undefined if there is not exactly that. */
export function splitLastUpdate(xml: string): Split | undefined {
  const i = xml.indexOf('<last_update ');
  if (i < 0 || xml.indexOf('<last_update ', i + 1) >= 0) return undefined;
  const j = xml.indexOf('/>', i);
  if (j < 0) return undefined;
  // Plain text only (no entity, no edge spaces): then the attribute value is the time as parsed.
  const m = /^<last_update\s+time="((?:[^"<&\s](?:[^"<&]*[^"<&\s])?)?)"\s*$/.exec(xml.slice(i, j));
  if (!m) return undefined;
  return { head: xml.slice(0, i), tail: xml.slice(j), time: m[1]! };
}

export class CrmMonReparser {
  private last: (Split & { crm: CrmStatus }) | undefined;
  /** Full parses and reuses so far (for tests and the bench). */
  parses = 0;
  reuses = 0;

  parse(xml: string, via: string): CrmStatus {
    const s = splitLastUpdate(xml);
    const last = this.last;
    if (s && last && s.head === last.head && s.tail === last.tail) {
      this.reuses++;
      if (s.time === last.time) return last.crm;
      // Exactly what parseCrmMon makes of it (an empty time is undefined).
      const crm: CrmStatus = { ...last.crm, summary: { ...last.crm.summary, lastUpdated: s.time === '' ? undefined : s.time } };
      // The last head and tail (equal to these): they are slices of the output the status was
      // parsed from, which the status's strings keep alive anyway; this output's would be a second.
      this.last = { head: last.head, tail: last.tail, time: s.time, crm };
      return crm;
    }
    this.last = undefined; // a parse error must not leave the previous status to be reused
    const crm = parseCrmMon(xml, via);
    this.parses++;
    if (s) this.last = { ...s, crm };
    return crm;
  }
}
