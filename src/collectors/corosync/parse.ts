// corosync-quorumtool -s and corosync-cfgtool -s (corosync 2.x/3.x text output).
// Formats follow tools/corosync-quorumtool.c and tools/corosync-cfgtool.c; see fixtures/README.md.
import { ParseError, checkInput, guardParse } from '../parse-error.js';
import { execTrimTail } from '../text-scan.js';
import type { CorosyncLink, CorosyncLinkPeer, CorosyncLinks, QuorumInfo, QuorumMember } from '../../model/corosync.js';

const SOURCE_Q = 'corosync-quorumtool';
const SOURCE_L = 'corosync-cfgtool';

/** Messages the tools print (to stdout or stderr) when corosync is not running. */
const NOT_RUNNING = /Cannot initiali[sz]e (CMAP|QUORUM|CFG|VOTEQUORUM) service|Could not initiali[sz]e corosync configuration API|CS_ERR_LIBRARY|Unable to get cluster quorate status/;

/** Node ids print as decimal, or 0x%08x with -H. */
function nodeId(s: string): number | undefined {
  if (/^0x[0-9a-fA-F]{1,8}$/.test(s)) return parseInt(s, 16);
  if (/^\d{1,10}$/.test(s)) return Number(s);
  return undefined;
}

// Read with execTrimTail: the name group as `(\S.*?)\s*$` without that form's quadratic backtracking.
const MEMBER_ROW = /^\s*(0x[0-9a-fA-F]+|\d+)\s+(\d+)\s+(?:((?:A|NA),(?:V|NV),(?:MW|NMW)|NR)\s+)?(\S.*)/;

export function parseQuorumtool(text: string, node?: string): QuorumInfo {
  const input = checkInput(SOURCE_Q, node, text);
  return guardParse(SOURCE_Q, node, input, () => {
    const notRunning = NOT_RUNNING.exec(input);
    if (notRunning) throw new ParseError(SOURCE_Q, node, `corosync is not running: ${notRunning[0]}`, input.slice(0, 200));
    if (!input.includes('Quorum information')) {
      throw new ParseError(SOURCE_Q, node, input.trim() === '' ? 'no output' : 'not corosync-quorumtool -s output (no "Quorum information")', input.slice(0, 200));
    }
    const fields = new Map<string, string>();
    const members: QuorumMember[] = [];
    let inMembers = false;
    for (const raw of input.split('\n')) {
      const line = raw.replace(/\r$/, '');
      if (/^\s*Nodeid\s+/.test(line)) {
        inMembers = true;
        continue;
      }
      if (inMembers) {
        const m = execTrimTail(MEMBER_ROW, line);
        if (!m) {
          if (line.trim() !== '') inMembers = false;
          continue;
        }
        const id = nodeId(m[1] as string);
        // Nodeid 0 is the quorum device's own row ("0  1  Qdevice"), not a member.
        if (id === undefined || id === 0) continue;
        let name = m[4] as string;
        const local = / \(local\)$/.test(name);
        if (local) name = name.slice(0, -' (local)'.length);
        members.push({ nodeid: id, votes: Number(m[2]), qdevice: m[3], name, local });
        continue;
      }
      const kv = execTrimTail(/^([A-Za-z][A-Za-z ]*?):\s*(.*)/, line);
      if (kv) fields.set(kv[1] as string, kv[2] as string);
    }
    const num = (k: string, required: boolean): number => {
      const v = fields.get(k);
      const n = v === undefined ? undefined : /^\d+/.exec(v)?.[0];
      if (n === undefined) {
        if (required) throw new ParseError(SOURCE_Q, node, `missing or invalid "${k}:" line`, input.slice(0, 200));
        return 0;
      }
      return Number(n);
    };
    const quorate = fields.get('Quorate');
    if (quorate !== 'Yes' && quorate !== 'No') throw new ParseError(SOURCE_Q, node, `missing or invalid "Quorate:" line (${JSON.stringify(quorate ?? null)})`, input.slice(0, 200));
    const hasVotequorum = fields.has('Expected votes');
    const nodeIdField = fields.get('Node ID');
    return {
      quorate: quorate === 'Yes',
      nodeId: nodeIdField !== undefined ? nodeId(nodeIdField) : undefined,
      ringId: fields.get('Ring ID') || undefined,
      nodes: num('Nodes', true),
      expectedVotes: num('Expected votes', hasVotequorum),
      highestExpected: num('Highest expected', hasVotequorum),
      totalVotes: num('Total votes', hasVotequorum),
      quorum: num('Quorum', hasVotequorum),
      flags: (fields.get('Flags') ?? '').split(/\s+/).filter(Boolean),
      members,
    };
  });
}

