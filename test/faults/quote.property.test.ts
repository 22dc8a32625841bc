// Injection: whatever the argv, the remote shell must see exactly those words — no word split,
// joined, expanded or executed. Checked with a REAL /bin/sh -c (the same thing sshd does with an
// exec request), with `printf '%s\0'` printing each word it received NUL-terminated.
import { execFileSync } from 'node:child_process';
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

  it('a NUL inside an argv word or env value is refused with an error naming the argument; nothing reaches a shell', () => {
    // sshd hands the command to the shell as a C string: a NUL would cut it silently.
    fc.assert(
      fc.property(argvArb, word, word, (args, a, b) => {
        const argv = ['printf', '%s\\0', ...args, `${a}\0${b}; touch ${canary}`];
        const index = argv.length - 1;
        expect(() => toExecString({ argv })).toThrow(new RegExp(`^argument ${index} of "printf" contains a NUL byte`));
        expect(() => toBatchExecString([{ argv: ['true'] }, { argv }])).toThrow(/NUL/);
        expect(() => toExecString({ argv: ['printenv', 'X'], env: { X: `${a}\0${b}` } })).toThrow(/^environment variable X of "printenv" contains a NUL byte/);
      }),
      { numRuns: 200 },
    );
    expect(() => toExecString({ argv: ['echo', 'a\0b'] })).toThrow('argument 1 of "echo" contains a NUL byte, which a shell command line cannot carry: "a\\u0000b"');
    expect(existsSync(canary)).toBe(false);
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

  it('devicePath rejects ".." components ("/dev/../etc/shadow" used to pass the character check)', () => {
    expect(() => devicePath('/dev/../etc/shadow')).toThrow('invalid device path "/dev/../etc/shadow": must not contain a ".." component');
    for (const v of ['/dev/..', '/dev/mapper/../../etc/passwd', '/dev/disk/by-id/x/..']) expect(isValid(devicePath, v)).toBe(false);
    // "..." and names merely containing ".." are ordinary device names.
    for (const v of ['/dev/mapper/a..b', '/dev/disk/by-id/...', '/dev/dm-0', '/dev/disk/by-path/pci-0000:00:1f.2-ata-1']) expect(isValid(devicePath, v)).toBe(true);
  });

  it('filePath rejects every control character (C0 and DEL; TAB, ESC and DEL used to pass)', () => {
    fc.assert(fc.property(withBad(fileBase, CONTROL), (s) => {
        expect(isValid(filePath, s)).toBe(false);
      }), { numRuns: 300 });
    for (const c of CONTROL) expect(isValid(filePath, `/etc/a${c}b.conf`)).toBe(false);
    expect(() => filePath('/tmp/a\tb')).toThrow('invalid file path "/tmp/a\\tb": must not contain control characters (found U+0009)');
    expect(() => filePath('/tmp/a\u001b[2Jb')).toThrow(/found U\+001B/);
    expect(() => filePath('/tmp/a\u007fb')).toThrow(/found U\+007F/);
  });

  it('filePath rejects whitespace and shell metacharacters ("/tmp/a b;$(reboot)" used to pass; quoting kept it safe)', () => {
    fc.assert(fc.property(withBad(fileBase, SHELL_META), (s) => {
        expect(isValid(filePath, s)).toBe(false);
      }), { numRuns: 300 });
    for (const c of [...SHELL_META, '\u00a0', '\u2028']) expect(isValid(filePath, `/etc/a${c}b.conf`)).toBe(false);
    expect(() => filePath('/tmp/a b;$(reboot)')).toThrow(/^invalid file path "\/tmp\/a b;\$\(reboot\)": must not contain whitespace or shell metacharacters .* \(found U\+0020\)$/);
    expect(() => filePath('/tmp/a;b')).toThrow(/\(found ";" \(U\+003B\)\)$/);
  });

  it('filePath accepts the paths virtdeck and the demo actually use', () => {
    for (const v of [
      '/tmp/virtdeck-cib.AbC123xYz0',
      '/tmp/virtdeck-define-vm-web.01+a_b-0a1b2c3d4e5f.xml',
      '/etc/libvirt/qemu/web01.xml',
      '/var/lib/pacemaker/cib/cib.xml',
      '/etc/sysconfig/sbd',
      '/run/user/1000/x:y@z,%=.conf',
      '/etc/a..b/...',
    ]) expect(filePath(v)).toBe(v);
  });
});
