// One node's multipath maps read once, on demand (not the polled source): a console reading the
// cluster from Prometheus fetches them for the node detail. The collector's commands and parsers,
// in its order: multipathd's JSON, `multipath -ll` when the JSON fails or cannot be read.
import type { MultipathMap } from '../../model/multipath.js';
import { RunError, type Runner } from '../../ssh/runner.js';
import { okOutput } from '../section.js';
import { multipathJsonCmd, multipathLlCmd } from './command.js';
import { parseMultipathJson, parseMultipathLl } from './parse.js';

/** Throws when the node cannot be reached (RunError) or neither read gives maps. */
export async function readMultipath(runner: Runner, node: string): Promise<MultipathMap[]> {
  const json = multipathJsonCmd();
  try {
    return parseMultipathJson(okOutput(node, json, await runner.run(node, json)), node);
  } catch (e) {
    // No connection: the text read would fail the same way.
    if (e instanceof RunError) throw e;
  }
  const ll = multipathLlCmd();
  return parseMultipathLl(okOutput(node, ll, await runner.run(node, ll)), node);
}
