// Injection: whatever the argv, the remote shell must see exactly those words — no word split,
// joined, expanded or executed. Checked with a REAL /bin/sh -c (the same thing sshd does with an
// exec request), with `printf '%s\0'` printing each word it received NUL-terminated.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { Cmd } from '../../src/ssh/cmd.js';
import { BATCH_MARKER, toBatchExecString, toExecString } from '../../src/ssh/quote.js';
import { devicePath, domainName, filePath, isValid, nodeName, resourceId } from '../../src/model/names.js';

const dir = mkdtempSync(join(tmpdir(), 'vd-inject-'));
const canary = join(dir, 'CANARY');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Words that would create the canary file if anything were ever executed. */
const attacks = [
  `$(touch ${canary})`,
  `\`touch ${canary}\``,
  `; touch ${canary}`,
  `&& touch ${canary}`,
  `| touch ${canary}`,
  `'; touch ${canary}; '`,
  `"; touch ${canary}; "`,
  `\n touch ${canary}\n`,
  `\\'; touch ${canary} #`,
  `> ${canary}`,
  `$'\\x27'; touch ${canary}`,
  `\${IFS}touch\${IFS}${canary}`,
  `*`,
  `~`,
  `~root`,
  `{a,b}`,
  `$HOME`,
  `!!`,
  `#`,
  `-n`,
  `--`,
  ``,
  ` `,
  `2>/dev/null`,
];

const META = [..."'\"$`;|&<>()\\ \t\n\r*?[]{}~#!=%,:@+-/."];
/** Strings rich in shell syntax, plus arbitrary unicode and binary-ish code points (no NUL: argv can't carry one). */
const word = fc
  .oneof(
    { weight: 3, arbitrary: fc.string({ unit: fc.constantFrom(...META, 'a', 'Z', '0', 'é', '日', '😀', '\u00a0', '\u2028', '\u001b', '\u007f'), maxLength: 24 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
    { weight: 2, arbitrary: fc.constantFrom(...attacks) },
  )
  .filter((s) => !s.includes('\0'));
const argvArb = fc.array(word, { minLength: 0, maxLength: 8 });

const sh = (line: string): Buffer => execFileSync('/bin/sh', ['-c', line], { maxBuffer: 1 << 20 });
const words = (out: Buffer): string[] => out.toString('utf8').split('\0').slice(0, -1);
const printfCmd = (args: string[], extra: Partial<Cmd> = {}): Cmd => ({ argv: ['printf', '%s\\0', ...args], ...extra });

describe('toExecString under a real /bin/sh -c', () => {
  // One /bin/sh per property run (many commands, newline-separated): spawning is the slow part.
  it('prints exactly the argv words: count and bytes unchanged, nothing executed', () => {
    fc.assert(
      fc.property(fc.array(argvArb, { minLength: 1, maxLength: 25 }), (cases) => {
        const out = sh(cases.map((args) => toExecString(printfCmd(args))).join('\n'));
        // printf with no arguments still runs its format once: one empty word.
        const expected = cases.map((args) => (args.length === 0 ? [''] : args).map((a) => `${a}\0`).join('')).join('');
        expect(out.toString('utf8')).toBe(expected);
      }),
      { numRuns: 60 },
    );
    expect(existsSync(canary)).toBe(false);
  }, 180_000);

  it('every attack word on its own arrives intact', () => {
    const out = sh(attacks.map((a) => toExecString(printfCmd([a]))).join('\n'));
    expect(words(out)).toEqual(attacks);
    expect(existsSync(canary)).toBe(false);
  });

  it('env values are one word each (env K=V … printenv K prints V exactly)', () => {
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 25 }), (vs) => {
        const out = sh(vs.map((v) => toExecString({ argv: ['printenv', 'VD_FUZZ'], env: { VD_FUZZ: v } })).join('\n'));
        expect(out.toString('utf8')).toBe(vs.map((v) => `${v}\n`).join(''));
      }),
      { numRuns: 10 },
    );
    expect(existsSync(canary)).toBe(false);
  }, 180_000);

  it('sudo only prepends the two words "sudo -n"', () => {
    fc.assert(
      fc.property(argvArb, (args) => {
        const c = printfCmd(args, { sudo: true });
        expect(toExecString(c, { useSudo: true })).toBe(`sudo -n ${toExecString(c, { useSudo: false })}`);
      }),
    );
  });

  it('an argv word with NUL cannot run anything: the remote sees a truncated, unterminated quote', () => {
    // sshd hands the command to the shell as a C string, so it ends at the first NUL.
    fc.assert(
      fc.property(argvArb, word, word, (args, a, b) => {
        const line = toExecString(printfCmd([...args, `${a}\0${b}; touch ${canary}`]));
        const cut = line.slice(0, line.indexOf('\0'));
        const r = spawnSync('/bin/sh', ['-c', cut]);
        expect(r.status).not.toBe(0);
        expect(r.stdout.length).toBe(0);
      }),
      { numRuns: 25 },
    );
    expect(existsSync(canary)).toBe(false);
  }, 180_000);

  it.fails('toExecString rejects a NUL inside an argv word with a clear error (today it quotes it and the remote shell fails on the truncated string)', () => {
    expect(() => toExecString({ argv: ['echo', 'a\0b'] })).toThrow(/NUL/i);
  });
});

