// Host metrics: CPU, memory and free hugepages, per new sample.
import { nodeRule, thresholdsOf, type Draft } from './rule.js';
import { fmt, limit } from './text.js';

export const memUsedPct = (mem: { memTotalKb: number; memAvailableKb: number }): number | undefined =>
  mem.memTotalKb > 0 ? ((mem.memTotalKb - mem.memAvailableKb) / mem.memTotalKb) * 100 : undefined;

export const hostRule = nodeRule({
  id: 'host',
  inputs: { host: (n) => n.host, sampleAt: (n) => n.fresh.host?.lastOk, t: thresholdsOf },
  evaluate({ host, sampleAt, t }, node, ctx) {
    const drafts: Draft[] = [];
    if (host?.cpu && ctx.step(`cpu:${node}`, sampleAt, host.cpu.busyPct, t.cpuPct, 'above', t))
      drafts.push({ rule: 'cpu', node, subject: node, severity: 'warning', value: host.cpu.busyPct, message: `${node} CPU ${fmt(host.cpu.busyPct)} % (${limit(host.cpu.busyPct, t.cpuPct, 'above', ' %', t.hysteresis)})` });
    const mem = host ? memUsedPct(host.mem) : undefined;
    if (mem !== undefined && ctx.step(`mem:${node}`, sampleAt, mem, t.memPct, 'above', t))
      drafts.push({ rule: 'mem', node, subject: node, severity: 'warning', value: mem, message: `${node} RAM ${fmt(mem)} % used (${limit(mem, t.memPct, 'above', ' %', t.hysteresis)})` });
    for (const p of host?.hugepages ?? []) {
      if (p.total <= 0) continue;
      const subject = `${p.sizeKb}kB`;
      const size = p.sizeKb % 1048576 === 0 ? `${p.sizeKb / 1048576}G` : p.sizeKb % 1024 === 0 ? `${p.sizeKb / 1024}M` : `${p.sizeKb}k`;
      if (ctx.step(`hugepages:${node}:${subject}`, sampleAt, p.free, t.hugepagesFreeMin, 'below', t))
        drafts.push({ rule: 'hugepages', node, subject, severity: 'warning', value: p.free, message: `${node} ${size} hugepages: ${p.free} of ${p.total} free (${limit(p.free, t.hugepagesFreeMin, 'below', '', t.hysteresis)})` });
    }
    return drafts;
  },
});
