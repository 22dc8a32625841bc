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

/** True when a "/"-separated path has a ".." component (it could climb out of /dev or any base). */
const hasDotDot = (v: string): boolean => v.split('/').includes('..');

/** Block device paths such as /dev/disk/by-id/… or /dev/mapper/… */
export const devicePath = (v: string): string => {
  check('device path', /^\/dev\/[A-Za-z0-9_.:@+\/-]+$/, 4096, 'must be an absolute /dev path without spaces or shell characters')(v);
  if (hasDotDot(v)) throw new InvalidNameError('device path', v, 'must not contain a ".." component');
  return v;
};

/** Whitespace and the characters a POSIX shell gives a meaning (quoting makes them safe; we still refuse them). */
const FILE_PATH_REFUSED = /[\s;&|$`'"<>(){}*?![\]~\\#]/u;

/** Names one character for an error message: printable ones as themselves, others as U+XXXX. */
const showChar = (c: string): string => {
  const code = c.codePointAt(0) ?? 0;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return code > 0x20 && !(code >= 0x7f && code <= 0x9f) && !/\s/u.test(c) ? `"${c}" (${hex})` : hex;
};

/**
 * Absolute file paths (config, XML, temp files on a node). libvirt/pacemaker paths in practice
 * are plain, so refused: "..", control characters (C0, DEL, C1), whitespace, shell metacharacters.
 */
export const filePath = (v: string): string => {
  check('file path', /^\//, 4096, 'must be an absolute path')(v);
  const control = /[\u0000-\u001f\u007f-\u009f]/.exec(v);
  if (control) throw new InvalidNameError('file path', v, `must not contain control characters (found ${showChar(control[0])})`);
  const meta = FILE_PATH_REFUSED.exec(v);
  if (meta) throw new InvalidNameError('file path', v, `must not contain whitespace or shell metacharacters ;&|$\`'"<>(){}*?![]~\\# (found ${showChar(meta[0])})`);
  if (hasDotDot(v)) throw new InvalidNameError('file path', v, 'must not contain a ".." component');
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
