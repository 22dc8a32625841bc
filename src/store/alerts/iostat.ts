// iostat: latency and utilisation of the device-mapper (multipath) devices, per new sample.
import { nodeRule, thresholdsOf, type Draft } from './rule.js';
import { fmt, limit } from './text.js';

/** Whether an iostat device is a device-mapper / multipath device (what the await/util rules watch). */
export const isDmDevice = (d: { device: string; alias?: string }): boolean => d.device.startsWith('dm-') || d.alias !== undefined;

export const ioRule = nodeRule({
  id: 'iostat',
  inputs: { io: (n) => n.io, sampleAt: (n) => n.fresh.iostat?.lastOk, t: thresholdsOf },
  evaluate({ io, sampleAt, t }, node, ctx) {
    const drafts: Draft[] = [];
    for (const d of io ?? []) {
      if (!isDmDevice(d)) continue;
      const subject = d.alias ?? d.device;
      const aw = Math.max(d.rAwait, d.wAwait);
      const warn = ctx.step(`await-warn:${node}:${d.device}`, sampleAt, aw, t.awaitWarnMs, 'above', t);
      const crit = ctx.step(`await-crit:${node}:${d.device}`, sampleAt, aw, t.awaitCritMs, 'above', t);
      // A critical alert that is clearing may still be over the warning level: say both.
      const awaitWhy = crit && aw <= t.awaitCritMs && aw > t.awaitWarnMs ? `> ${t.awaitWarnMs} ms, ${limit(aw, t.awaitCritMs, 'above', ' ms', t.hysteresis)}` : limit(aw, crit ? t.awaitCritMs : t.awaitWarnMs, 'above', ' ms', t.hysteresis);
      if (warn || crit)
        drafts.push({ rule: 'await', node, subject, severity: crit ? 'critical' : 'warning', value: aw, message: `${subject} (${d.device}) await ${fmt(aw)} ms on ${node} (${awaitWhy})` });
      if (ctx.step(`util:${node}:${d.device}`, sampleAt, d.util, t.utilPct, 'above', t))
        drafts.push({ rule: 'util', node, subject, severity: 'warning', value: d.util, message: `${subject} (${d.device}) ${fmt(d.util)} % busy on ${node} (${limit(d.util, t.utilPct, 'above', ' %', t.hysteresis)})` });
    }
    return drafts;
  },
});
