import { parseDumpxml } from '../../collectors/virsh/parse.js';
import { cibQueryCmd, dumpxmlInactiveCmd, libvirtGuestsEnabledCmd } from '../commands.js';
import { errorText } from '../error-text.js';
import { healthyNode } from '../engine.js';
import { isReachable } from '../state.js';
import { defineAction } from '../define.js';
import { parseCliConstraints, validateGuards, validateReport, type ValidateFacts } from './guards.js';

export const validateAction = defineAction({
  title: 'Validate cluster',
  summary: 'Read-only checks for configuration drift and leftovers that bite during the next failover.',
  cli: { group: 'cluster', verb: 'validate', args: [] },
  ui: { bindings: [{ scope: 'global', key: 'V', desc: 'Validate cluster (plan, then confirm)' }], takes: 'none', dangerous: true },
  destructive: false,
  mutates: false,
  target: (): Record<string, never> => ({}),
  targetLabel: () => 'cluster',
  async gather(_t, ctx, opts): Promise<ValidateFacts> {
    const s = ctx.store.getState();
    const f: ValidateFacts = { digests: {}, guests: {}, cliConstraints: [], errors: [] };
    for (const n of s.nodeOrder.filter((x) => isReachable(s, x))) {
      const vms = (s.nodes[n]?.vms ?? []).map((v) => v.name);
      try {
        const res = await ctx.runner.runBatch(n, [libvirtGuestsEnabledCmd(), ...vms.map((v) => dumpxmlInactiveCmd(opts.libvirtUri, v))]);
        f.guests[n] = (res[0]?.stdout ?? '').trim();
        f.digests[n] = {};
        vms.forEach((v, i) => {
          const r = res[i + 1];
          if (!r || r.code !== 0 || !r.stdout.trim()) f.errors.push(`${n}: virsh dumpxml --inactive ${v} failed`);
          else {
            // The parser's digest ignores formatting and runtime-only parts (ids, aliases, vnetN).
            try {
              f.digests[n]![v] = parseDumpxml(r.stdout, n).digest ?? '';
            } catch (e) {
              f.errors.push(`${n}: virsh dumpxml --inactive ${v}: ${errorText(e)}`);
            }
          }
        });
      } catch (e) {
        f.errors.push(errorText(e));
      }
    }
    const via = healthyNode(s);
    if (via) {
      try {
        const r = await ctx.runner.run(via, cibQueryCmd('constraints'));
        if (r.code === 0) f.cliConstraints = parseCliConstraints(r.stdout);
        else if (r.code !== 105) f.errors.push(`${via}: cibadmin --query --scope constraints: exit ${r.code}`);
      } catch (e) {
        f.errors.push(errorText(e));
      }
    }
    return f;
  },
  guards: validateGuards,
  plan: ({ state, facts }) => ({ steps: [], summary: ['read-only check'], report: validateReport(state, facts) }),
});
