/** @jsxRuntime automatic */
// Issue 14 item 4 and the host-key robustness bullet: "can't reach it from here" (DNS, refused,
// auth, host key) is never shown as "node down"; Pacemaker's view and this console's SSH reach
// are two facts everywhere (header strip, nodes pane, node detail, alerts, timeline, snapshot).
// A changed host key's OpenSSH banner is one line, cause first, in alerts; whole in the detail.
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { changedKeyMessage, changedKeySummary, parseKnownHosts } from '../ssh/known-hosts.js';
import type { NodeConnState } from '../ssh/runner.js';
import { reachabilityOf, sshNoticeEntry } from '../store/reach.js';
import { formatSnapshotText, toSnapshot } from '../store/snapshot.js';
import { fixtureState, fixtureStore } from '../../test/support/store/test-fixtures.js';
import type { VdState } from '../store/types.js';
import { nodeDetailLines } from './panes/detail/lines.js';
import { nodeRows } from './panes/nodes/rows.js';
import { renderApp } from '../../test/support/ui/render.js';

afterEach(() => cleanup());

const KEY = Buffer.from('AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl', 'base64');
const OLD = parseKnownHosts(`[10.0.0.4]:22 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJdD7y3aLq454yWBdwLWbieU1ebz9/cu7/QEXn9OIeZJ\n`, '/home/op/.ssh/known_hosts')[0]!;
const CHANGED = { kind: 'hostkey' as const, message: changedKeyMessage('10.0.0.4', 2222, 'ssh-ed25519', KEY, OLD), summary: changedKeySummary('10.0.0.4', 2222, 'ssh-ed25519', KEY, OLD) };

const ERRORS: Record<string, NonNullable<NodeConnState['error']>> = {
  dns: { kind: 'dns', message: 'cannot resolve kvm-n4.example: getaddrinfo ENOTFOUND kvm-n4.example' },
  refused: { kind: 'unreachable', message: 'connection refused by 10.0.0.4:22' },
  timeout: { kind: 'unreachable', message: 'Timed out while waiting for handshake (10.0.0.4:22)' },
  auth: { kind: 'auth', message: 'authentication failed for ops@10.0.0.4:22 (offered: /home/op/.ssh/id_ed25519)' },
  hostkey: CHANGED,
};

function down(s: VdState, node: string, error: NonNullable<NodeConnState['error']>): void {
  s.nodes[node]!.conn = { ...s.nodes[node]!.conn, status: 'down', error };
}

