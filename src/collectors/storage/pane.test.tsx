/** @jsxRuntime automatic */
// The :pools pane rendered in the app: the `:` command opens it, and the pools, sessions, ports
// and LUNs of the store are on screen with their states.
import { describe, expect, it } from 'vitest';
import { KEY, renderApp } from '../../../test/support/ui/render.js';
import { fixtureStore } from '../../../test/support/store/test-fixtures.js';
import { fixture } from '../../../test/support/collectors/test-support.js';
import { parseIscsiSessions, parsePoolList, parsePoolNames, parseSanSysfs, parseVolList } from './parse.js';

describe(':pools pane', () => {
  it('shows pools with use and sharing, volumes, iSCSI sessions, FC ports and LUN queue depths', async () => {
    const { store } = fixtureStore();
    const a0 = store.getState();
    const pools = parsePoolList(fixture('storage', 'pool-list-details.txt'), 'kvm-n1', { network: parsePoolNames(fixture('storage', 'pool-list-shared.txt')) });
    pools[0]!.volumes = parseVolList(fixture('storage', 'vol-list-default.txt'));
    a0.setNodeData('kvm-n1', 'pools', { pools: { pools } });
    a0.setNodeData('kvm-n1', 'san', { san: { ...parseSanSysfs(fixture('storage', 'san-sysfs.txt')), iscsi: parseIscsiSessions(fixture('storage', 'iscsiadm-session-P3-failed.txt')) } });
    const a = renderApp({ store, columns: 200, rows: 40 });
    try {
      await a.settle();
      await a.type(':', 'p', 'o', 'o', 'l', 's', KEY.enter);
      const f = a.frame();
      expect(f).toMatch(/KIND\s+NAME\s+NODE\s+STATE\s+USED\s+DETAIL\s+AGE/);
      expect(f).toMatch(/pool\s+vg_san\s+kvm-n1\s+⚠ 95% full\s+95% of 100G/);
      expect(f).toMatch(/pool\s+iso\s+kvm-n1\s+✖ inactive/);
      expect(f).toMatch(/pool\s+san a;b \$x\s+kvm-n1\s+● running .*shared · network/);
      expect(f).toMatch(/vol\s+my disk \(copy\)\.img\s+kvm-n1\s+file\s+1\.0G \/ 1\.0G\s+\/var\/lib\/libvirt\/images\/my disk \(copy\)\.img/);
      expect(f).toMatch(/iscsi\s+iqn\.2003-01\.org\.linux-iscsi\.san1\.x8664:sn\.4a1b2c3d\s+kvm-n1\s+✖ FAILED\s+10\.0\.1\.10:3260,1\s+sid 2 · TRANSPORT WAIT · sdc blocked/);
      expect(f).toMatch(/fc\s+host8\s+kvm-n1\s+✖ Linkdown\s+unknown\s+WWPN 0x21000024ff5a1b2d/);
      expect(f).toMatch(/lun\s+sdb\s+kvm-n1\s+qd 64\s+mq-deadline\s+path of mpatha · scheduler mq-deadline/);
      // Nodes without storage data yet say so.
      expect(f).toMatch(/kvm-n2\s+no storage data yet/);
    } finally {
      a.unmount();
    }
  });
});
