// Names that come from the cluster or the user are validated before they reach any command.
// Quoting already makes injection impossible; validation makes mistakes (and hostile names)
// fail early with a message naming the thing.

export class InvalidNameError extends Error {
  constructor(
    readonly what: string,
    readonly value: string,
    reason: string,
  ) {
    super(`invalid ${what} ${JSON.stringify(value)}: ${reason}`);
    this.name = 'InvalidNameError';
  }
}

const check = (what: string, re: RegExp, max: number, rule: string) => (v: string): string => {
  if (typeof v !== 'string' || v.length === 0) throw new InvalidNameError(what, String(v), 'empty');
  if (v.length > max) throw new InvalidNameError(what, v, `longer than ${max} characters`);
  if (!re.test(v)) throw new InvalidNameError(what, v, rule);
  return v;
};

/** Host names (RFC 1123 labels) — also ssh config Host aliases. */
export const nodeName = check(
  'node name',
  /^[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?)*$/,
  253,
  'must be a host name (letters, digits, "-", "_", ".")',
);

/** libvirt domain names: we accept the safe subset used in practice (no '/', no spaces). */
export const domainName = check('VM name', /^[A-Za-z0-9][A-Za-z0-9_.+-]*$/, 200, 'may contain letters, digits, "_", ".", "+", "-" and must start with a letter or digit');

/** Pacemaker XML IDs (NCName-like); clone instances carry ":N". */
export const resourceId = check('resource id', /^[A-Za-z_][A-Za-z0-9_.-]*(?::\d+)?$/, 200, 'must be an XML ID (letters, digits, "_", ".", "-"; starts with a letter or "_")');

/** Block device paths such as /dev/disk/by-id/… or /dev/mapper/… */
export const devicePath = check('device path', /^\/dev\/[A-Za-z0-9_.:@+\/-]+$/, 4096, 'must be an absolute /dev path without spaces or shell characters');

/** Absolute file paths (config, XML). No "..", no control characters. */
export const filePath = (v: string): string => {
  check('file path', /^\/[^\0\n\r]*$/, 4096, 'must be an absolute path')(v);
  if (v.split('/').includes('..')) throw new InvalidNameError('file path', v, 'must not contain ".."');
  return v;
};

export const isValid = (f: (v: string) => string, v: string): boolean => {
  try {
    f(v);
    return true;
  } catch {
    return false;
  }
};
