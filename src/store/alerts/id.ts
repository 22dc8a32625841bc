export const alertId = (rule: string, node: string | undefined, subject: string): string => (node ? `${rule}:${node}:${subject}` : `${rule}:${subject}`);
