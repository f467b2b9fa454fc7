/**
 * The machine a figure was measured on. Every benchmark and load result prints and records this, so
 * numbers from different machines are never compared blind: the embedding model's int8 kernels are
 * several times faster with AVX-512 VNNI (or AVX-VNNI) than without, and a 2-core box shared with other
 * work is not a 16-core workstation.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';

/** The CPU vector extensions that decide how fast int8 inference and float scans run. */
export const VECTOR_FEATURES = ['avx2', 'avx512f', 'avx512_vnni', 'avx_vnni'] as const;

export type VectorFeature = (typeof VECTOR_FEATURES)[number];

export interface MachineInfo {
  cpu: string;
  cores: number;
  ramGiB: number;
  node: string;
  os: string;
  /** Which of VECTOR_FEATURES the CPU reports; empty when unknown (not Linux) or none. */
  vectorFeatures: VectorFeature[];
}

/** CPU model and vector features from the text of /proc/cpuinfo (the first processor's entry). */
export function parseCpuinfo(text: string): { cpu: string | null; vectorFeatures: VectorFeature[] } {
  const lines = text.split('\n');
  const value = (key: string): string | null => {
    const line = lines.find((l) => l.slice(0, l.indexOf(':')).trim() === key);
    return line === undefined ? null : line.slice(line.indexOf(':') + 1).trim();
  };
  const flags = new Set((value('flags') ?? '').split(/\s+/));
  return { cpu: value('model name'), vectorFeatures: VECTOR_FEATURES.filter((f) => flags.has(f)) };
}

/** This machine: CPU model and vector features from /proc/cpuinfo, cores, RAM, Node, OS. */
export function machineInfo(): MachineInfo {
  let parsed: ReturnType<typeof parseCpuinfo> = { cpu: null, vectorFeatures: [] };
  try {
    parsed = parseCpuinfo(readFileSync('/proc/cpuinfo', 'utf8'));
  } catch {
    // not Linux: os.cpus() still gives the model; the features stay unknown
  }
  return {
    cpu: parsed.cpu ?? os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    ramGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    vectorFeatures: parsed.vectorFeatures,
  };
}

/** One line for people: `Intel(R) Xeon(R) Processor, 2 cores, 23.4 GiB RAM, Node v20.19.5, Linux … (avx2 avx512f …)`. */
export function describeMachine(m: MachineInfo): string {
  // Records written before the features were recorded have no field: say so rather than "none".
  const features = m.vectorFeatures === undefined ? 'vector features not recorded' : m.vectorFeatures.length ? m.vectorFeatures.join(' ') : 'no AVX2/AVX-512/VNNI';
  return `${m.cpu}, ${m.cores} cores, ${m.ramGiB} GiB RAM, Node ${m.node}, ${m.os}; vector features: ${features}`;
}
