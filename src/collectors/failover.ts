// How far a cluster-wide read (crm_mon, stonith_admin, cibadmin) walks the candidate nodes in one
// round. Every node holds the same CIB, so a failure that is not about the node (a parse error,
// sudo refused, output too large, the same timeout on a busy cluster) would repeat on each of
// them: walking all N nodes costs N × the output every poll (8.7 MB per attempt at 256 nodes).
// So a round tries at most MAX_CLUSTER_TRIES nodes, moves on only after a failure that can be
// the node's own, and stops when two nodes' tools answer alike. The runtime ranks failed nodes
// last, so the next round starts on nodes not tried yet.
import { RunError, type RunErrorKind } from '../ssh/runner.js';
import { CommandFailedError, errorMessage } from './section.js';

/** The preferred node and at most two others per round. */
export const MAX_CLUSTER_TRIES = 3;

/** The node could not be asked at all: says nothing about the tool or the cluster. */
const TRANSPORT: ReadonlySet<RunErrorKind> = new Set(['unreachable', 'dns', 'auth', 'hostkey', 'channel', 'unknown-node']);

/**
 * Exit codes that mean "not here": Pacemaker's CRM_EX_NOT_INSTALLED (5), CRM_EX_NOT_RUNNING (7),
 * CRM_EX_UNAVAILABLE (69), CRM_EX_DISCONNECT (102: what crm_mon, cibadmin and stonith_admin exit
 * with when the node's cluster daemons are not running; pacemaker 2.1.5, see
 * pacemaker/fixtures/not-running.crm_mon.xml), and the shell's 126/127 (tool not executable / missing).
 */
const NODE_CODES: ReadonlySet<number> = new Set([5, 7, 69, 102, 126, 127]);

/**
 * The same, in words: crm_mon "Connection to cluster failed: Connection refused", cibadmin "Could not
 * connect to the CIB: Transport endpoint is not connected", stonith_admin "Could not connect to
 * fencer" (the fencing collector's "fencer not answering on N"), sudo's "crm_mon: command not found"
 * (exit 1), crm_mon's error document "status 102 (Not connected)".
 */
const NODE_TEXT = /could not connect|not connected|connection (?:to cluster failed|refused)|not running|fencer not answering|command not found|no such file or directory/i;

/** A failure another node may not have: worth trying the next one. */
export function nodeSpecific(e: unknown): boolean {
  if (e instanceof RunError) return TRANSPORT.has(e.kind) || e.kind === 'timeout'; // a wedged node times out alone
  if (e instanceof CommandFailedError && e.code !== null && NODE_CODES.has(e.code)) return true;
  return NODE_TEXT.test(errorMessage(e));
}

/** A failure to reach the node, not an answer of its tool (never "the same failure" as another node's). */
function transport(e: unknown): boolean {
  return e instanceof RunError && TRANSPORT.has(e.kind);
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const nodeRe = (node: string): RegExp => new RegExp(`(^|[^\\w.-])${escapeRe(node)}(?=[^\\w.-]|$)`, 'g');

/** The failure's text with its node's name taken out, so two nodes' answers compare. */
function shape(node: string, e: unknown): string {
  return errorMessage(e).replace(nodeRe(node), '$1<node>');
}

/** One line per node tried, naming it when the message does not already. */
function line(node: string, e: unknown): string {
  const m = errorMessage(e);
  return nodeRe(node).test(m) ? m : `${node}: ${m}`;
}

export interface Attempt {
  node: string;
  error: unknown;
}

/** Why a round did not go on to the next candidate, or undefined to go on. */
export function stopReason(tried: readonly Attempt[]): string | undefined {
  const last = tried[tried.length - 1]!;
  if (!nodeSpecific(last.error)) return 'the failure is not specific to the node';
  if (!transport(last.error) && tried.slice(0, -1).some((a) => !transport(a.error) && shape(a.node, a.error) === shape(last.node, last.error)))
    return 'the same failure on two nodes';
  if (tried.length >= MAX_CLUSTER_TRIES) return `at most ${MAX_CLUSTER_TRIES} nodes per round`;
  return undefined;
}

/** The store's error for a failed round: every node tried and what it said; how many were left and why. */
export function roundError(tried: readonly Attempt[], candidates: number, why: string | undefined): string {
  const said = tried.map((a) => line(a.node, a.error)).join('; ');
  const left = candidates - tried.length;
  if (left <= 0 || why === undefined) return tried.length === 1 ? errorMessage(tried[0]!.error) : `failed on every node: ${said}`;
  return `failed on ${tried.map((a) => a.node).join(', ')} (${left} other node${left === 1 ? '' : 's'} not tried this round: ${why}): ${said}`;
}
