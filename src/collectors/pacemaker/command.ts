import { cmd, type Cmd } from '../../ssh/cmd.js';

/** Full cluster status: inactive resources, fence history (successes too), bans, fail counts,
 *  attributes. `--exclude=operations` drops the per-resource operation history (most of the
 *  output on a big cluster); node_history then lists only resources with a fail count, which
 *  is all the parser reads from it. */
export const crmMonCmd = (): Cmd =>
  cmd('crm_mon', '--one-shot', '--output-as=xml', '--inactive', '--fence-history=2', '--include=all', '--exclude=operations')
    .sudo()
    .timeout(20_000)
    .done();
