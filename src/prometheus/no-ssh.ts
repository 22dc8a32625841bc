// Why a cluster read from Prometheus has no actions: its own module, so the console can say it
// without loading the Prometheus backend into every session.
import { NOT_FROM_PROMETHEUS } from '../store/freshness.js';

export const NO_SSH = `${NOT_FROM_PROMETHEUS}: no SSH to this cluster (give the context \`nodes\` for live detail and actions)`;
