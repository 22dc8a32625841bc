import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findJsonError } from './json-error.js';
import { loadConfig } from './load.js';
import { ConfigError } from './schema.js';

describe('findJsonError: where JSON is broken, as line and column', () => {
  it.each([
    ['{\n  "a": 1\n  "b": 2\n}', 3, 3, 'expected "," or "}", found "\\""'],
    ['{"nodes": ["x",]}', 1, 16, 'expected a value, found "]"'],
    ['{"a": 1,}', 1, 9, 'expected a "quoted" key, found "}"'],
    ['{\n\t"a": tru\n}', 2, 10, 'expected "true", found "\\n"'],
    ['{"a": "x\ny"}', 1, 9, 'expected no control character inside a string (a line break must be written \\n), found "\\n"'],
    ['{"a": 01}', 1, 8, 'expected "," or "}", found "1"'],
    ['{"a": [1, 2}', 1, 12, 'expected "," or "]", found "}"'],
    ['{"a": 1', 1, 8, 'expected "," or "}", found end of file'],
    ['{} {}', 1, 4, 'expected end of file after the value, found "{"'],
    ['// c\n{}', 1, 1, 'expected a value, found "/"'],
    ['{"a": "\\x"}', 1, 9, 'expected an escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX), found "x"'],
  ])('%j', (text, line, column, message) => {
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
    expect(findJsonError(text)).toMatchObject({ line, column, message });
  });
  it('valid JSON (what JSON.parse accepts) has no error', () => {
    for (const t of ['{}', '[]', '"x"', '-1.5e+3', ' {"a": [true, false, null, "\\u00e9\\n"]} \n', '{"é": "ü"}']) {
      expect(() => JSON.parse(t)).not.toThrow();
      expect(findJsonError(t)).toBeUndefined();
    }
  });
});

describe('loadConfig: a JSON syntax error names the file, line and column', () => {
  let dir: string | undefined;
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));
  it('not "position 45"', () => {
    dir = mkdtempSync(join(tmpdir(), 'vd-json-'));
    const f = join(dir, 'config.json');
    writeFileSync(f, '{\n  "clusters": {\n    "a": { "nodes": ["x"] }\n    "b": {}\n  }\n}\n');
    chmodSync(f, 0o600);
    let err: unknown;
    try {
      loadConfig(f, {});
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toBe(`config error in ${f}: invalid JSON at line 4, column 5: expected "," or "}", found "\\""`);
    expect((err as Error).message).not.toMatch(/position/);
  });
});
