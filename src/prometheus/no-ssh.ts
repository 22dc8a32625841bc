// Why a cluster read from Prometheus has no actions: its own module, so the console can say it
// without loading the Prometheus backend into every session.
import { NOT_FROM_PROMETHEUS } from '../store/freshness.js';

export const NO_SSH = `${NOT_FROM_PROMETHEUS}: no SSH nodes configured for this cluster (give its context \`nodes\` for live detail and actions)`;

/** A cluster read from Prometheus whose context has SSH nodes: details are read over SSH on demand, actions are not. */
export const ACTIONS_NEED_LIVE_SSH = 'read from Prometheus (details over SSH on demand): actions run from the live SSH console (L in :fleet, :ctx with its context, or virtdeck without --prometheus)';
