// crm_mon's --include/--exclude and request="…" in the demo, against what the real crm_mon 2.1.5
// printed for the same arguments (CIB_file runs, see src/collectors/pacemaker/fixtures).
import { describe, expect, it } from 'vitest';
import { crmMonCmd } from '../../collectors/pacemaker/command.js';
import { toExecString } from '../../ssh/quote.js';
import { runShell } from '../exec.js';
import { DemoSim } from '../sim/sim.js';
import { crmMonRequest, crmMonSections } from './crm-mon-args.js';
import { CRM_MON_REQUEST } from './pacemaker-xml.js';

const history = (...args: string[]) => {
  const s = crmMonSections(args);
  return s.ok ? s.history : s.error;
};

async function run(command: string): Promise<{ out: string; err: string; code: number }> {
  const sim = new DemoSim({ seed: 3 });
  let out = '';
  let err = '';
  const code = await runShell(sim, sim.nodes[0]!.name, command, {
    out: (s) => (out += s),
    err: (s) => (err += s),
    stdin: async () => '',
    onClose: () => undefined,
    closed: false,
  });
  return { out, err, code };
}

describe('crm_mon sections', () => {
  it('applies --include/--exclude left to right to everything (the XML default)', () => {
    expect(history()).toBe('operations');
    expect(history('--include=all')).toBe('operations');
    expect(history('--include=all', '--exclude=operations')).toBe('failcounts');
    expect(history('--exclude=operations')).toBe('failcounts');
    expect(history('--include=all', '--exclude=failcounts')).toBe('operations');
    expect(history('--include=all', '--exclude=operations,failcounts')).toBe('none');
    expect(history('--include=all', '--exclude=operations', '--include=operations')).toBe('operations');
    expect(history('--exclude=operations', '--include=all')).toBe('operations');
    expect(history('-U', 'operations')).toBe('failcounts');
    expect(history('-Uoperations')).toBe('failcounts');
    expect(history('--exclude', 'operations')).toBe('failcounts');
    expect(history('--exclude=none')).toBe('operations');
    expect(history('--exclude=')).toBe('operations');
  });

  it('rejects what crm_mon rejects, with its message', () => {
    const bad = crmMonSections(['--exclude=bogus']);
    expect(bad).toEqual({
      ok: false,
      document: true,
      error: 'crm_mon: --exclude options: all, attributes, bans, counts, dc, failcounts, failures, fencing, fencing-failed, fencing-pending, fencing-succeeded, maint-mode, nodes, none, operations, options, resources, stack, summary, tickets, times',
    });
    expect(history('--exclude=operations,,failcounts')).toMatch(/--exclude options: all,/);
    expect(history('--include=list')).toMatch(/^crm_mon: --include options: all, attributes, bans\[:PREFIX\], counts, dc, default,/);
    expect(crmMonSections(['-U'])).toEqual({ ok: false, document: false, error: 'crm_mon: Missing argument for -U' });
  });

  it('refuses to leave out a section the demo always prints, naming it', () => {
    expect(history('--exclude=bans')).toMatch(/leaving out bans is not simulated/);
    expect(history('--include=none', '--include=summary')).toMatch(/leaving out bans, failures, fencing-failed, fencing-pending, fencing-succeeded, nodes, options, resources is not simulated/);
    expect(history('--exclude=attributes,tickets,operations')).toBe('failcounts');
  });

  it('echoes the command line like crm_mon: a word with a space in single quotes, XML-escaped', () => {
    expect(crmMonRequest('crm_mon', crmMonCmd().argv.slice(1))).toBe(CRM_MON_REQUEST);
    expect(CRM_MON_REQUEST).toBe(crmMonCmd().argv.join(' '));
    expect(crmMonRequest('crm_mon', ['--exclude=a b'])).toBe("crm_mon '--exclude=a b'");
    expect(crmMonRequest('crm_mon', ['--exclude=a"<&b', 'x\ty'])).toBe('crm_mon --exclude=a&quot;&lt;&amp;b x&#9;y');
  });
});

describe('crm_mon in the demo shell', () => {
  it('the collector\'s command: its argv in request="…", fail counts only in node_history', async () => {
    const r = await run(toExecString(crmMonCmd(), { useSudo: true }));
    expect(r.code).toBe(0);
    expect(r.out.split('\n', 1)[0]).toBe(`<pacemaker-result api-version="2.25" request="${crmMonCmd().argv.join(' ')}">`);
    expect(r.out).toContain('<node_history/>');
    expect(r.out).not.toContain('<operation_history');
  });

  it('echoes the program as typed and keeps the operation history without the exclude', async () => {
    const r = await run('/usr/sbin/crm_mon --one-shot --output-as=xml');
    expect(r.out.split('\n', 1)[0]).toBe('<pacemaker-result api-version="2.25" request="/usr/sbin/crm_mon --one-shot --output-as=xml">');
    expect(r.out).toContain('<operation_history');
  });

  it('a bad section: crm_mon\'s usage-error document and exit 64; a missing value only on stderr', async () => {
    const r = await run('crm_mon --output-as=xml --exclude=bogus');
    expect(r.code).toBe(64);
    expect(r.out).toBe(
      '<pacemaker-result api-version="2.25" request="crm_mon --output-as=xml --exclude=bogus">\n  <status code="64" message="Incorrect usage">\n    <errors>\n' +
        '      <error>crm_mon: --exclude options: all, attributes, bans, counts, dc, failcounts, failures, fencing, fencing-failed, fencing-pending, fencing-succeeded, maint-mode, nodes, none, operations, options, resources, stack, summary, tickets, times</error>\n' +
        '    </errors>\n  </status>\n</pacemaker-result>\n',
    );
    const m = await run('crm_mon --output-as=xml -U');
    expect([m.code, m.out, m.err]).toEqual([64, '', 'crm_mon: Missing argument for -U\n']);
  });
});
