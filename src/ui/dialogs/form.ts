// The input form of the action dialog (vm create, fence node): fields as data and pure edits.
// A field's id is the grammar value it fills, so the form's values go to the same checks as
// `virtdeck vm create …` (the bridge), and a check's error comes back naming its field.
import type { FormKind } from '../../actions/registry.js';
import { PROFILES } from '../../profiles/profiles.js';
import type { VdState } from '../../store/types.js';
import type { ActionRequest, DialogState, InputError } from './plan.js';
import { migrateDestinations } from './pick.js';

export interface FormChoice {
  value: string;
  /** Shown after the value (profile description, node memory). */
  detail?: string;
}

export interface FormField {
  id: string;
  label: string;
  /** Text, or the chosen choice's value. */
  value: string;
  /** A choice field (←/→ cycle); text otherwise. */
  choices?: FormChoice[];
  required?: boolean;
  /** Muted hint after a text field's value. */
  help?: string;
  /** Edited by the operator (profile changes no longer overwrite it). */
  touched?: boolean;
}

export type { FormKind };

export interface FormState {
  kind: FormKind;
  title: string;
  /** Lines above the fields (what the action does). */
  intro: string[];
  fields: FormField[];
  /** Focused field. */
  index: number;
  /** The parser's (or a required field's) complaint; `field` places it under that field. */
  error?: { field?: string; message: string };
  /** vm.create: per node, its multipath maps and bridges (hints for Disks / Networks). */
  nodeInfo?: Record<string, { maps: string[]; bridges: string[] }>;
}

export const CLUSTER_CHOICES: FormChoice[] = [
  { value: 'auto', detail: 'register with Pacemaker when it already manages VMs' },
  { value: 'yes', detail: 'register a VirtualDomain resource (--cluster)' },
  { value: 'no', detail: 'define only; start it with vm start (--no-cluster)' },
];

const profileChoices = (): FormChoice[] =>
  Object.values(PROFILES).map((p) => ({ value: p.id, detail: `${p.defaults.vcpus} vCPU, ${p.defaults.memoryMiB} MiB · ${p.description}` }));

/** The create form: node choices are the active members, `preferredNode` (the selected VM's) first pick. */
export function createForm(s: VdState, preferredNode?: string): FormState {
  const nodes = migrateDestinations(s, []);
  const node = nodes.find((c) => c.node === preferredNode)?.node ?? nodes[0]?.node ?? '';
  const profile = PROFILES.generic;
  const nodeInfo: FormState['nodeInfo'] = {};
  for (const c of nodes) {
    const n = s.nodes[c.node];
    nodeInfo[c.node] = { maps: (n?.multipath ?? []).map((m) => m.name).sort(), bridges: (n?.nics ?? []).map((x) => x.iface).filter((i) => /^(br|vmbr|virbr)/.test(i)).sort() };
  }
  return {
    kind: 'vm.create',
    title: 'Create VM',
    // intro lines fit 76 columns (an 80-column dialog)
    intro: ['Defines the VM from a profile; Pacemaker-managed: on every active node.'],
    fields: [
      { id: 'name', label: 'Name', value: '', required: true, help: 'letters, digits, _ . + -' },
      { id: 'profile', label: 'Profile', value: profile.id, choices: profileChoices() },
      { id: 'node', label: 'Node', value: node, choices: nodes.map((c) => ({ value: c.node, detail: c.detail })) },
      { id: 'vcpus', label: 'vCPUs', value: String(profile.defaults.vcpus), help: 'profile default' },
      { id: 'memory', label: 'Memory MiB', value: String(profile.defaults.memoryMiB), help: 'profile default' },
      { id: 'disks', label: 'Disks', value: '', help: '/dev/mapper/… paths, space or comma separated' },
      { id: 'networks', label: 'Networks', value: '', help: 'bridges, space or comma separated' },
      { id: 'cluster', label: 'Cluster', value: 'auto', choices: CLUSTER_CHOICES },
    ],
    index: 0,
    nodeInfo,
  };
}

export function fenceForm(node: string): FormState {
  return {
    kind: 'fence.node',
    title: `Fence node ${node}`,
    intro: [`${node} is powered off or rebooted by its fence device:`, 'everything running on it dies at once.', 'The reason goes to the audit log; then the plan; type the node to confirm.'],
    fields: [{ id: 'reason', label: 'Reason', value: '', required: true, help: 'why (ticket, symptom)' }],
    index: 0,
  };
}

export const fieldValue = (f: FormState, id: string): string => f.fields.find((x) => x.id === id)?.value ?? '';
const focused = (f: FormState): FormField | undefined => f.fields[f.index];

