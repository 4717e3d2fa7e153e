// The own-server project writer: what it writes, what it refuses (changing nothing), and the template kept in step
// with the product (every file listed and shipped, dependencies pinned to the versions the product tests with).

import { lstat, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOwnServerProject } from '../../src/core/project/own-server-project';
import { TEMPLATE_FILES, templateDir } from '../../src/core/project/template';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'own-server-unit-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function tree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.map((e) => relative(dir, join(e.parentPath, e.name)) + (e.isDirectory() ? '/' : '')).sort();
}

describe('createOwnServerProject', () => {
  it('writes the template and a .env (owner-only) with the tenant values and the port', async () => {
    const project = await createOwnServerProject({
      folder: join(root, 'Weather-App'),
      domain: 'https://My-Tenant.us.auth0.com/',
      resourceUrl: 'https://abc.ngrok.app/',
      port: 4321,
    });
    expect(project.missing).toEqual([]);
    expect(await tree(project.folder)).toEqual(['.env', 'src/', 'test/', ...Object.values(TEMPLATE_FILES)].sort());
    const env = await readFile(join(project.folder, '.env'), 'utf8');
    expect(env.split('\n').filter((l) => l && !l.startsWith('#'))).toEqual([
      'AUTH0_DOMAIN=my-tenant.us.auth0.com',
      'AUTH0_RESOURCE_SERVER_URL=https://abc.ngrok.app',
      'PORT=4321',
    ]);
    expect((await lstat(join(project.folder, '.env'))).mode & 0o077).toBe(0);
    expect(JSON.parse(await readFile(join(project.folder, 'package.json'), 'utf8')).name).toBe('weather-app');
    expect(JSON.parse(await readFile(join(project.folder, 'package-lock.json'), 'utf8')).packages[''].name).toBe('weather-app');
    expect(await readFile(join(project.folder, 'src/tools.ts'), 'utf8')).toBe(await readFile(join(templateDir(), 'src/tools.ts'), 'utf8'));
  });

  it('names what is still missing when the tenant and the public URL are not known yet', async () => {
    const project = await createOwnServerProject({ folder: join(root, 'new') });
    expect(project.missing.map((m) => m.split(':')[0])).toEqual(['AUTH0_DOMAIN', 'AUTH0_RESOURCE_SERVER_URL']);
    expect(project.env).toEqual({ PORT: '3000' });
  });

  it('refuses a non-empty folder (a dotfile is enough) and changes nothing', async () => {
    const folder = join(root, 'used');
    await mkdir(folder);
    await writeFile(join(folder, '.env'), 'SECRET=1\n');
    await expect(createOwnServerProject({ folder, domain: 'a.us.auth0.com' })).rejects.toMatchObject({ code: 'folder_not_empty' });
    expect(await tree(folder)).toEqual(['.env']);
    expect(await readFile(join(folder, '.env'), 'utf8')).toBe('SECRET=1\n');
  });

  it('refuses a folder that is a symbolic link, even to an empty folder, and a file', async () => {
    const target = join(root, 'elsewhere');
    await mkdir(target);
    await symlink(target, join(root, 'link'));
    await expect(createOwnServerProject({ folder: join(root, 'link') })).rejects.toThrow(/symbolic link/);
    expect(await readdir(target)).toEqual([]);
    await writeFile(join(root, 'file'), 'x');
    await expect(createOwnServerProject({ folder: join(root, 'file') })).rejects.toThrow(/is a file/);
  });

  it('refuses bad values before writing anything', async () => {
    await expect(createOwnServerProject({ folder: join(root, 'a'), resourceUrl: 'http://example.com' })).rejects.toMatchObject({ code: 'url_not_https' });
    await expect(createOwnServerProject({ folder: join(root, 'a'), domain: 'manage.auth0.com' })).rejects.toMatchObject({ code: 'domain_invalid' });
    expect(await readdir(root)).toEqual([]);
  });

  it('a failure part-way removes what it wrote and the folder it made, and nothing else', async () => {
    const template = join(root, 'template');
    await mkdir(join(template, 'src'), { recursive: true });
    for (const file of Object.keys(TEMPLATE_FILES).filter((f) => f !== 'test/server.test.ts')) {
      await writeFile(join(template, file), file.endsWith('.json') ? '{"name":"x","packages":{"":{}}}' : 'x');
    }
    await expect(createOwnServerProject({ folder: join(root, 'half'), template })).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readdir(root)).toEqual(['template']);
  });
});

describe('the template', () => {
  it('lists every file of templates/own-server (nothing forgotten, nothing extra)', async () => {
    expect((await tree(templateDir())).filter((f) => !f.endsWith('/') && !f.startsWith('node_modules'))).toEqual(Object.keys(TEMPLATE_FILES).sort());
  });

  it('pins exactly the versions this product is tested with', async () => {
    const template = JSON.parse(await readFile(join(templateDir(), 'package.json'), 'utf8'));
    const lock = JSON.parse(await readFile(join(templateDir(), '../../package-lock.json'), 'utf8'));
    const templateLock = JSON.parse(await readFile(join(templateDir(), 'package-lock.json'), 'utf8'));
    for (const deps of [template.dependencies, template.devDependencies]) {
      for (const [name, version] of Object.entries(deps as Record<string, string>)) {
        expect(version, name).toMatch(/^\d+\.\d+\.\d+$/);
        const tested = lock.packages[`node_modules/${name}`]?.version;
        if (tested) expect(version, `${name} (the product's package-lock.json has ${tested})`).toBe(tested);
        expect(templateLock.packages[`node_modules/${name}`].version, `${name} in the template's package-lock.json`).toBe(version);
      }
    }
    expect(Object.keys(template.dependencies)).toEqual(expect.arrayContaining(['@modelcontextprotocol/sdk', 'express', 'jose', 'zod']));
  });
});
