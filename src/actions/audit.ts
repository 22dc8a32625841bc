// Append-only JSONL audit log. The intent record is fsync'd before the first command runs, so
// even a crash in step 1 leaves a trace of who meant to do what. Never logs secrets: long words
// (base64 payloads, XML) are replaced by their size and digest, env values by their keys, and
// values of secret-like parameters (passwd=…, --password …) by *** (src/model/redact.ts).
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { homedir, hostname, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import type { Cmd } from '../ssh/cmd.js';
import { redactArgv, redactReplacer } from '../model/redact.js';

export const defaultAuditPath = (): string => {
  const base = process.env.XDG_STATE_HOME || join(homedir(), '.local', 'state');
  return join(base, 'virtdeck', 'audit.jsonl');
};

const MAX_WORD = 256;

/** argv as logged: long words summarised (no payloads in the log). */
export function auditArgv(c: Cmd): string[] {
  const env = Object.keys(c.env ?? {}).map((k) => `${k}=…`);
  return [...env, ...redactArgv(c.argv).map((w) => (w.length > MAX_WORD ? `<${w.length} bytes sha256:${createHash('sha256').update(w).digest('hex').slice(0, 16)}>` : w))];
}

export interface Who {
  user: string;
  sudoUser?: string;
  host: string;
}

export const currentWho = (): Who => {
  let user = process.env.USER ?? 'unknown';
  try {
    user = userInfo().username;
  } catch {
    /* no passwd entry (containers): keep $USER */
  }
  const w: Who = { user, host: hostname() };
  if (process.env.SUDO_USER) w.sudoUser = process.env.SUDO_USER;
  return w;
};

export type AuditRecord =
  | {
      type: 'intent';
      planId: string;
      when: string;
      who: string;
      sudoUser?: string;
      from: string;
      /** The virtdeck process: a later start tells an interrupted action from one still running. */
      pid?: number;
      cluster: string;
      action: string;
      target: string;
      reason?: string;
      plan: ({ node: string; argv: string[]; purpose: string } | { node: string; wait: string })[];
      acknowledgedWarnings: string[];
    }
  | { type: 'step'; planId: string; when: string; node: string; argv: string[]; purpose: string; code: number | null; durationMs: number; error?: string }
  | { type: 'result'; planId: string; when: string; status: string; message: string };

/** argv words are redacted as a list (`--password X` spans two words); strings by the replacer. */
function redactRecord(rec: AuditRecord): AuditRecord {
  if (rec.type === 'step') return { ...rec, argv: redactArgv(rec.argv) };
  if (rec.type === 'intent') return { ...rec, plan: rec.plan.map((p) => ('argv' in p ? { ...p, argv: redactArgv(p.argv) } : p)) };
  return rec;
}

export class AuditLog {
  readonly path: string;
  private chain: Promise<void> = Promise.resolve();
  constructor(path: string = defaultAuditPath()) {
    this.path = path;
  }

  /** Appends one record and fsyncs it before resolving. Records are written in call order. */
  append(rec: AuditRecord): Promise<void> {
    const next = this.chain.then(() => this.write(rec));
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async write(rec: AuditRecord): Promise<void> {
    await fsp.mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    const fh = await fsp.open(this.path, 'a', 0o600);
    try {
      await fh.chmod(0o600);
      await fh.write(JSON.stringify(redactRecord(rec), redactReplacer) + '\n');
      await fh.sync();
    } finally {
      await fh.close();
    }
  }
}

/** Audit sink for tests and dry runs that need no file. */
export class MemoryAuditLog extends AuditLog {
  readonly records: AuditRecord[] = [];
  constructor() {
    super('/dev/null');
  }
  override append(rec: AuditRecord): Promise<void> {
    this.records.push(rec);
    return Promise.resolve();
  }
}