/** The hint shown after a field: static help, or what the chosen node offers. */
export function fieldHint(f: FormState, field: FormField): string | undefined {
  const info = f.nodeInfo?.[fieldValue(f, 'node')];
  if (field.id === 'disks' && info?.maps.length) return `${field.help} · maps: ${info.maps.join(' ')}`;
  if (field.id === 'networks' && info?.bridges.length) return `${field.help} · on node: ${info.bridges.join(' ')}`;
  if ((field.id === 'vcpus' || field.id === 'memory') && field.touched) return undefined;
  return field.help;
}

export const moveFocus = (f: FormState, delta: number): FormState => ({ ...f, index: (f.index + delta + f.fields.length) % f.fields.length });

function setField(f: FormState, id: string, patch: Partial<FormField>): FormState {
  const next: FormState = { ...f, fields: f.fields.map((x) => (x.id === id ? { ...x, ...patch } : x)) };
  // Editing the field the error is about clears the error.
  if (f.error && (f.error.field === id || f.error.field === undefined)) delete next.error;
  return next;
}

/** After a profile change: sizes the operator did not type follow the profile's defaults. */
function profileChanged(f: FormState): FormState {
  const p = Object.values(PROFILES).find((x) => x.id === fieldValue(f, 'profile'));
  if (!p) return f;
  return {
    ...f,
    fields: f.fields.map((x) => (x.id === 'vcpus' && !x.touched ? { ...x, value: String(p.defaults.vcpus) } : x.id === 'memory' && !x.touched ? { ...x, value: String(p.defaults.memoryMiB) } : x)),
  };
}

/** ←/→ on a choice field. */
export function cycleChoice(f: FormState, delta: number): FormState {
  const field = focused(f);
  if (!field?.choices?.length) return f;
  const i = field.choices.findIndex((c) => c.value === field.value);
  const n = field.choices.length;
  const next = setField(f, field.id, { value: field.choices[(i + delta + n) % n]!.value });
  return field.id === 'profile' ? profileChanged(next) : next;
}

/** A printable character: appended to a text field; on a choice field, space steps to the next
 *  choice and a letter jumps to the next choice starting with it. */
export function typeChar(f: FormState, ch: string): FormState {
  const field = focused(f);
  if (!field) return f;
  if (!field.choices) return setField(f, field.id, { value: field.value + ch, touched: true });
  if (ch === ' ') return cycleChoice(f, 1);
  const n = field.choices.length;
  const i = field.choices.findIndex((c) => c.value === field.value);
  for (let k = 1; k <= n; k++) {
    const c = field.choices[(i + k) % n]!;
    if (c.value.toLowerCase().startsWith(ch.toLowerCase())) {
      const next = setField(f, field.id, { value: c.value });
      return field.id === 'profile' ? profileChanged(next) : next;
    }
  }
  return f;
}

export function backspace(f: FormState): FormState {
  const field = focused(f);
  if (!field || field.choices || !field.value) return f;
  return setField(f, field.id, { value: field.value.slice(0, -1), touched: true });
}

/** The error to show instead of planning: an empty required field, a choice without choices. */
export function missingInput(f: FormState): FormState['error'] | undefined {
  for (const x of f.fields) {
    if (x.choices && x.choices.length === 0) return { field: x.id, message: x.id === 'node' ? 'no online, non-standby, reachable node to create the VM on' : `${x.label}: nothing to choose from` };
    if (x.required && !x.value.trim()) return { field: x.id, message: `${x.label} is required${x.id === 'reason' ? ' (it goes to the audit log)' : ''}` };
  }
  return undefined;
}

/** The form's text by field id: what the request carries (the bridge checks it with the grammar). */
export const formValues = (f: FormState): Record<string, string> => Object.fromEntries(f.fields.map((x) => [x.id, x.value.trim()]));

/** Enter in the form: a required field's complaint, or the request to plan (the form kept,
 *  without its error, so the operator can come back to it). */
export function submitForm(d: DialogState): { error: NonNullable<FormState['error']> } | { request: ActionRequest; form: FormState } {
  const form = d.form!;
  const missing = missingInput(form);
  if (missing) return { error: missing };
  const { error: _e, ...clean } = form;
  return { request: { ...d.request, values: formValues(form) }, form: clean };
}

/** A planning request rejected as wrong input: back to the form, values kept, the message under
 *  its field (focused), or over the form when it names none. */
export function backToForm(d: DialogState, e: InputError): DialogState {
  if (!d.form) return { ...d, phase: 'failed', error: e.message };
  const at = d.form.fields.findIndex((x) => x.id === e.field);
  const form: FormState = { ...d.form, error: at >= 0 ? { field: e.field!, message: e.message } : { message: e.message }, ...(at >= 0 ? { index: at } : {}) };
  return { ...d, phase: 'form', form };
}
