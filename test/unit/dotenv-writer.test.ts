import { describe, expect, it } from 'vitest';
import { parseDotenv } from '../../src/core/config/dotenv';
import { updateDotenv } from '../../src/core/config/dotenv-writer';

const desired = { AUTH0_DOMAIN: 't.us.auth0.com', AUTH0_RESOURCE_SERVER_URL: 'https://a.ngrok.app' };

describe('.env writer', () => {
  it('creates the file content when there is no file', () => {
    const edit = updateDotenv(undefined, desired);
    expect(edit.text).toBe('AUTH0_DOMAIN=t.us.auth0.com\nAUTH0_RESOURCE_SERVER_URL=https://a.ngrok.app\n');
    expect(edit.changes.map((c) => [c.field, c.current])).toEqual([
      ['AUTH0_DOMAIN', undefined],
      ['AUTH0_RESOURCE_SERVER_URL', undefined],
    ]);
  });

  it('keeps every other line, comment and blank line, and appends what is missing', () => {
    const before = '# my server\nPORT=3000\n\nAUTH0_DOMAIN=old.auth0.com # tenant\nSECRET="a b"\n';
    const edit = updateDotenv(before, desired);
    expect(edit.text).toBe('# my server\nPORT=3000\n\nAUTH0_DOMAIN=t.us.auth0.com # tenant\nSECRET="a b"\nAUTH0_RESOURCE_SERVER_URL=https://a.ngrok.app\n');
    expect(edit.changes).toEqual([
      { field: 'AUTH0_DOMAIN', current: 'old.auth0.com', desired: 't.us.auth0.com' },
      { field: 'AUTH0_RESOURCE_SERVER_URL', current: undefined, desired: 'https://a.ngrok.app' },
    ]);
  });

  it("keeps a replaced line's inline comment, after an unquoted or a quoted value", () => {
    const edit = updateDotenv('AUTH0_DOMAIN=old.auth0.com   # prod tenant, ask Ana\nAUTH0_RESOURCE_SERVER_URL="https://old" # the tunnel\n', desired);
    expect(edit.text).toBe('AUTH0_DOMAIN=t.us.auth0.com   # prod tenant, ask Ana\nAUTH0_RESOURCE_SERVER_URL="https://a.ngrok.app" # the tunnel\n');
    expect(parseDotenv(edit.text).values).toEqual(desired);
  });

  it('keeps CRLF line endings', () => {
    const edit = updateDotenv('A=1\r\nAUTH0_DOMAIN=x.auth0.com\r\n', { AUTH0_DOMAIN: 't.us.auth0.com' });
    expect(edit.text).toBe('A=1\r\nAUTH0_DOMAIN=t.us.auth0.com\r\n');
  });

  it('keeps the quote style and export prefix of the line it changes', () => {
    const edit = updateDotenv(`export AUTH0_DOMAIN='x.auth0.com'\nAUTH0_RESOURCE_SERVER_URL="https://old"\n`, desired);
    expect(edit.text).toBe(`export AUTH0_DOMAIN='t.us.auth0.com'\nAUTH0_RESOURCE_SERVER_URL="https://a.ngrok.app"\n`);
    expect(parseDotenv(edit.text).values).toMatchObject(desired);
  });

  it('updates every duplicate of a key, so no copy disagrees', () => {
    const edit = updateDotenv('AUTH0_DOMAIN=a.auth0.com\nX=1\nAUTH0_DOMAIN=b.auth0.com\n', { AUTH0_DOMAIN: 't.us.auth0.com' });
    expect(edit.text).toBe('AUTH0_DOMAIN=t.us.auth0.com\nX=1\nAUTH0_DOMAIN=t.us.auth0.com\n');
  });

  it('changes nothing when the values already match', () => {
    const text = '# ok\nAUTH0_DOMAIN=t.us.auth0.com\nAUTH0_RESOURCE_SERVER_URL=https://a.ngrok.app';
    const edit = updateDotenv(text, desired);
    expect(edit.changes).toEqual([]);
    expect(edit.text).toBe(text);
  });

  it('adds a newline before appending to a file without a final newline, and keeps a BOM', () => {
    const edit = updateDotenv('\uFEFFPORT=3000', { AUTH0_DOMAIN: 't.us.auth0.com' });
    expect(edit.text).toBe('\uFEFFPORT=3000\nAUTH0_DOMAIN=t.us.auth0.com\n');
  });

  it('replaces a multi-line quoted value as one entry', () => {
    const edit = updateDotenv('AUTH0_DOMAIN="line1\nline2"\nB=2\n', { AUTH0_DOMAIN: 't.us.auth0.com' });
    expect(edit.text).toBe('AUTH0_DOMAIN="t.us.auth0.com"\nB=2\n');
  });
});
