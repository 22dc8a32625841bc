import { describe, expect, it } from 'vitest';
import { targetsDownText, unreachableText } from './targets-down.js';

const at = (h: number, m: number, s: number) => new Date(2026, 0, 2, h, m, s).getTime();

describe('unreachable text', () => {
  it('read from Prometheus: which exporter targets are down and since when, once if they went down together', () => {
    const targets = [
      { job: 'node', instance: 'kvm2:9100', up: false, since: at(12, 3, 10) },
      { job: 'libvirt', instance: 'kvm2:9177', up: false, since: at(12, 3, 10) },
    ];
    expect(unreachableText('kvm2', 'node kvm2', { targets, error: { kind: 'unreachable', message: targetsDownText(targets) } })).toBe(
      'kvm2: no exporter target up (node kvm2:9100, libvirt kvm2:9177 down since 12:03:10)',
    );
    expect(targetsDownText([targets[0]!, { ...targets[1]!, since: at(12, 4, 0) }])).toBe('node kvm2:9100 down since 12:03:10, libvirt kvm2:9177 down since 12:04:00');
  });

  it('over SSH: the wording is unchanged', () => {
    expect(unreachableText('kvm1', 'node kvm1', { error: { kind: 'dns', message: 'ssh: Could not resolve hostname kvm1' } })).toBe('node kvm1 unreachable: ssh: Could not resolve hostname kvm1');
    expect(unreachableText('kvm1', 'kvm1', {})).toBe('kvm1 unreachable');
  });
});
