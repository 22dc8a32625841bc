// Layout checks against real captures (fixtures/README.md): same element/attribute order as
// crm_mon, same vshTable columns as virsh, same JSON skeleton as iostat.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DemoSim } from '../sim/sim.js';
import type { SimVm } from '../sim/state.js';
import { COLLECTOR_VIEW, cibXml, crmMonXml, type CrmMonView } from './pacemaker-xml.js';
import { IOSTAT_FOOTER, iostatHeader, iostatSample } from './storage.js';
import { dominfo, listOutput, vshTable } from './virsh.js';
import { otherMoves, otherPlacement, planMoves, transitionSummary, whatIfFromCib, type PlannedMove } from './pacemaker.js';
import { setNodeStandby } from './cib-file.js';

const fx = (f: string) => readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', f), 'utf8');

/** element name → distinct attribute-name sequences. */
function attrShapes(xml: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const m of xml.matchAll(/<([a-z_]+)((?:\s+[a-z_-]+="[^"]*")*)\s*\/?>/g)) {
    const names = [...m[2]!.matchAll(/([a-z_-]+)="/g)].map((a) => a[1]).join(',');
    const set = out.get(m[1]!) ?? new Set<string>();
    set.add(names);
    out.set(m[1]!, set);
  }
  return out;
}

function degradedSim(): DemoSim {
  const sim = new DemoSim({ seed: 3 });
  sim.setStandby('kvm-n2', true);
  sim.addConstraint({ id: 'cli-ban-vm-web01-on-kvm-n3', rsc: 'vm-web01', node: 'kvm-n3', score: -1_000_000 });
  sim.tick(60_000);
  const vm = sim.vms.find((v) => v.managed && v.state === 'running')!;
  sim.crashVm(vm.name);
  sim.tick(4_500);
  sim.freezeNode('kvm-n4');
  sim.tick(3_500);
  return sim;
}

const FULL_VIEW: CrmMonView = { request: 'crm_mon --one-shot --output-as=xml --inactive --fence-history=2 --include=all', history: 'operations' };
/** The <node_history> element with its tags reduced to name + attribute names (values differ). */
const nodeHistorySkeleton = (xml: string) =>
  /^ {2}<node_history(?:\/>|>[\s\S]*?<\/node_history>)$/m.exec(xml)?.[0].replace(/="[^"]*"/g, '=""');

describe('crm_mon XML layout', () => {
  it('uses the element and attribute order of real crm_mon 2.1.5', () => {
    // Remote and guest node lines: the real capture of a cluster that has them (remote1, guest1, bundle replicas).
    const withRemotes = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'collectors', 'pacemaker', 'fixtures', 'healthy.crm_mon.xml'), 'utf8');
    const real = attrShapes(fx('crm_mon-real.xml') + withRemotes);
    const ours = attrShapes(crmMonXml(degradedSim(), FULL_VIEW));
    const compared: string[] = [];
    for (const [el, shapes] of ours) {
      const r = real.get(el);
      if (!r) continue;
      for (const s of shapes) {
        // last_change's user/client differ only in values; attribute order must match.
        expect([...r], `<${el}> attributes`).toContain(s);
      }
      compared.push(el);
    }
    expect(compared).toEqual(expect.arrayContaining(['node', 'resource', 'clone', 'resource_history', 'operation_history', 'failure', 'ban', 'current_dc', 'cluster_options', 'summary'].filter((e) => real.has(e) && e !== 'summary')));
  });

  it('orders the top-level sections like crm_mon', () => {
    const order = (xml: string) => [...xml.matchAll(/^ {2}<([a-z_]+)/gm)].map((m) => m[1]);
    for (const [file, view] of [['crm_mon-real.xml', FULL_VIEW], ['crm_mon-real-exclude-operations.xml', COLLECTOR_VIEW]] as const) {
      const real = order(fx(file));
      const ours = order(crmMonXml(degradedSim(), view)).filter((e) => real.includes(e!));
      expect(ours).toEqual(real.filter((e) => ours.includes(e)));
    }
  });

  it('--exclude=operations (the collector\'s argv): node_history has only fail counts, self-closing, like the real capture', () => {
    const real = fx('crm_mon-real-exclude-operations.xml');
    const sim = degradedSim();
    const ours = crmMonXml(sim);
    expect(ours.split('\n', 1)[0]).toBe(real.split('\n', 1)[0]); // same request="…"
    expect(ours).not.toContain('<operation_history');
    expect(crmMonXml(sim, FULL_VIEW)).toContain('<operation_history');
    // one failed resource on one node in both: the same skeleton
    expect(nodeHistorySkeleton(ours)).toBe(nodeHistorySkeleton(real));
    expect(nodeHistorySkeleton(real)).toBe('  <node_history>\n    <node name="">\n      <resource_history id="" orphan="" migration-threshold="" fail-count="" last-failure=""/>\n    </node>\n  </node_history>');
    // nothing failed: an empty element, as crm_mon prints for a healthy cluster
    expect(nodeHistorySkeleton(crmMonXml(new DemoSim({ seed: 3 })))).toBe('  <node_history/>');
  });
});

describe('CIB at the largest demo size', () => {
  it('the whole CIB and its crm_config scope of 256 nodes × 8,000 VMs (160,000 lines) are built, not a stack overflow', () => {
    const sim = new DemoSim({ nodes: 256, vms: 8000, seed: 7 });
    const cib = cibXml(sim);
    expect(cib.startsWith('<cib ')).toBe(true);
    expect(cib.match(/<primitive id="vm-/g)?.length).toBe(sim.resources.length);
    expect(sim.resources.length).toBeGreaterThan(7900);
    expect(cib).toContain('<crm_config>');
    expect(cib.trimEnd().endsWith('</cib>')).toBe(true);
  });
});

describe('virsh layouts', () => {
  it('list --all is byte-identical to virsh for the same domains', () => {
    const vm = (name: string, domId: number, state: SimVm['state']) => ({ name, domId, state, autostart: false, uuid: '' }) as SimVm;
    const out = listOutput([vm('test', 1, 'running'), vm('database-server-01', -1, 'shut off')], { all: true, inactive: false, autostart: false, name: false, uuid: false });
    expect(out).toBe(fx('virsh-list-all-real.txt'));
  });

  it('dominfo uses virsh\'s key column (15 wide + space) and key order', () => {
    const sim = new DemoSim({ seed: 1 });
    const ours = dominfo(sim.vms[0]!).split('\n').filter(Boolean);
    const real = fx('virsh-dominfo-real.txt').split('\n').filter(Boolean);
    const keys = (ls: string[]) => ls.map((l) => l.slice(0, 16));
    expect(keys(ours)).toEqual(keys(real));
    expect(dominfo(sim.vms[0]!).endsWith('\n\n')).toBe(true);
  });

  it('vshTable pads to the widest cell', () => {
    expect(vshTable(['Id', 'Name', 'State'], [['1', 'a', 'running']])).toBe(' Id   Name   State\n----------------------\n 1    a      running\n\n');
  });
});

describe('iostat JSON skeleton', () => {
  const skeleton = (s: string) =>
    s
      .replace(/(\t+\{"disk_device": [^\n]*\}(,\n|\n))+/g, '<ROWS>\n')
      .replace(/": (\d+(\.\d+)?|"[^"]*")/g, '": V');
  it('matches sysstat 12.6 byte layout apart from values and device rows', () => {
    const sim = new DemoSim({ seed: 1 });
    const n = sim.node('kvm-n1');
    const ours = iostatHeader(sim, n) + iostatSample(sim, n, true) + iostatSample(sim, n, false) + IOSTAT_FOOTER;
    expect(skeleton(ours)).toBe(skeleton(fx('iostat-real.json')));
    const keys = (s: string) => [...(/\{"disk_device"[^}]*\}/.exec(s)?.[0] ?? '').matchAll(/"([^"]+)":/g)].map((m) => m[1]);
    expect(keys(ours)).toEqual(keys(fx('iostat-real.json')));
  });
});

describe('crm_simulate transition summary', () => {
  it('uses the scheduler column widths', () => {
    expect(transitionSummary([{ rsc: 'stonith-sbd', to: 'kvm-n1' }, { rsc: 'vm-web01', from: 'kvm-n1', to: 'kvm-n2' }])).toBe(
      'Transition Summary:\n  * Start      stonith-sbd     (           kvm-n1 )\n  * Migrate    vm-web01        ( kvm-n1 -> kvm-n2 )\n',
    );
  });
  it('stonith devices, clone instances and VMs: byte-identical to the real crm_simulate summary', () => {
    const real = fx('crm_simulate-standby-stonith-real.txt');
    const block = real.slice(real.indexOf('Transition Summary:'), real.indexOf('\n\nExecuting Cluster Transition:') + 1);
    const moves: PlannedMove[] = [
      { rsc: 'stonith-sbd', from: 'node1', to: 'node2', action: 'Move' },
      { rsc: 'fence-ipmi-node2', from: 'node1', to: 'node3', action: 'Move' },
      { rsc: 'dlm:0', from: 'node1' },
      { rsc: 'vm-web1', from: 'node1', to: 'node3' },
    ];
    expect(transitionSummary(moves)).toBe(block);
    // and the real single-line outputs (src/actions/fixtures)
    expect(transitionSummary([{ rsc: 'vm-db1', from: 'node1' }])).toBe('Transition Summary:\n  * Stop       vm-db1     ( node1 )  due to node availability\n');
    expect(transitionSummary([{ rsc: 'vm-web1', from: 'node1', to: 'node2' }, { rsc: 'vm-db1', from: 'node1', to: 'node3', action: 'Move' }])).toBe(
      'Transition Summary:\n  * Migrate    vm-web1     ( node1 -> node2 )\n  * Move       vm-db1      ( node1 -> node3 )\n',
    );
  });
  it('a standby what-if lists the fence devices and the dlm instance leaving the node, before the VMs', () => {
    const sim = new DemoSim({ seed: 4 });
    const w = { standby: new Set(['kvm-n1']), constraints: [] };
    const now = otherPlacement(sim, new Set());
    const then = otherPlacement(sim, w.standby);
    const onN1 = [...now.fence].filter(([, n]) => n === 'kvm-n1').map(([id]) => id);
    expect(onN1.length).toBeGreaterThan(0);
    const moves = otherMoves(now, then);
    expect(moves).toEqual([...onN1.map((id) => ({ rsc: id, from: 'kvm-n1', to: then.fence.get(id), action: 'Move' })), { rsc: 'dlm:0', from: 'kvm-n1' }]);
    expect(moves.every((m) => m.to !== 'kvm-n1')).toBe(true);
    // back online: the dlm instance starts again, numbered after the running ones
    expect(otherMoves(then, now).filter((m) => m.rsc.startsWith('dlm:'))).toEqual([{ rsc: `dlm:${sim.nodes.length - 1}`, to: 'kvm-n1' }]);
  });
  it('reads standby and cli constraints from a CIB file', () => {
    const w = whatIfFromCib(fx('cib-demo.xml'));
    expect([...w.standby]).toEqual(['kvm-n2']);
    expect(w.constraints.map((c) => `${c.id}:${c.score}`)).toEqual(['cli-prefer-vm-web01:1000000', 'cli-ban-vm-db01-on-kvm-n2:-1000000', 'cli-prefer-vm-db01:1000000']);
  });
  it('plans moves off a standby node from a what-if CIB', () => {
    const sim = new DemoSim({ seed: 4 });
    // the node carries its utilization: standby goes into its instance_attributes beside it
    const cib = setNodeStandby(cibXml(sim), 'kvm-n1', true)!;
    expect(cib).toMatch(/<node id="1" uname="kvm-n1"><instance_attributes id="nodes-1"><nvpair id="nodes-1-standby" name="standby" value="on"\/><\/instance_attributes>\s*<utilization id="nodes-1-utilization">/);
    const moves = planMoves(sim, whatIfFromCib(cib));
    expect(moves.length).toBe(sim.resources.filter((r) => r.node === 'kvm-n1').length);
    expect(moves.every((m) => m.from === 'kvm-n1' && m.to && m.to !== 'kvm-n1')).toBe(true);
  });
});