describe('toBatchExecString under a real /bin/sh -c', () => {
  it('each command prints exactly its words, followed by its own exit-code marker', () => {
    fc.assert(
      fc.property(fc.array(fc.array(argvArb, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 8 }), (batches) => {
        const out = sh(batches.map((batch) => toBatchExecString(batch.map((args) => printfCmd(args)))).join('\n')).toString('utf8');
        const expected = batches
          .flat()
          .map((args) => `${(args.length === 0 ? [''] : args).map((a) => `${a}\0`).join('')}${BATCH_MARKER}0\n`)
          .join('');
        expect(out).toBe(expected);
      }),
      { numRuns: 40 },
    );
    expect(existsSync(canary)).toBe(false);
  }, 180_000);

  it('a failing member reports its own exit code and does not stop the batch', () => {
    const out = sh(toBatchExecString([{ argv: ['false'] }, printfCmd([`; touch ${canary}`]), { argv: ['sh', '-c', 'exit 7'] }])).toString('utf8');
    expect(out).toBe(`${BATCH_MARKER}1\n; touch ${canary}\0${BATCH_MARKER}0\n${BATCH_MARKER}7\n`);
    expect(existsSync(canary)).toBe(false);
  });
});

// ------------------------------------------------------------------ names.ts validators

const SHELL_META = [..."'\"$`;|&<>()\\*?[]{}~#! \t\n\r"];
const CONTROL = [...Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)), '\u007f'];
const BAD = [...SHELL_META, ...CONTROL];

/** A plausible valid name with one bad character inserted somewhere. */
const withBad = (base: fc.Arbitrary<string>, bad: readonly string[]) =>
  fc.tuple(base, fc.constantFrom(...bad), fc.double({ min: 0, max: 1, noNaN: true })).map(([b, c, at]) => {
    const i = Math.floor(at * (b.length + 1));
    return b.slice(0, i) + c + b.slice(i);
  });
const alnum = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'), minLength: 1, maxLength: 12 });
const devBase = alnum.map((s) => `/dev/disk/by-id/${s}`);
const fileBase = alnum.map((s) => `/var/lib/virtdeck/${s}.xml`);

describe('names.ts validators', () => {
  const validators = { nodeName, domainName, resourceId, devicePath };
  for (const [name, v] of Object.entries(validators)) {
    it(`${name} rejects any name containing a shell metacharacter, whitespace or control character`, () => {
      const base = name === 'devicePath' ? devBase : alnum;
      fc.assert(fc.property(withBad(base, BAD), (s) => {
        expect(isValid(v, s)).toBe(false);
      }), { numRuns: 1000 });
    });
  }

  it('the validators accept ordinary names (so the rejection above is meaningful)', () => {
    fc.assert(
      fc.property(alnum, (s) => {
        expect(isValid(nodeName, `n${s}`)).toBe(true);
        expect(isValid(domainName, `vm-${s}`)).toBe(true);
        expect(isValid(resourceId, `vm_${s}`)).toBe(true);
        expect(isValid(devicePath, `/dev/mapper/${s}`)).toBe(true);
        expect(isValid(filePath, `/etc/${s}.conf`)).toBe(true);
      }),
    );
  });

  it('filePath rejects NUL, CR and LF and any ".." component', () => {
    fc.assert(fc.property(withBad(fileBase, ['\0', '\n', '\r']), (s) => {
        expect(isValid(filePath, s)).toBe(false);
      }), { numRuns: 300 });
    fc.assert(
      fc.property(fc.array(fc.oneof(alnum, fc.constant('..')), { minLength: 1, maxLength: 6 }), (parts) => {
        fc.pre(parts.includes('..'));
        expect(isValid(filePath, `/${parts.join('/')}`)).toBe(false);
      }),
    );
  });

  it('names are rejected when empty or absurdly long', () => {
    for (const v of [nodeName, domainName, resourceId, devicePath, filePath]) {
      expect(isValid(v, '')).toBe(false);
      expect(isValid(v, `/${'a'.repeat(5000)}`)).toBe(false);
    }
  });

  it.fails('devicePath rejects ".." components (today "/dev/../etc/shadow" is accepted: src/model/names.ts devicePath regex allows "." and "/")', () => {
    expect(isValid(devicePath, '/dev/../etc/shadow')).toBe(false);
  });

  it.fails('filePath rejects other control characters (today TAB, ESC, DEL pass: src/model/names.ts filePath only excludes \\0 \\n \\r)', () => {
    fc.assert(fc.property(withBad(fileBase, CONTROL), (s) => {
        expect(isValid(filePath, s)).toBe(false);
      }), { numRuns: 300 });
  });

  it.fails('filePath rejects whitespace and shell metacharacters (today "/tmp/a b;$(reboot)" is accepted; quoting keeps it safe, the brief asks validators to refuse it)', () => {
    fc.assert(fc.property(withBad(fileBase, SHELL_META), (s) => {
        expect(isValid(filePath, s)).toBe(false);
      }), { numRuns: 300 });
  });
});
