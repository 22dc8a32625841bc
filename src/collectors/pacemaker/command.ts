import { cmd, type Cmd } from '../../ssh/cmd.js';

/** Full cluster status: inactive resources, fence history (successes too), bans, fail counts, attributes. */
export const crmMonCmd = (): Cmd =>
  cmd('crm_mon', '--one-shot', '--output-as=xml', '--inactive', '--fence-history=2', '--include=all')
    .sudo()
    .timeout(20_000)
    .done();
