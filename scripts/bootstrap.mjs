// Runs before `npm start`, `npm test` and `npm run bench` on any clone: installs dependencies when the
// lockfile changed since the last install (or nothing is installed), then builds every workspace.
// Plain JavaScript on purpose: nothing is installed yet when it runs.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);

function run(command, args) {
  // Child output goes to stderr: stdout belongs to the command being run (e.g. a token being printed).
  const result = spawnSync(command, args, { stdio: ['inherit', process.stderr, 'inherit'] });
  if (result.status !== 0) {
    process.stderr.write(
      `bootstrap: \`${command} ${args.join(' ')}\` failed (exit ${result.status ?? result.signal})\n`,
    );
    process.exit(result.status ?? 1);
  }
}

const lockHash = createHash('sha256').update(readFileSync('package-lock.json')).digest('hex');
const stamp = 'node_modules/.pdca-lock-hash';
if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== lockHash) {
  process.stderr.write('bootstrap: installing dependencies (npm ci)…\n');
  run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=warn']);
  writeFileSync(stamp, lockHash);
}
run(process.execPath, ['node_modules/typescript/bin/tsc', '-b']);
