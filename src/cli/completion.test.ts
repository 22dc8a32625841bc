// The completion scripts are generated from args.ts and the action registry; each shell runs its
// own script here (bash always; zsh and fish when installed) and must offer what the parsers take.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { skipWithout, toolPath } from '../../test/helpers/tools.js';
import { actions } from '../actions/registry.js';
import { main, type CliIo } from './cli.js';
import { completionScript, type Shell } from './completion.js';

const dir = mkdtempSync(join(tmpdir(), 'vd-completion-'));
const scriptFile = (shell: Shell) => {
  const f = join(dir, `virtdeck.${shell}`);
  writeFileSync(f, completionScript(shell));
  return f;
};
const run = (tool: string, script: string) => execFileSync(toolPath(tool)!, ['-c', script], { encoding: 'utf8' });

/** bash: the words offered for a command line (the last word is being completed). */
const bashOffers = (line: string[]) =>
  run('bash', `source ${scriptFile('bash')}; COMP_WORDS=(${line.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${line.length - 1}; _virtdeck; printf '%s\\n' "\${COMPREPLY[@]}"`).trim().split('\n').filter(Boolean);

describe('shell completion from the command table', () => {
  it('every registered group and verb is in every script', () => {
    for (const shell of ['bash', 'zsh', 'fish'] as const) {
      const s = completionScript(shell);
      for (const d of actions) expect(s, `${shell}: ${d.id}`).toMatch(new RegExp(`\\b${d.cli.group}\\b[\\s\\S]*\\b${d.cli.verb}\\b`));
    }
  });

  it.skipIf(skipWithout('bash completion through a real bash', ['bash']))('bash: commands, verbs, switch words and options (a value-taking option skips its value)', () => {
    expect(bashOffers(['virtdeck', 'res'])).toEqual(['resource']);
    expect(bashOffers(['virtdeck', '--from', 'x', 'resource', 'cl'])).toEqual(['cleanup', 'clear']);
    expect(bashOffers(['virtdeck', 'resource', 'cleanup', 'web1', '--n'])).toEqual(['--node', '--nodes', '--no-color', '--no-mouse']);
    expect(bashOffers(['virtdeck', 'node', 'maintenance', ''])).toEqual(expect.arrayContaining(['on', 'off']));
    expect(bashOffers(['virtdeck', 'sudoers', '--role', ''])).toEqual(['readonly', 'operator']);
    expect(bashOffers(['virtdeck', 'completion', ''])).toEqual(['bash', 'zsh', 'fish']);
    expect(bashOffers(['virtdeck', 'fence', 'node', 'n1', '--reason', ''])).toEqual([]);
  });

  it.skipIf(skipWithout('zsh completion through a real zsh', ['zsh']))('zsh: described commands and verbs, then words and options', () => {
    // compadd/_describe/_files replaced by functions printing what they were given
    const offers = (line: string[]) =>
      run(
        'zsh',
        `compdef() { : }; compadd() { print -r -- "compadd $*" }; _describe() { print -r -- "describe $1 \${(P)2}" }; _files() { print files }
source ${scriptFile('zsh')}; words=(${line.map((w) => `'${w}'`).join(' ')}); CURRENT=${line.length}; _virtdeck`,
      ).trim();
    expect(offers(['virtdeck', 'resource', 'cl'])).toMatch(/^describe resource-action cleanup:Resource cleanup refresh:Resource refresh /);
    expect(offers(['virtdeck', 'resource', 'cleanup', '--n'])).toMatch(/^compadd -- --node --yes --ack-warnings --demo /);
    expect(offers(['virtdeck', '--config', ''])).toBe('files');
    expect(offers(['virtdeck', 'cluster', 'maintenance', ''])).toBe('compadd -- on off --yes --ack-warnings');
  });

  it.skipIf(skipWithout('fish completion through a real fish', ['fish']))('fish: commands, verbs and options with what they do', () => {
    const offers = (line: string) => run('fish', `source ${scriptFile('fish')}; complete -C '${line}'`).trim().split('\n');
    expect(offers('virtdeck resource cl')).toEqual(['cleanup\tResource cleanup', 'clear\tClear resource constraints']);
    expect(offers('virtdeck --from x resource cleanup --no')).toEqual(expect.arrayContaining(['--node\t--node NODE: only on this node']));
    expect(offers('virtdeck node maintenance ')).toEqual(['off', 'on']);
    expect(offers('virtdeck completion ')).toEqual(['bash', 'fish', 'zsh']);
  });

  it('`virtdeck completion SHELL` prints the script; a wrong shell is a usage error', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = { stdout: (s) => void out.push(s), stderr: (s) => void err.push(s) };
    expect(await main(['completion', 'fish'], io)).toBe(0);
    expect(out.join('')).toBe(completionScript('fish'));
    expect(await main(['completion', 'tcsh'], io)).toBe(2);
    expect(err.join('')).toMatch(/^virtdeck: completion needs one shell: bash, zsh, fish\nusage: virtdeck completion bash\|zsh\|fish\n/);
  });
});
