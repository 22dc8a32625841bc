// Shared by the real-tools integration suites: tool detection (loud skip), the CLI as a child
// process, and the lab's lifecycle per test file.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { missingLabPrograms, startLab, type Lab, type LabOptions } from '../lab/lab.js';

export const root = fileURLToPath(new URL('../..', import.meta.url));

export const missing = missingLabPrograms();
export const labAvailable = missing.length === 0;
if (!labAvailable) {
  console.warn(
    `\n${'!'.repeat(78)}\n!! virtdeck integration suite SKIPPED: missing ${missing.join(', ')}\n` +
      `!! (Debian: openssh-server pacemaker-cli-utils libvirt-daemon libvirt-clients sysstat libxml2-utils)\n${'!'.repeat(78)}\n`,
  );
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `node bin/virtdeck.js ARGS` with no user config (empty XDG config home). */
export function runCli(args: string[], opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<CliResult> {
  const xdg = mkdtempSync(join(tmpdir(), 'vd-xdg-'));
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_CONFIG_HOME: xdg, NO_COLOR: '1', ...opts.env };
  delete env.VIRTDECK_CONFIG;
  return new Promise((resolve) => {
    execFile(process.execPath, [join(root, 'bin', 'virtdeck.js'), ...args], { env, cwd: root, timeout: opts.timeoutMs ?? 90_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      rmSync(xdg, { recursive: true, force: true });
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

export const labTarget = (lab: Lab, sshConfig = lab.sshConfig): string[] => ['--nodes', lab.nodes.map((n) => n.name).join(','), '--ssh-config', sshConfig];

/**
 * A config file with a `lab` context (same nodes and ssh_config) whose poll intervals are long:
 * on a loaded machine one collection round can outlast 2× the default interval, and the action
 * guards rightly refuse stale data. iostat keeps its default (its interval is the sample length).
 */
export function labContext(lab: Lab): string[] {
  const file = join(lab.dir, 'virtdeck.json');
  const slow = Object.fromEntries(['pacemaker', 'stonith', 'corosync', 'sbd', 'multipath', 'host', 'network', 'capabilities', 'vms'].map((k) => [k, 120_000]));
  writeFileSync(file, JSON.stringify({ clusters: { lab: { nodes: lab.nodes.map((n) => n.name), sshConfig: lab.sshConfig, intervals: slow } }, defaultCluster: 'lab' }, null, 2));
  return ['--config', file, '--context', 'lab'];
}

/** Starts a lab for this test file (beforeAll) and stops it (afterAll, also after failures). */
export function useLab(opts: LabOptions = {}): { readonly lab: Lab } {
  const box: { lab?: Lab } = {};
  beforeAll(async () => {
    if (!labAvailable) return;
    const t0 = Date.now();
    box.lab = await startLab(opts);
    console.info(`lab up in ${Date.now() - t0} ms (${box.lab.dir})`);
  }, 120_000);
  afterAll(async () => {
    await box.lab?.stop();
  }, 60_000);
  return {
    get lab(): Lab {
      if (!box.lab) throw new Error('lab not started');
      return box.lab;
    },
  };
}
