import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { checkPostgres, createPool, loadConfig, migrateTokens, ROLES, TokenStore, type Role } from '@pdca/platform';
import { runStep } from './preflight.js';
import { auditVerify } from './auditVerify.js';
import { rebuild } from './rebuild.js';

const USAGE = `usage:
  npm run admin -- token create --role <${ROLES.join('|')}> [--ministry <code>] [--name <name>]
  npm run admin -- token revoke <id>
  npm run admin -- projections rebuild <catalog|cycles|all>
  npm run admin -- audit verify`;

const ministries = (): Set<string> => {
  const file = fileURLToPath(new URL('../../seeds/catalog/ministries.json', import.meta.url));
  const registry = JSON.parse(readFileSync(file, 'utf8')) as { ministries: { code: string }[] };
  return new Set(registry.ministries.map((m) => m.code));
};

function fail(message: string): never {
  process.stderr.write(`admin: ${message}\n${USAGE}\n`);
  process.exit(2);
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { role: { type: 'string' }, ministry: { type: 'string' }, name: { type: 'string' } },
});

await runStep('admin', async () => {
  const [area, action, id] = positionals;
  if (area === 'audit') {
    if (action !== 'verify') fail('audit verify is the one audit command');
    await auditVerify();
    return;
  }
  if (area === 'projections') {
    if (action !== 'rebuild' || !id) fail('projections rebuild needs a projection name or all');
    await rebuild(id);
    return;
  }
  if (area !== 'token' || (action !== 'create' && action !== 'revoke')) fail('unknown command');
  if (action === 'create') {
    const role = values.role as Role | undefined;
    if (!role || !ROLES.includes(role)) fail(`--role must be one of ${ROLES.join(', ')}`);
    if (role === 'submitter' && !values.ministry) fail('a submitter token needs --ministry <code>');
    if (values.ministry && !ministries().has(values.ministry))
      fail(`unknown ministry ${values.ministry}: see seeds/catalog/ministries.json`);
  } else if (!id) fail('token revoke needs the token id');

  const config = loadConfig();
  await checkPostgres(config.databaseUrl);
  const pool = createPool(config, 'pdca-admin');
  try {
    await migrateTokens(pool);
    const tokens = new TokenStore(pool);
    if (action === 'create') {
      const created = await tokens.create({
        role: values.role as Role,
        ministry: values.ministry ?? null,
        ...(values.name && { name: values.name }),
      });
      process.stderr.write(
        `admin: created token ${created.id} (${values.role}${values.ministry ? `, ${values.ministry}` : ''}); it is shown once\n`,
      );
      process.stdout.write(`${created.token}\n`);
    } else {
      const revoked = await tokens.revoke(id!);
      process.stderr.write(revoked ? `admin: revoked token ${id}\n` : `admin: no live token ${id}\n`);
      if (!revoked) process.exitCode = 1;
    }
  } finally {
    await pool.end();
  }
});