function peerFromStatus(nodeid: number, rest: string): CorosyncLinkPeer {
  const t = rest.trim();
  // 3.0.x: "link enabled:1\tlink connected:1"
  const en = /enabled:\s*(\d)/.exec(t);
  const co = /connected:\s*(\d)/.exec(t);
  const mtu = /mtu:\s*(\d+)/.exec(t);
  if (co) {
    const connected = co[1] === '1';
    return { nodeid, status: connected ? 'connected' : 'disconnected', connected, enabled: en ? en[1] === '1' : undefined, mtu: mtu ? Number(mtu[1]) : undefined };
  }
  // 3.1+: "localhost" | "connected" | "disconnected", with "(not enabled)"-style notes appended
  // only when the link is not enabled.
  const word = t.split(/\s+/)[0] ?? '';
  const notEnabled = /not enabled|disabled/.test(t);
  return {
    nodeid,
    status: word,
    connected: word === 'connected' || word === 'localhost' ? true : word === 'disconnected' ? false : undefined,
    enabled: notEnabled ? false : undefined,
    mtu: mtu ? Number(mtu[1]) : undefined,
  };
}

export function parseCfgtool(text: string, node?: string): CorosyncLinks {
  const input = checkInput(SOURCE_L, node, text);
  return guardParse(SOURCE_L, node, input, () => {
    const notRunning = NOT_RUNNING.exec(input);
    if (notRunning) throw new ParseError(SOURCE_L, node, `corosync is not running: ${notRunning[0]}`, input.slice(0, 200));
    let localNodeId: number | undefined;
    const links: CorosyncLink[] = [];
    let cur: CorosyncLink | undefined;
    let sawHeader = false;
    for (const raw of input.split('\n')) {
      const line = raw.replace(/\r$/, '');
      let m: RegExpExecArray | null;
      if ((m = /^Local node ID (\d+)/.exec(line))) {
        localNodeId = Number(m[1]);
        sawHeader = true;
      } else if ((m = /^(?:LINK|RING) ID (\d+)/.exec(line))) {
        cur = { linkNo: Number(m[1]), peers: [] };
        links.push(cur);
        sawHeader = true;
      } else if (cur && (m = /^\s+(?:addr|id)\s*=\s*(\S+)/.exec(line))) {
        cur.address = m[1];
      } else if (cur && (m = /^\s+status\s*=\s*(.*)$/.exec(line))) {
        // Legacy totemsrp rings: one status line for the whole ring, no per-node detail.
        const s = (m[1] as string).trim();
        const faulty = /FAULTY/i.test(s);
        if (localNodeId !== undefined) cur.peers.push({ nodeid: localNodeId, status: faulty ? 'faulty' : 'localhost', connected: !faulty });
      } else if (cur && (m = /^\s+node(?:id)?:?\s*(\d+):\s*(.*)$/.exec(line))) {
        cur.peers.push(peerFromStatus(Number(m[1]), m[2] as string));
      } else if (line.trim() === '' || /^Printing (link|ring) status/.test(line) || /^\s+status:\s*$/.test(line)) {
        // structure only
      }
    }
    if (!sawHeader) {
      throw new ParseError(SOURCE_L, node, input.trim() === '' ? 'no output' : 'not corosync-cfgtool -s output (no "Local node ID" / "LINK ID")', input.slice(0, 200));
    }
    return { localNodeId, links };
  });
}
