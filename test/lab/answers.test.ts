// The lab's corosync fakes against real corosync 3.1.7 output (src/prometheus/fixtures/capture.sh
// ran three real nodes n1..n3): same text, apart from the date and the ring id (the membership's
// sequence number changes with every run).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { labAnswers } from './answers.js';

const real = (name: string) => readFileSync(new URL(`../../src/prometheus/fixtures/${name}`, import.meta.url), 'utf8');
const NODES = ['n1', 'n2', 'n3'];
const volatile = (s: string) => s.replace(/^(Date|Ring ID): .*$/gm, '$1: …');
/** knet addresses are the capture's bridges; the lab's are made up. */
const noAddr = (s: string) => s.replace(/^\taddr\t= .*$/gm, '\taddr\t= …');

describe('lab corosync answers print what real corosync 3.1.7 prints', () => {
  const n1 = labAnswers(NODES, 0);
  const n3 = labAnswers(NODES, 2);
  it('corosync-quorumtool -p (as ha_cluster_exporter runs it): healthy, partitioned, no quorum', () => {
    expect(volatile(n1['corosync-quorumtool']!.healthy!['-p']!.stdout!)).toBe(volatile(real('quorumtool-p-healthy.txt')));
    expect(volatile(n1['corosync-quorumtool']!.partitioned!['-p']!.stdout!)).toBe(volatile(real('quorumtool-p-partitioned.txt')));
    expect(volatile(n3['corosync-quorumtool']!['no-quorum']!['-p']!.stdout!)).toBe(volatile(real('quorumtool-p-no-quorum.txt')));
    // -s has no Qdevice column without a qdevice (the captured session printed both; see capture.sh).
    expect(n1['corosync-quorumtool']!.healthy!['-s']!.stdout).toContain('    Nodeid      Votes Name\n         1          1 n1 (local)\n');
  });
  it('corosync-cfgtool -s: every link connected, and the last node cut off on both links', () => {
    expect(noAddr(n1['corosync-cfgtool']!.healthy!['-s']!.stdout!)).toBe(noAddr(real('cfgtool-healthy.txt')));
    expect(noAddr(n1['corosync-cfgtool']!.degraded!['-s']!.stdout!)).toBe(noAddr(real('cfgtool-partitioned.txt')));
  });
});