describe('SSH reach and Pacemaker state are two facts', () => {
  it('reachability names the reason', () => {
    const text = (e: NonNullable<NodeConnState['error']>) => reachabilityOf({ status: 'down', error: e }).text;
    expect(Object.fromEntries(Object.entries(ERRORS).map(([k, e]) => [k, text(e)]))).toEqual({
      dns: 'unreachable: DNS',
      refused: 'unreachable: refused',
      timeout: 'unreachable: timeout',
      auth: 'auth failed',
      hostkey: 'host key CHANGED',
    });
    expect(reachabilityOf({ status: 'connecting' }).text).toBe('connecting');
    expect(reachabilityOf({ status: 'connecting', error: ERRORS.dns }).status).toBe('unreachable');
  });

  it('nodes pane: a node Pacemaker shows online is never DOWN because SSH fails from here', () => {
    for (const [why, e] of Object.entries(ERRORS)) {
      const s = fixtureState();
      down(s, 'kvm-n4', e);
      const row = nodeRows({ nodeOrder: s.nodeOrder, nodes: s.nodes, crm: s.cluster.crm }, s.nodes['kvm-n1']!.conn.since)[3]!;
      expect(row.cells[1], why).toBe('● online');
      expect(row.cells[8], why).toBe(`✖ ${reachabilityOf(s.nodes['kvm-n4']!.conn).text}`);
      expect(row.cells.join(' '), why).not.toMatch(/DOWN/);
    }
  });

  it('nodes pane: without any Pacemaker data the state is unknown, not DOWN; offline stays Pacemaker\'s word', () => {
    const s = fixtureState();
    s.cluster.crm = undefined;
    down(s, 'kvm-n2', ERRORS.dns!);
    s.nodes['kvm-n3']!.conn = { ...s.nodes['kvm-n3']!.conn, status: 'down', error: ERRORS.auth! };
    const rows = nodeRows({ nodeOrder: s.nodeOrder, nodes: s.nodes, crm: undefined }, s.nodes['kvm-n1']!.conn.since);
    expect(rows[1]!.cells.slice(1, 2).concat(rows[1]!.cells[8]!)).toEqual(['? unknown', '✖ unreachable: DNS']);
    expect(rows[2]!.cells[8]).toBe('✖ auth failed');
  });

  it('header strip: Pacemaker\'s word, then the SSH failure with its reason', async () => {
    const { store, clock } = fixtureStore();
    store.getState().setConn({ node: 'kvm-n3', status: 'down', since: clock.now, attempts: 1, openChannels: 0, queued: 0, error: ERRORS.dns! });
    store.getState().setConn({ node: 'kvm-n4', status: 'down', since: clock.now, attempts: 1, openChannels: 0, queued: 0, error: CHANGED });
    const a = renderApp({ store, now: () => clock.now, columns: 240, rows: 40, color: false });
    await a.settle();
    const strip = a.frame().split('\n')[1]!;
    expect(strip).toMatch(/kvm-n3 ● online ✖ ssh unreachable: DNS/);
    expect(strip).toMatch(/kvm-n4 ● online ✖ ssh host key CHANGED/);
    expect(a.frame()).not.toMatch(/DOWN|@@@/);
  });

  it('host key CHANGED: alert and timeline are one line, cause first; the detail view has the whole banner, line by line', async () => {
    const { store, clock } = fixtureStore();
    clock.now += 1000;
    store.getState().setConn({ node: 'kvm-n4', status: 'down', since: clock.now, attempts: 1, openChannels: 0, queued: 0, error: CHANGED });
    const alert = store.getState().alerts.find((x) => x.id === 'unreachable:kvm-n4:kvm-n4')!;
    expect(alert.message).not.toContain('\n');
    expect(alert.message).toMatch(/^node kvm-n4 unreachable: host key CHANGED for \[10\.0\.0\.4\]:2222 \(now ED25519 SHA256:/);
    const tl = store.getState().timeline.filter((e) => e.kind === 'node-unreachable');
    expect(tl.map((e) => e.message.includes('\n'))).toEqual([false]);
    const detail = nodeDetailLines(store.getState(), 'kvm-n4', clock.now);
    expect(detail.every((l) => !l.text.includes('\n'))).toBe(true);
    const texts = detail.map((l) => l.text.trim());
    expect(texts).toContain('@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @');
    expect(texts).toContain("If the change is expected, remove the old key with: ssh-keygen -f '/home/op/.ssh/known_hosts' -R '[10.0.0.4]:2222'");
    expect(detail.find((l) => l.text.startsWith('  ssh'))!.text).toMatch(/✖ host key CHANGED/);
    expect(detail.find((l) => l.text.startsWith('  pacemaker'))!.text).toMatch(/● online/);
    // The alerts view: one row per alert, no wrapped banner.
    const a = renderApp({ store, now: () => clock.now, columns: 200, rows: 40, color: false });
    await a.settle();
    await a.type(':alerts\r');
    expect(a.frame()).toContain('node kvm-n4 unreachable: host key CHANGED');
    expect(a.frame()).not.toContain('@@@');
  });

  it('SSH notices are on the status line (newest) and in the timeline', async () => {
    const { store, clock } = fixtureStore();
    store.getState().pushTimeline(sshNoticeEntry({ node: 'kvm-n2', severity: 'warning', message: 'StrictHostKeyChecking no (/home/op/.ssh/config:4) is not honoured: virtdeck always verifies host keys' }, clock.now));
    const a = renderApp({ store, now: () => clock.now, columns: 200, rows: 40, color: false });
    await a.settle();
    const status = a.frame().trimEnd().split('\n').at(-1)!;
    expect(status).toMatch(/^⚠ ssh kvm-n2: StrictHostKeyChecking no \(\/home\/op\/\.ssh\/config:4\) is not honoured/);
    store.getState().pushTimeline(sshNoticeEntry({ node: 'kvm-n3', severity: 'info', message: "Permanently added '10.0.0.3' (ED25519 SHA256:abc) to /home/op/.ssh/known_hosts" }, clock.now));
    await a.settle();
    expect(a.frame().trimEnd().split('\n').at(-1)).toMatch(/^ℹ ssh kvm-n3: Permanently added '10\.0\.0\.3'/);
    await a.type(':timeline\r');
    expect(a.frame()).toContain('StrictHostKeyChecking no');
    expect(a.frame()).toContain("Permanently added '10.0.0.3'");
  });

  it('snapshot: Pacemaker state, and SSH reach with its reason (JSON and text)', () => {
    const s = fixtureState();
    down(s, 'kvm-n4', ERRORS.dns!);
    down(s, 'kvm-n3', CHANGED);
    const snap = toSnapshot(s, s.nodes['kvm-n1']!.conn.since);
    const n4 = snap.nodes.find((n) => n.name === 'kvm-n4')!;
    expect(n4).toMatchObject({ online: true, reachable: false, conn: { status: 'down', reason: 'dns', error: 'dns: cannot resolve kvm-n4.example: getaddrinfo ENOTFOUND kvm-n4.example' } });
    const n3 = snap.nodes.find((n) => n.name === 'kvm-n3')!;
    expect(n3.conn).toMatchObject({ reason: 'hostkey', error: expect.stringMatching(/^hostkey: host key CHANGED for \[10\.0\.0\.4\]:2222/), detail: CHANGED.message });
    const text = formatSnapshotText(snap);
    const line = text.split('\n').find((l) => l.trim().startsWith('kvm-n4'))!;
    expect(line).toMatch(/kvm-n4 +online .*SSH unreachable: DNS \(dns: cannot resolve/);
    expect(text).not.toMatch(/UNREACHABLE\(|DOWN/);
  });
});
