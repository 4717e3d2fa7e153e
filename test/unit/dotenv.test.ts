import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDotenv, readDotenvFile } from '../../src/core/config/dotenv';

describe('parseDotenv', () => {
  it('reads plain, quoted, exported and commented entries', () => {
    const { values } = parseDotenv(
      [
        '# a comment',
        'AUTH0_DOMAIN=tenant.us.auth0.com',
        'export AUTH0_CLIENT_ID = abc123  # inline comment',
        'SECRET="p#ss word"',
        "SINGLE='$literal \\n'",
        'BACKTICK=`back`',
        'HASH=a#b',
        'EMPTY=',
        'ESCAPES="line1\\nline2\\t\\"q\\""',
        '',
      ].join('\n'),
    );
    expect(values).toEqual({
      AUTH0_DOMAIN: 'tenant.us.auth0.com',
      AUTH0_CLIENT_ID: 'abc123',
      SECRET: 'p#ss word',
      SINGLE: '$literal \\n',
      BACKTICK: 'back',
      HASH: 'a#b',
      EMPTY: '',
      ESCAPES: 'line1\nline2\t"q"',
    });
  });

  it('handles CRLF files and remembers the line ending', () => {
    const parsed = parseDotenv('A=1\r\nB="two"\r\n');
    expect(parsed.values).toEqual({ A: '1', B: 'two' });
    expect(parsed.eol).toBe('\r\n');
    expect(parsed.lines).toEqual(['A=1', 'B="two"']);
  });

  it('lets the last duplicate win and strips a byte-order mark', () => {
    expect(parseDotenv('\uFEFFA=1\nA=2\n').values).toEqual({ A: '2' });
  });

  it('keeps line information for a writer: kinds, spans, quotes and export prefixes', () => {
    const parsed = parseDotenv('# top\n\nexport A="x"\nB=\'multi\nline\'\nnot a line\nC=3 # c\n');
    expect(parsed.items).toEqual([
      { kind: 'comment', start: 0, end: 0 },
      { kind: 'blank', start: 1, end: 1 },
      { kind: 'entry', start: 2, end: 2, key: 'A', value: 'x', quote: '"', exported: true, comment: '' },
      { kind: 'entry', start: 3, end: 4, key: 'B', value: 'multi\nline', quote: "'", exported: false, comment: '' },
      { kind: 'invalid', start: 5, end: 5, reason: 'expected KEY=VALUE' },
      { kind: 'entry', start: 6, end: 6, key: 'C', value: '3', quote: '', exported: false, comment: ' # c' },
    ]);
  });

  it('marks an unterminated quote invalid instead of swallowing the rest of the file', () => {
    const parsed = parseDotenv('A="open\nB=2\n');
    expect(parsed.items[0]).toMatchObject({ kind: 'invalid', reason: 'unterminated " quote' });
    expect(parsed.values).toEqual({ B: '2' });
  });

  it('rejects text after a closing quote', () => {
    expect(parseDotenv('A="x" y\n').items[0].kind).toBe('invalid');
  });
});

describe('readDotenvFile', () => {
  it('reads .env from a directory and treats a missing file as absent', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dotenv-'));
    try {
      expect(await readDotenvFile(dir)).toBeUndefined();
      await writeFile(join(dir, '.env'), 'AUTH0_DOMAIN=x.auth0.com\n');
      expect((await readDotenvFile(dir))?.values).toEqual({ AUTH0_DOMAIN: 'x.auth0.com' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
