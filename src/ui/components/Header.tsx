/** @jsxRuntime automatic */
// Header: cluster, quorum, DC, alert counts, mode banner; then the node strip.
import { Box, Text } from 'ink';
import { useShallow } from 'zustand/react/shallow';
import { formatAge, freshnessOf } from '../../store/freshness.js';
import { nodeFreshSummary } from '../panes/fresh.js';
import { useNow, useVd } from '../store-context.js';
import { SYM, useTheme, type Tone } from '../theme.js';
import { countAlerts } from '../../store/selectors.js';
import { nodeStateText } from '../panes/nodes/rows.js';

export function Header({ width, view, readonly }: { width: number; view: string; readonly: boolean }) {
  const theme = useTheme();
  const now = Math.floor(useNow() / 1000) * 1000;
  const s = useVd(useShallow((s) => ({ name: s.cluster.name, crm: s.cluster.crm, pf: s.cluster.fresh['pacemaker'], readonly: s.readonly, alerts: s.alerts, nodeOrder: s.nodeOrder, nodes: s.nodes })));
  const pf = freshnessOf(s.pf, now);
  const pLive = pf.state === 'live';
  const q = s.crm?.summary.withQuorum;
  const quorum: { text: string; tone: Tone } = q === undefined ? { text: 'quorum ?', tone: 'muted' } : q ? { text: `quorum ${SYM.ok} yes`, tone: 'ok' } : { text: `${SYM.down} NO QUORUM`, tone: 'crit' };
  const c = countAlerts(s.alerts).unacked;
  const ro = readonly || s.readonly;
  const narrow = width < 120;
  // Node strip: words when there is room, symbols + age otherwise.
  const compact = width < s.nodeOrder.length * 30;
  const banner = ro ? ' READ-ONLY ' : width >= 120 ? ' PRODUCTION · actions enabled ' : ' PRODUCTION ';
  const seg = (text: string, tone?: Tone) => <Text {...theme.tone(pLive ? tone : 'stale')}>{text}</Text>;
  return (
    <Box flexDirection="column" width={width}>
      <Box width={width}>
        <Box width={Math.max(1, width - banner.length)} flexShrink={0}>
        <Text wrap="truncate">
          <Text bold={theme.color} {...theme.tone('accent')}>
            virtdeck
          </Text>
          {' '}
          <Text bold>{s.name}</Text>
          {' │ '}
          {seg(narrow && q ? `quorum ${SYM.ok}` : quorum.text, quorum.tone)}
          {' │ '}
          {seg(`DC ${s.crm?.summary.dcName ?? '?'}`)}
          {pLive ? '' : <Text {...theme.tone('warn')}>{` ${SYM.warn} cluster status stale ${formatAge(pf.ageMs)}`}</Text>}
          {' │ '}
          <Text {...theme.tone(c.critical ? 'crit' : 'muted')}>{narrow ? `${SYM.down}${c.critical}` : `${SYM.down} ${c.critical} crit`}</Text> <Text {...theme.tone(c.warning ? 'warn' : 'muted')}>{narrow ? `${SYM.warn}${c.warning}` : `${SYM.warn} ${c.warning} warn`}</Text>{' '}
          <Text {...theme.tone('muted')}>{narrow ? `${SYM.info}${c.info}` : `${SYM.info} ${c.info}`}</Text>
          {' │ '}
          <Text {...theme.tone('muted')}>{view}</Text>
        </Text>
        </Box>
        <Text inverse={theme.color} {...theme.tone(ro ? 'info' : 'warn')}>
          {banner}
        </Text>
      </Box>
      <Text wrap="truncate">
        {s.nodeOrder.map((n, i) => {
          const node = s.nodes[n];
          const unreachable = node?.conn.status === 'down';
          const crm = s.crm?.nodes.find((x) => x.name === n);
          const st = nodeStateText(crm, unreachable);
          const nf = node ? nodeFreshSummary(node, now) : undefined;
          const stale = !nf || nf.state !== 'live';
          const age = unreachable ? ` ${formatAge(nf?.ageMs)}` : !nf || nf.state === 'live' ? ` ${formatAge(nf?.ageMs)}` : compact && nf.state === 'stale' ? ` ${SYM.warn}${formatAge(nf.ageMs)}` : nf.state === 'stale' ? ` ${SYM.warn} stale ${formatAge(nf.ageMs)}` : nf.state === 'error' ? ` ${SYM.down} error ${formatAge(nf.ageMs)}` : ` … ${formatAge(nf.ageMs)}`;
          const label = unreachable ? `${SYM.down} DOWN` : compact && st.tone === 'ok' ? SYM.ok : compact ? st.text.replace('standby', 'stby').replace('maintenance', 'maint') : st.text;
          return (
            <Text key={n}>
              {i ? '  ' : ''}
              <Text bold>{n}</Text> <Text {...theme.tone(unreachable ? 'crit' : stale ? 'stale' : st.tone)}>{label}</Text>
              <Text {...theme.tone(stale ? 'warn' : 'muted')}>{age}</Text>
            </Text>
          );
        })}
      </Text>
    </Box>
  );
}
