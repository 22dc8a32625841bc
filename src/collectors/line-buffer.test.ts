import { describe, expect, it } from 'vitest';
import { LineBuffer } from './line-buffer.js';

describe('LineBuffer', () => {
  it('joins lines cut across chunks and keeps the partial tail', () => {
    const b = new LineBuffer(100);
    expect(b.push('ab')).toEqual({ lines: [] });
    expect(b.push('c\nde\nf')).toEqual({ lines: ['abc', 'de'] });
    expect(b.push('\n\n')).toEqual({ lines: ['f', ''] });
  });
  it('passes complete lines of any length on; only the pending partial line is bounded', () => {
    const b = new LineBuffer(4);
    expect(b.push('123456789\n1234')).toEqual({ lines: ['123456789'] });
    expect(b.push('5')).toEqual({ lines: [], dropped: '12345' });
  });
  it('drops the rest of an overlong line across chunks, then resumes at the next line', () => {
    const b = new LineBuffer(4);
    expect(b.push('xxxxxx')).toEqual({ lines: [], dropped: 'xxxxxx' });
    expect(b.push('yyyyyyyyyy')).toEqual({ lines: [] });
    expect(b.push('yy\nok\npart')).toEqual({ lines: ['ok'] });
    expect(b.push('\n')).toEqual({ lines: ['part'] });
  });
  it('reset forgets the partial line and any skipping', () => {
    const b = new LineBuffer(4);
    b.push('half');
    b.reset();
    expect(b.push('new\n')).toEqual({ lines: ['new'] });
    b.push('toolong');
    b.reset();
    expect(b.push('a\n')).toEqual({ lines: ['a'] });
  });
});
