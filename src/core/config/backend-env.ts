// The backend .env step: AUTH0_DOMAIN and AUTH0_RESOURCE_SERVER_URL must match the tenant and the API identifier
// exactly, and the file should be git-ignored (it often holds secrets too).

import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { writeFileAtomic, writeTargetWithin } from '../files/atomic-write';
import { UserError, type StepState } from '../plan/types';
import { updateDotenv, type DotenvEdit } from './dotenv-writer';

export interface BackendEnvInput {
  workspace: string;
  /** Workspace-relative (or absolute) path of the file, from the envFile setting. */
  file: string;
  domain: string | undefined;
  resourceUrl: string | undefined;
}

export interface BackendEnvState {
  path: string;
  /** The workspace the file must stay inside (a link is followed only to a file the user owns in it). */
  workspace: string;
  exists: boolean;
  /** The file as read ('' when missing). */
  originalText: string;
  edit: DotenvEdit;
  /** undefined when git cannot tell (no git, not a repository). */
  gitIgnored: boolean | undefined;
  step: StepState;
}

export async function checkBackendEnv(input: BackendEnvInput): Promise<BackendEnvState> {
  const path = isAbsolute(input.file) ? input.file : resolve(input.workspace, input.file);
  const text = await readText(path);
  const desired = desiredEnv(input);
  const edit = updateDotenv(text, desired ?? {});
  const gitIgnored = await isGitIgnored(input.workspace, path);
  // A .env linked out of the workspace is shown as the problem it is, before anyone is asked to write it.
  const unsafe = edit.changes.length ? await writeTargetWithin(input.workspace, path).then(() => undefined, (e: unknown) => (e instanceof UserError ? e : undefined)) : undefined;
  const step = envStep(input, path, desired, edit, gitIgnored);
  return {
    path,
    workspace: input.workspace,
    exists: text !== undefined,
    originalText: text ?? '',
    edit,
    gitIgnored,
    step: unsafe ? { ...step, status: 'error', summary: 'a link leading out of the workspace', diagnosis: { problem: unsafe.message, fix: unsafe.fix } } : step,
  };
}

export type EnvWriteResult = 'written' | 'unchanged' | 'changed-since-preview';

/**
 * Writes the previewed edit, unless the file changed since the preview (an editor saved it, another tool wrote it):
 * then nothing is written and the caller checks again and shows the new diff. The write replaces the file at once
 * (temporary file + rename); a new file is created readable by its owner only (it often holds secrets). A .env that
 * is a symbolic link is written through only to a file the user owns inside the workspace.
 */
export async function writeBackendEnv(state: BackendEnvState): Promise<EnvWriteResult> {
  if (state.edit.changes.length === 0) return 'unchanged';
  const now = await readText(state.path);
  if ((now !== undefined) !== state.exists || (now ?? '') !== state.originalText) return 'changed-since-preview';
  // The real file when .env is a link the user made inside the workspace (the link stays); refused otherwise.
  await writeFileAtomic(await writeTargetWithin(state.workspace, state.path), state.edit.text, { mode: 0o600 });
  return 'written';
}

function readText(path: string): Promise<string | undefined> {
  return readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
}

function desiredEnv(input: BackendEnvInput): Record<string, string> | undefined {
  if (!input.domain || !input.resourceUrl) return undefined;
  return { AUTH0_DOMAIN: input.domain, AUTH0_RESOURCE_SERVER_URL: input.resourceUrl };
}

function envStep(
  input: BackendEnvInput,
  path: string,
  desired: Record<string, string> | undefined,
  edit: DotenvEdit,
  gitIgnored: boolean | undefined,
): StepState {
  const name = relative(input.workspace, path) || path;
  const base = { id: 'env', title: 'Backend .env', changes: edit.changes };
  if (!desired) {
    return { ...base, changes: [], status: 'unknown', summary: 'needs the Auth0 domain and a public URL' };
  }
  if (edit.changes.length > 0) {
    return {
      ...base,
      status: 'change',
      summary: `${name}: ${edit.changes.map((c) => c.field).join(', ')}`,
      diagnosis: {
        problem: `${name} does not match the tenant and the API identifier.`,
        fix: 'Write AUTH0_DOMAIN and AUTH0_RESOURCE_SERVER_URL; every other line stays as it is.',
        action: { kind: 'apply', stepId: 'env', label: 'Write .env' },
      },
    };
  }
  if (gitIgnored === false) {
    return {
      ...base,
      status: 'warning',
      summary: `${name} is not git-ignored`,
      diagnosis: { problem: `${name} is not ignored by git, so its secrets could be committed.`, fix: `Add "${name}" to .gitignore.` },
    };
  }
  return { ...base, status: 'ok', summary: `${name} matches` };
}

/** Asks git itself (it knows nested .gitignore files, global excludes and negations). */
function isGitIgnored(workspace: string, path: string): Promise<boolean | undefined> {
  return new Promise((done) => {
    execFile('git', ['check-ignore', '-q', '--', path], { cwd: workspace }, (error) => {
      if (!error) return done(true);
      const code = (error as { code?: number | string }).code;
      done(code === 1 ? false : undefined); // 128: not a repository; ENOENT: no git
    });
  });
}
