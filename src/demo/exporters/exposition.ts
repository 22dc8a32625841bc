// Prometheus text exposition format (version 0.0.4): families with HELP and TYPE, one line per
// sample, label values escaped as the format requires. Written straight into one string array
// per scrape: a 20-node cluster's exporters print tens of thousands of lines a scrape.

export type MetricType = 'gauge' | 'counter';

export class Exposition {
  private readonly lines: string[] = [];

  family(name: string, type: MetricType, help: string): this {
    this.lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    return this;
  }

  sample(name: string, labels: Record<string, string> | undefined, value: number): this {
    const l = labels ? Object.entries(labels) : [];
    const set = l.length ? `{${l.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}` : '';
    this.lines.push(`${name}${set} ${formatValue(value)}`);
    return this;
  }

  text(): string {
    return `${this.lines.join('\n')}\n`;
  }
}

const escapeLabel = (v: string): string => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}
