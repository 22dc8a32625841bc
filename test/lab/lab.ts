// A three-node lab on one machine, with real tools: each node is a real OpenSSH sshd on its own
// loopback address (127.0.0.11…) with its own host key and key-only login; its sessions get a
// PATH directory whose `virsh` talks to the node's own libvirtd (session mode, test driver), a
// CIB_file shared by all nodes (so the real crm_mon/crm_attribute/crm_resource/cibadmin work
// without a cluster), real iostat and /proc, and shims (answers.ts) for hardware and daemons.
// Every process it starts is recorded and stopped by PID; the run's temp dir is removed.
import { execFile, spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { labCibInput, labNodeName, LAB_VMS } from './cib.js';
import { answerKey, labAnswers, PASSTHROUGH, SHIMMED_TOOLS, type ShimmedTool } from './answers.js';
import { parseCrmMon } from '../../src/collectors/pacemaker/parse.js';
import { toolPath } from '../helpers/tools.js';

const SBIN = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const isRoot = process.getuid?.() === 0;
/** The unprivileged user libvirtd runs as when we are root (session mode needs a non-root daemon). */
const NOBODY = 65534;

/** Programs the lab runs for real; without them the suite skips (loudly). */
export const LAB_PROGRAMS = ['sshd', 'ssh', 'ssh-keygen', 'crm_mon', 'crm_simulate', 'cibadmin', 'crm_attribute', 'crm_resource', 'virsh', 'libvirtd', 'iostat', 'xmllint', 'bash'];

/** The shared finder (PATH + sbin dirs; VIRTDECK_TEST_HIDE_TOOLS hides tools to test the skip). */
const which = (prog: string): string | undefined => toolPath(prog);

/** Missing programs (empty: the lab can run). */
export function missingLabPrograms(): string[] {
  const need = [...LAB_PROGRAMS, ...(isRoot ? ['setpriv'] : [])];
  const missing = need.filter((p) => which(p) === undefined);
  if (process.platform !== 'linux') missing.push('Linux (127.0.0.0/8 loopback)');
  return missing;
}

export interface LabNode {
  name: string;
  index: number;
  address: string;
  port: number;
  dir: string;
  binDir: string;
  hostKey: string;
  libvirtSocket: string;
  /** What the node's `virsh -c qemu:///system` really connects to. */
  libvirtUri: string;
}

export interface Lab {
  dir: string;
  user: string;
  nodes: LabNode[];
  sshConfig: string;
  knownHosts: string;
  clientKey: string;
  cibFile: string;
  /** Environment for running the real Pacemaker tools directly against the lab's CIB. */
  toolEnv(): NodeJS.ProcessEnv;
  /** Runs a program locally with toolEnv (throws with stderr on a non-zero exit). */
  tool(argv: string[], input?: string): string;
  /** Real `virsh` against a node's libvirtd, directly (not over SSH). */
  virsh(node: string, ...args: string[]): string;
  /** Real OpenSSH client through the lab's ssh_config. */
  ssh(node: string, command: string, sshConfig?: string): SpawnSyncReturns<string>;
  node(name: string): LabNode;
  /** Switch a shimmed tool on a node to another answer set (see answers.ts). */
  setState(node: string, tool: ShimmedTool, state: string): void;
  /** New host key for the node and restart its sshd (known_hosts is left alone). */
  rotateHostKey(node: string): Promise<void>;
  /** The node's current host key as a known_hosts line. */
  knownHostsLine(node: string): string;
  /** PIDs of every process the lab runs now. */
  pids(): number[];
  stop(): Promise<void>;
}

export interface LabOptions {
  nodes?: number;
  /** First address's last octet (127.0.0.<base+i>); separate labs in parallel may share it. */
  addressBase?: number;
  log?: (m: string) => void;
  /**
   * Stand in for the cluster's controller: whenever the CIB file changes, run the real scheduler
   * over it (`crm_simulate -S`, which records the transition as executed) and make each node's
   * libvirt match the resulting placement. Without it, nothing ever executes a transition.
   */
  controller?: boolean;
}

function run(argv: string[], opts: { env?: NodeJS.ProcessEnv; input?: string } = {}): string {
  const [prog, ...args] = argv;
  const r = spawnSync(prog!, args, { encoding: 'utf8', env: opts.env ?? process.env, input: opts.input, timeout: 30_000, maxBuffer: 32 * 1024 * 1024 });
  if (r.error) throw new Error(`lab: ${argv.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`lab: ${argv.join(' ')} exited ${r.status}: ${(r.stderr || r.stdout).trim()}`);
  return r.stdout;
}

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen({ host, port: 0, exclusive: true }, () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** Resolves once the server's SSH banner arrives. */
function sshBanner(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = createConnection({ host, port });
    const done = (ok: boolean) => {
      c.destroy();
      resolve(ok);
    };
    c.setTimeout(1000, () => done(false));
    c.once('data', (d) => done(d.toString('latin1').startsWith('SSH-')));
    c.once('error', () => done(false));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what: string, cond: () => boolean | Promise<boolean>, died: () => string | undefined, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const d = died();
    if (d) throw new Error(`lab: ${what}: ${d}`);
    if (await cond()) return;
    if (Date.now() > end) throw new Error(`lab: ${what}: not ready after ${timeoutMs} ms`);
    await sleep(50);
  }
}

function domainXml(name: string): string {
  return `<domain type='test'>
  <name>${name}</name>
  <memory unit='KiB'>1048576</memory>
  <currentMemory unit='KiB'>1048576</currentMemory>
  <vcpu placement='static'>2</vcpu>
  <os><type arch='x86_64'>hvm</type></os>
  <devices>
    <disk type='file' device='disk'>
      <source file='/var/lib/libvirt/images/${name}.qcow2'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <interface type='network'>
      <source network='default'/>
      <model type='virtio'/>
    </interface>
  </devices>
</domain>
`;
}

/** A shim's canned answers for one state, as files under `nodeDir/answers/TOOL/STATE/`. */
export function writeAnswerFiles(nodeDir: string, tool: ShimmedTool, state: string, byArgs: Record<string, { stdout?: string; stderr?: string; code?: number }>): void {
  const ad = join(nodeDir, 'answers', tool, state);
  mkdirSync(ad, { recursive: true });
  for (const [args, a] of Object.entries(byArgs)) {
    const f = join(ad, answerKey(args));
    if (a.stdout !== undefined) writeFileSync(`${f}.out`, a.stdout);
    if (a.stderr !== undefined) writeFileSync(`${f}.err`, a.stderr);
    writeFileSync(`${f}.rc`, String(a.code ?? 0));
  }
}

export function shimScript(tool: string, nodeDir: string, passthrough: string | undefined): string {
  // Answers live in <node>/answers/<tool>/<state>/<key>.{out,err,rc}; the state in <node>/state/<tool>.
  return `#!/bin/sh
# virtdeck lab shim for ${tool}: prints a captured real-format answer (test/lab/answers.ts)
state=$(/bin/cat '${nodeDir}/state/${tool}' 2>/dev/null || echo healthy)
key=$(printf '%s' "$*" | sed -e 's/%/%25/g' -e 's|/|%2F|g' -e 's/ /%20/g')
[ -n "$key" ] || key=%00
a='${nodeDir}/answers/${tool}/'"$state/$key"
if [ ! -f "$a.rc" ]; then
${passthrough ? `  exec ${passthrough} "$@"` : `  echo "lab shim ${tool}: no answer for '$*' in state $state" >&2\n  exit 127`}
fi
[ -f "$a.out" ] && /bin/cat "$a.out"
[ -f "$a.err" ] && /bin/cat "$a.err" >&2
exit $(/bin/cat "$a.rc")
`;
}

function virshWrapper(uri: string): string {
  // Collectors and actions say `virsh -c qemu:///system …`; this node's libvirt is its own daemon.
  return `#!/bin/sh
# virtdeck lab: this node's libvirt is a session libvirtd with the test driver
case "$1" in
  -c|--connect) shift; shift ;;
  --connect=*) shift ;;
esac
exec /usr/bin/virsh -c '${uri}' "$@"
`;
}

export async function startLab(opts: LabOptions = {}): Promise<Lab> {
  const count = opts.nodes ?? 3;
  const base = opts.addressBase ?? 11;
  const log = opts.log ?? (() => undefined);
  const dir = mkdtempSync(join(tmpdir(), 'vd-lab-'));
  // libvirtd runs as nobody when we are root: it must reach its own directories.
  chmodSync(dir, 0o755);
  const user = userInfo().username;
  const procs = new Map<string, ChildProcess>();
  const exited = new Map<string, string>();
  let stopped = false;

  const killAllSync = () => {
    for (const p of procs.values()) if (p.pid && p.exitCode === null) try { process.kill(p.pid, 'SIGKILL'); } catch { /* gone */ }
  };
  process.once('exit', killAllSync);

  const startProc = (key: string, argv: string[], env: NodeJS.ProcessEnv, logFile: string): ChildProcess => {
    const [prog, ...args] = argv;
    const p = spawn(prog!, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    exited.delete(key);
    let err = '';
    p.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
      if (err.length > 64_000) err = err.slice(-32_000);
    });
    p.on('exit', (code, sig) => {
      try {
        writeFileSync(logFile, err, { flag: 'a' });
      } catch {
        /* dir removed */
      }
      exited.set(key, `${argv[0]} exited ${code ?? sig}: ${err.trim().slice(-500)}`);
    });
    p.on('error', (e) => exited.set(key, `${argv[0]}: ${e.message}`));
    procs.set(key, p);
    log(`lab: started ${key} pid ${p.pid}`);
    return p;
  };

  const stopProc = async (key: string): Promise<void> => {
    const p = procs.get(key);
    if (!p) return;
    procs.delete(key);
    if (p.exitCode !== null || p.signalCode !== null || !p.pid) return;
    const gone = new Promise<void>((r) => p.once('exit', () => r()));
    p.kill('SIGTERM');
    const t = setTimeout(() => p.kill('SIGKILL'), 3000);
    await gone;
    clearTimeout(t);
  };

  let stopController = () => {};
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    stopController();
    // holders first (they hold libvirt connections), then the daemons
    const keys = [...procs.keys()].sort((a, b) => Number(b.startsWith('holder')) - Number(a.startsWith('holder')));
    for (const k of keys.filter((k) => k.startsWith('holder'))) await stopProc(k);
    await Promise.all(keys.filter((k) => !k.startsWith('holder')).map((k) => stopProc(k)));
    process.off('exit', killAllSync);
    // VIRTDECK_LAB_KEEP=1 keeps the lab directory (logs, CIB, configs) for a post-mortem.
    if (process.env.VIRTDECK_LAB_KEEP === '1') log(`lab: kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  };

  try {
    // sshd started as root insists on its privilege-separation directory (Debian's unit creates it).
    if (isRoot && !existsSync('/run/sshd')) mkdirSync('/run/sshd', { mode: 0o755 });

    const clientKey = join(dir, 'client_key');
    run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', 'virtdeck-lab', '-f', clientKey]);
    writeFileSync(join(dir, 'authorized_keys'), readFileSync(`${clientKey}.pub`));
    const cibFile = join(dir, 'cib.xml');
    const nodeNames = Array.from({ length: count }, (_, i) => labNodeName(i));

    // The CIB: the scheduler places everything (real crm_simulate), shared by all nodes.
    writeFileSync(join(dir, 'cib-input.xml'), labCibInput(count));
    run(['crm_simulate', '-x', join(dir, 'cib-input.xml'), '-S', '-O', cibFile]);
    chmodSync(cibFile, 0o666);
    const toolEnv = (): NodeJS.ProcessEnv => ({ ...process.env, CIB_file: cibFile, PATH: `${process.env.PATH ?? ''}:${SBIN}` });
    const crm = parseCrmMon(run(['crm_mon', '--one-shot', '--output-as=xml', '--inactive'], { env: toolEnv() }), 'lab');

    const nodes: LabNode[] = [];
    for (let i = 0; i < count; i++) {
      const name = nodeNames[i]!;
      const nd = join(dir, `n${i + 1}`);
      const address = `127.0.0.${base + i}`;
      const binDir = join(nd, 'bin');
      mkdirSync(binDir, { recursive: true });
      mkdirSync(join(nd, 'state'));
      // The login shell's HOME (SetEnv): the user's own ~/.bashrc must not shape the node.
      mkdirSync(join(nd, 'home'));
      const lvDir = join(nd, 'lv');
      for (const d of ['', 'run', 'home', 'cfg', 'cache']) mkdirSync(join(lvDir, d), { recursive: true, mode: 0o700 });
      const libvirtSocket = join(lvDir, 'run', 'libvirt', 'libvirt-sock');
      const libvirtUri = `test+unix:///default?socket=${libvirtSocket}`;
      const n: LabNode = { name, index: i, address, port: await freePort(address), dir: nd, binDir, hostKey: join(nd, 'ssh_host_ed25519_key'), libvirtSocket, libvirtUri };
      nodes.push(n);

      // shims and their answers
      const answers = labAnswers(nodeNames, i);
      for (const tool of SHIMMED_TOOLS) {
        for (const [state, byArgs] of Object.entries(answers[tool] ?? {})) {
          writeAnswerFiles(nd, tool, state, byArgs);
        }
        writeFileSync(join(binDir, tool), shimScript(tool, nd, PASSTHROUGH[tool]), { mode: 0o755 });
      }
      writeFileSync(join(binDir, 'virsh'), virshWrapper(libvirtUri), { mode: 0o755 });

      // libvirtd (session mode: unprivileged) serving the test driver on the node's own socket
      if (isRoot) chownSync(lvDir, NOBODY, NOBODY), [ 'run', 'home', 'cfg', 'cache' ].forEach((d) => chownSync(join(lvDir, d), NOBODY, NOBODY));
      const lvEnv = { HOME: join(lvDir, 'home'), XDG_RUNTIME_DIR: join(lvDir, 'run'), XDG_CONFIG_HOME: join(lvDir, 'cfg'), XDG_CACHE_HOME: join(lvDir, 'cache'), PATH: SBIN };
      const lvArgv = isRoot ? ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', 'libvirtd'] : ['libvirtd'];
      startProc(`libvirtd-${name}`, lvArgv, lvEnv, join(nd, 'libvirtd.log'));
    }

    const sshdConfig = (n: LabNode) => `# virtdeck lab node ${n.name}
ListenAddress ${n.address}:${n.port}
HostKey ${n.hostKey}
PidFile ${join(n.dir, 'sshd.pid')}
AuthorizedKeysFile ${join(dir, 'authorized_keys')}
AllowUsers ${user}
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
UsePAM no
StrictModes no
X11Forwarding no
AllowTcpForwarding no
AllowAgentForwarding no
PermitTunnel no
PrintMotd no
PrintLastLog no
PermitUserRC no
MaxStartups 30:30:100
MaxSessions 10
LogLevel VERBOSE
SetEnv HOME=${join(n.dir, 'home')} PATH=${n.binDir}:${SBIN} CIB_file=${cibFile} VIRTDECK_LAB_NODE=${n.name} LIBVIRT_DEFAULT_URI=${n.libvirtUri}
`;

    const startSshd = async (n: LabNode) => {
      const cfg = join(n.dir, 'sshd_config');
      writeFileSync(cfg, sshdConfig(n));
      run([which('sshd') ?? '/usr/sbin/sshd', '-t', '-f', cfg]);
      const key = `sshd-${n.name}`;
      startProc(key, [which('sshd') ?? '/usr/sbin/sshd', '-D', '-e', '-f', cfg], { PATH: SBIN }, join(n.dir, 'sshd.log'));
      await waitFor(`sshd ${n.name} on ${n.address}:${n.port}`, () => sshBanner(n.address, n.port), () => exited.get(key));
    };

    const keyLine = (n: LabNode) => {
      const [type, blob] = readFileSync(`${n.hostKey}.pub`, 'utf8').trim().split(/\s+/);
      return `[${n.address}]:${n.port} ${type} ${blob}`;
    };

    for (const n of nodes) run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', `${n.name}-host`, '-f', n.hostKey]);
    await Promise.all(nodes.map((n) => startSshd(n)));

    const knownHosts = join(dir, 'known_hosts');
    writeFileSync(knownHosts, nodes.map((n) => keyLine(n) + '\n').join(''));
    const sshConfig = join(dir, 'ssh_config');
    writeFileSync(
      sshConfig,
      nodes
        .map(
          (n) => `Host ${n.name}
  HostName ${n.address}
  Port ${n.port}
  User ${user}
  IdentityFile ${clientKey}
  IdentitiesOnly yes
  UserKnownHostsFile ${knownHosts}
  GlobalKnownHostsFile /dev/null
  StrictHostKeyChecking yes
  BatchMode yes
`,
        )
        .join('\n'),
    );

    // libvirt: wait for each daemon, hold one connection open (the test driver's state lives as
    // long as a connection does), replace the driver's sample domain with the VMs the CIB placed
    // on the node.
    for (const n of nodes) {
      const key = `libvirtd-${n.name}`;
      await waitFor(`libvirtd ${n.name}`, () => existsSync(n.libvirtSocket), () => exited.get(key));
      const hk = `holder-${n.name}`;
      startProc(hk, ['virsh', '-c', n.libvirtUri, 'event', '--all', '--loop'], toolEnv(), join(n.dir, 'holder.log'));
      await waitFor(`libvirt connection ${n.name}`, () => spawnSync(which('virsh') ?? 'virsh', ['-c', n.libvirtUri, 'list', '--all', '--name'], { encoding: 'utf8' }).status === 0, () => exited.get(hk) ?? exited.get(key));
      const mine = LAB_VMS.filter((v) => crm.resources.find((r) => r.id === v.resource)?.nodes.includes(n.name));
      const cmds = ['destroy test', 'undefine test'];
      for (const v of mine) {
        const f = join(n.dir, `${v.name}.xml`);
        writeFileSync(f, domainXml(v.name));
        cmds.push(`define ${f}`, `start ${v.name}`);
      }
      run(['virsh', '-c', n.libvirtUri, cmds.join(' ; ')]);
    }

    let controllerTimer: NodeJS.Timeout | undefined;
    if (opts.controller) {
      const execAsync = (argv: string[], env = toolEnv()) =>
        new Promise<string>((resolve, reject) =>
          execFile(argv[0]!, argv.slice(1), { env, timeout: 60_000, maxBuffer: 32 * 1024 * 1024 }, (e, out, err) => (e ? reject(new Error(`${argv.join(' ')}: ${err || e.message}`)) : resolve(out))),
        );
      const stamp = () => {
        const st = statSync(cibFile);
        return `${st.mtimeMs}/${st.size}`;
      };
      let seen = stamp();
      let busy = false;
      const settle = async () => {
        const before = stamp();
        if (before === seen) return;
        const tmp = join(dir, 'cib.settled.xml');
        await execAsync(['crm_simulate', '-x', cibFile, '-S', '-O', tmp]);
        // Another tool wrote meanwhile: its change wins, settle again next tick.
        if (stamp() !== before) return;
        chmodSync(tmp, 0o666);
        renameSync(tmp, cibFile);
        seen = stamp();
        const placed = parseCrmMon(await execAsync(['crm_mon', '--one-shot', '--output-as=xml', '--inactive']), 'lab');
        for (const v of LAB_VMS) {
          const r = placed.resources.find((x) => x.id === v.resource);
          const want = r && (r.role === 'Started' || r.role === 'Migrating') ? r.nodes[0] : undefined;
          for (const n of nodes) {
            const names = (await execAsync(['virsh', '-c', n.libvirtUri, 'list', '--all', '--name'])).split('\n').map((x) => x.trim());
            const has = names.includes(v.name);
            if (has && n.name !== want) await execAsync(['virsh', '-c', n.libvirtUri, `destroy ${v.name} ; undefine ${v.name}`]).catch(() => '');
            if (!has && n.name === want) {
              const f = join(n.dir, `${v.name}.xml`);
              writeFileSync(f, domainXml(v.name));
              await execAsync(['virsh', '-c', n.libvirtUri, `define ${f} ; start ${v.name}`]);
            }
          }
        }
        log('lab controller: settled the CIB');
      };
      controllerTimer = setInterval(() => {
        if (busy || stopped) return;
        busy = true;
        settle()
          .catch((e: unknown) => log(`lab controller: ${e instanceof Error ? e.message : String(e)}`))
          .finally(() => (busy = false));
      }, 500);
      controllerTimer.unref();
    }
    stopController = () => clearInterval(controllerTimer);

    const nodeByName = (name: string): LabNode => {
      const n = nodes.find((x) => x.name === name);
      if (!n) throw new Error(`lab: no node ${JSON.stringify(name)} (nodes: ${nodes.map((x) => x.name).join(', ')})`);
      return n;
    };

    return {
      dir,
      user,
      nodes,
      sshConfig,
      knownHosts,
      clientKey,
      cibFile,
      toolEnv,
      tool: (argv, input) => run(argv, { env: toolEnv(), ...(input !== undefined ? { input } : {}) }),
      virsh: (node, ...args) => run(['virsh', '-c', nodeByName(node).libvirtUri, ...args]),
      ssh: (node, command, cfg = sshConfig) => spawnSync(which('ssh') ?? 'ssh', ['-F', cfg, node, command], { encoding: 'utf8', timeout: 20_000 }),
      node: nodeByName,
      setState(node, tool, state) {
        const n = nodeByName(node);
        if (!existsSync(join(n.dir, 'answers', tool, state))) throw new Error(`lab: ${tool} has no state ${JSON.stringify(state)}`);
        writeFileSync(join(n.dir, 'state', tool), `${state}\n`);
      },
      async rotateHostKey(node) {
        const n = nodeByName(node);
        await stopProc(`sshd-${n.name}`);
        rmSync(n.hostKey, { force: true });
        rmSync(`${n.hostKey}.pub`, { force: true });
        run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', `${n.name}-host-rotated`, '-f', n.hostKey]);
        await startSshd(n);
      },
      knownHostsLine: (node) => keyLine(nodeByName(node)),
      pids: () => [...procs.values()].filter((p) => p.exitCode === null && p.signalCode === null).map((p) => p.pid!),
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
