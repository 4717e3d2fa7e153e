// `auth0-mcp login` keeps the product's own application credentials in the user's config folder, one whole source per
// tenant: the sign-in domain, the canonical domain the Management API lives on, and the credentials, always together.
// The folder is the user's only (0700), the file too (0600), and neither is ever reached through a symlink: a link
// planted there could otherwise send the secret to a file someone else reads, or read credentials someone else wrote.

import { constants } from 'node:fs';
import { chmod, lstat, mkdir, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../files/atomic-write';
import { UserError } from '../plan/types';
import { fileRestoreJournal, type RestoreJournal } from './restore-journal';

export interface StoredLogin {
  /** Where users sign in (custom or canonical). */
  domain: string;
  /** The canonical *.auth0.com host the Management API and its tokens live on. */
  managementHost: string;
  clientId: string;
  clientSecret: string;
  /** The product's own application (made from a pasted token) rather than credentials the user brought. */
  ownApp: boolean;
  applicationName?: string;
  /** AUTH0_MCP_MANAGEMENT_ORIGIN when the login was made through one (a proxy, the tests' stand-in). */
  origin?: string;
  savedAt: string;
}

interface LoginFile {
  version: 1;
  tenants: Record<string, StoredLogin>;
}

const FILE = 'credentials.json';
const MAX_BYTES = 1024 * 1024;

/** XDG_CONFIG_HOME/auth0-mcp, else $HOME/.config/auth0-mcp; undefined when the environment names neither. */
export function configFolder(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const xdg = env.XDG_CONFIG_HOME?.trim();
  if (xdg) return join(xdg, 'auth0-mcp');
  const home = (env.HOME ?? env.USERPROFILE)?.trim();
  return home ? join(home, '.config', 'auth0-mcp') : undefined;
}

function refuseLink(path: string): UserError {
  return new UserError(
    `${path} is a symbolic link; the product never reads or writes credentials through one.`,
    `Remove the link (and check who made it), then run "auth0-mcp login" again.`,
    'unsafe_path',
  );
}

export class LoginStore {
  constructor(readonly folder: string) {}

  get path(): string {
    return join(this.folder, FILE);
  }

  /** The journal of the product's own applications on `host` (their creation is recorded before it happens). */
  journal(host: string): RestoreJournal {
    return fileRestoreJournal(join(this.folder, `restore-${host.replace(/[^a-z0-9.-]/gi, '_')}.jsonl`), host);
  }

  async all(): Promise<Record<string, StoredLogin>> {
    return (await this.read()).tenants;
  }

  async get(host: string): Promise<StoredLogin | undefined> {
    return (await this.read()).tenants[host];
  }

  async save(login: StoredLogin): Promise<void> {
    await this.ensureFolder();
    const file = await this.read();
    file.tenants[login.managementHost] = login;
    await this.write(file);
  }

  /** Forgets one tenant's login; the file goes when it holds no other. */
  async forget(host: string): Promise<boolean> {
    const file = await this.read();
    if (!file.tenants[host]) return false;
    delete file.tenants[host];
    if (Object.keys(file.tenants).length) await this.write(file);
    else await rm(this.path, { force: true });
    return true;
  }

  /** The folder exists, is a real folder (not a link) and only its owner can enter it. */
  async ensureFolder(): Promise<void> {
    const info = await lstat(this.folder).catch(() => undefined);
    if (info?.isSymbolicLink()) throw refuseLink(this.folder);
    if (!info) await mkdir(this.folder, { recursive: true, mode: 0o700 });
    if (process.platform !== 'win32') await chmod(this.folder, 0o700);
  }

  private async write(file: LoginFile): Promise<void> {
    const info = await lstat(this.path).catch(() => undefined);
    if (info?.isSymbolicLink()) throw refuseLink(this.path);
    // Temporary file + rename: the rename replaces the name itself, it never writes through whatever it pointed at.
    await writeFileAtomic(this.path, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
    if (process.platform !== 'win32') await chmod(this.path, 0o600);
  }

  private async read(): Promise<LoginFile> {
    const folderInfo = await lstat(this.folder).catch(() => undefined);
    if (!folderInfo) return { version: 1, tenants: {} };
    if (folderInfo.isSymbolicLink()) throw refuseLink(this.folder);
    const handle = await open(this.path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0)).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      if (error.code === 'ELOOP') throw refuseLink(this.path);
      throw error;
    });
    if (!handle) return { version: 1, tenants: {} };
    try {
      const { size } = await handle.stat();
      if (size > MAX_BYTES)
        throw new UserError(`${this.path} is larger than a credentials file can be.`, 'Delete it and run "auth0-mcp login" again.', 'credentials_file_invalid');
      const parsed = JSON.parse(await handle.readFile('utf8')) as Partial<LoginFile>;
      const tenants = parsed?.version === 1 && parsed.tenants && typeof parsed.tenants === 'object' ? parsed.tenants : {};
      return { version: 1, tenants: Object.fromEntries(Object.entries(tenants).filter(([, l]) => isLogin(l))) };
    } catch (error) {
      if (error instanceof UserError) throw error;
      throw new UserError(
        `${this.path} is not a credentials file the product wrote.`,
        'Delete it and run "auth0-mcp login" again.',
        'credentials_file_invalid',
      );
    } finally {
      await handle.close();
    }
  }
}

function isLogin(value: unknown): value is StoredLogin {
  const l = value as StoredLogin;
  return (
    Boolean(l) && typeof l.domain === 'string' && typeof l.managementHost === 'string' && typeof l.clientId === 'string' && typeof l.clientSecret === 'string'
  );
}
