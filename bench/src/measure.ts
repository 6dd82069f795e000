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

interface Sample {
  latencies: number[];
  seconds: number;
}

/** Runs `concurrency` loops of `operation` for `seconds`, recording each call's latency. */
async function closedLoop(
  concurrency: number,
  seconds: number,
  operation: (worker: number, i: number) => Promise<unknown>,
): Promise<Sample> {
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let i = 0; performance.now() < deadline; i++) {
        const t0 = performance.now();
        await operation(worker, i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { latencies, seconds: (performance.now() - started) / 1000 };
}

function summarise(samples: Sample[], eventsPerOperation: number): Throughput {
  const latencies = samples.flatMap((s) => s.latencies).sort((a, b) => a - b);
  const seconds = samples.reduce((sum, s) => sum + s.seconds, 0);
  const at = (q: number) => round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
  return {
    operations: latencies.length,
    events: latencies.length * eventsPerOperation,
    seconds: round(seconds),
    eventsPerSecond: Math.round((latencies.length * eventsPerOperation) / seconds),
    p50Ms: at(0.5),
    p99Ms: at(0.99),
  };
}

export interface Contender {
  readonly eventsPerOperation: number;
  readonly operation: (worker: number, i: number) => Promise<unknown>;
}

/**
 * Measures a baseline and a contender in alternating rounds (baseline, contender, baseline, …), so that
 * drift on a shared machine (autovacuum, checkpoints, caches) affects both sides alike.
 */
export async function alternate(
  concurrency: number,
  totalSeconds: number,
  rounds: number,
  baseline: Contender,
  contender: Contender,
): Promise<{ baseline: Throughput; contender: Throughput }> {
  const a: Sample[] = [];
  const b: Sample[] = [];
  for (let r = 0; r < rounds; r++) {
    a.push(await closedLoop(concurrency, totalSeconds / rounds, baseline.operation));
    b.push(await closedLoop(concurrency, totalSeconds / rounds, contender.operation));
  }
  return { baseline: summarise(a, baseline.eventsPerOperation), contender: summarise(b, contender.eventsPerOperation) };
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
