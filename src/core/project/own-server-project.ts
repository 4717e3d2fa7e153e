// Writes a new own-server project (templates/own-server) into an empty folder, with its .env filled from the values
// the product already knows. It refuses a folder that holds anything, or that is a symbolic link, before writing a
// byte; every file is created exclusively (never over an existing file, never through a link planted meanwhile), and
// a failure part-way removes exactly what this run created.

import { lstat, mkdir, open, readdir, rm, rmdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { parseAuth0Domain } from '../config/domain';
import { updateDotenv } from '../config/dotenv-writer';
import { parsePublicUrl } from '../config/resource-url';
import { UserError } from '../plan/types';
import { TEMPLATE_DEFAULT_PORT, readTemplate, templateDir } from './template';

export interface OwnServerProjectInput {
  folder: string;
  /** AUTH0_DOMAIN: the tenant whose tokens the server accepts. */
  domain?: string;
  /** AUTH0_RESOURCE_SERVER_URL: the Auth0 API identifier (the public URL). Unknown yet: the server uses http://localhost:PORT. */
  resourceUrl?: string;
  port?: number;
  /** Where the template is (tests); default: templates/own-server beside the product. */
  template?: string;
}

export interface OwnServerProject {
  folder: string;
  port: number;
  /** The project's MCP endpoint on this machine: what the Scopes step reads the tools from. */
  localMcpUrl: string;
  /** What .env holds. */
  env: Record<string, string>;
  /** What the user still has to set in .env, each with why. */
  missing: string[];
  files: string[];
}

export async function createOwnServerProject(input: OwnServerProjectInput): Promise<OwnServerProject> {
  const folder = resolve(input.folder);
  const port = input.port ?? TEMPLATE_DEFAULT_PORT;
  const domain = input.domain ? parseAuth0Domain(input.domain).host : undefined;
  const resourceUrl = input.resourceUrl ? parsePublicUrl(input.resourceUrl, 'resource URL').href.replace(/\/$/, '') : undefined;
  const localMcpUrl = `http://127.0.0.1:${port}/mcp`;
  const env: Record<string, string> = {
    ...(domain ? { AUTH0_DOMAIN: domain } : {}),
    ...(resourceUrl ? { AUTH0_RESOURCE_SERVER_URL: resourceUrl } : {}),
    PORT: String(port),
  };
  const files = await readTemplate(input.template ?? templateDir());
  renamePackage(files, basename(folder));
  files.set('.env', dotenvText(env));

  const createdFolder = await claimEmptyFolder(folder);
  const created: string[] = [];
  try {
    for (const [path, text] of files) {
      const target = join(folder, path);
      await makeDirs(folder, dirname(path), created);
      // 'wx': O_CREAT | O_EXCL, which also refuses a symbolic link at the path, dangling or not.
      const handle = await open(target, 'wx', path === '.env' ? 0o600 : 0o644);
      created.push(target);
      try {
        await handle.writeFile(text, 'utf8');
      } finally {
        await handle.close();
      }
    }
  } catch (error) {
    for (const path of created.reverse()) await rm(path, { recursive: false, force: true }).catch(() => rmdir(path).catch(() => undefined));
    if (createdFolder) await rmdir(folder).catch(() => undefined);
    throw error;
  }
  const missing = [
    ...(domain ? [] : ['AUTH0_DOMAIN: your Auth0 tenant domain (the server will not start without it)']),
    ...(resourceUrl ? [] : [`AUTH0_RESOURCE_SERVER_URL: your public https URL, the Auth0 API identifier (until then: http://localhost:${port})`]),
  ];
  return { folder, port, localMcpUrl, env, missing, files: [...files.keys()] };
}

/** The folder must not exist yet, or be an empty directory that is not a link. Returns whether it was created here. */
async function claimEmptyFolder(folder: string): Promise<boolean> {
  const stat = await lstat(folder).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (!stat) {
    await mkdir(dirname(folder), { recursive: true });
    await mkdir(folder);
    return true;
  }
  if (stat.isSymbolicLink()) {
    throw new UserError(`${folder} is a symbolic link.`, 'Choose a real, empty folder (or a new one) for the project.', 'folder_not_empty');
  }
  if (!stat.isDirectory())
    throw new UserError(`${folder} is a file, not a folder.`, 'Choose an empty folder (or a new one) for the project.', 'folder_not_empty');
  const entries = await readdir(folder);
  if (entries.length > 0) {
    const shown = entries.slice(0, 3).join(', ') + (entries.length > 3 ? ', …' : '');
    throw new UserError(
      `${folder} is not empty (${shown}): nothing was written.`,
      'Choose an empty folder, or a new one: the project never overwrites files.',
      'folder_not_empty',
    );
  }
  return false;
}

/** Creates each missing directory of `relativeDir` inside the project, one level at a time (mkdir never follows a link). */
async function makeDirs(root: string, relativeDir: string, created: string[]): Promise<void> {
  let dir = root;
  for (const part of relativeDir === '.' ? [] : relativeDir.split(/[\\/]/)) {
    dir = join(dir, part);
    const stat = await lstat(dir).catch(() => undefined);
    if (stat?.isDirectory() && created.includes(dir)) continue;
    await mkdir(dir); // EEXIST for anything this run did not create, a planted link included
    created.push(dir);
  }
}

/** The package takes the folder's name when npm accepts it as a package name. */
function renamePackage(files: Map<string, string>, folderName: string): void {
  const name = folderName.toLowerCase();
  if (!/^[a-z0-9][a-z0-9._-]{0,213}$/.test(name)) return;
  for (const file of ['package.json', 'package-lock.json']) {
    const json = JSON.parse(files.get(file)!) as { name: string; packages?: Record<string, { name?: string }> };
    json.name = name;
    if (json.packages?.['']) json.packages[''].name = name;
    files.set(file, `${JSON.stringify(json, null, 2)}\n`);
  }
}

function dotenvText(env: Record<string, string>): string {
  const header = [
    "# Your Auth0 tenant and this server's public URL (the Auth0 API identifier, byte for byte). Git-ignored.",
    '# Written by auth0-mcp init; "Set Up Everything" / auth0-mcp keep AUTH0_DOMAIN and AUTH0_RESOURCE_SERVER_URL in step.',
    '',
  ].join('\n');
  return updateDotenv(header, env).text;
}
