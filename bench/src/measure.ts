import { cpus } from 'node:os';
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export interface Throughput {
  readonly operations: number;
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly p50Ms?: number;
  readonly p99Ms?: number;
}

/** Runs `concurrency` loops of `operation` for `seconds`, recording each call's latency. */
export async function closedLoop(
  concurrency: number,
  seconds: number,
  eventsPerOperation: number,
  operation: (worker: number, i: number) => Promise<unknown>,
): Promise<Throughput> {
  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let i = 0; performance.now() < deadline; i++) {
        const t0 = performance.now();
        await operation(worker, i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
  return {
    operations: latencies.length,
    events: latencies.length * eventsPerOperation,
    seconds: round(elapsed),
    eventsPerSecond: Math.round((latencies.length * eventsPerOperation) / elapsed),
    p50Ms: at(0.5),
    p99Ms: at(0.99),
  };
}

export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

export function machine() {
  return { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version };
}

export async function writeResults(name: string, json: unknown, markdown: string): Promise<void> {
  const dir = fileURLToPath(new URL('../results/', import.meta.url));
  await mkdir(dir, { recursive: true });
  await writeFile(`${dir}${name}.json`, `${JSON.stringify(json, null, 2)}\n`);
  await writeFile(`${dir}${name}.md`, markdown);
  process.stdout.write(markdown);
}
