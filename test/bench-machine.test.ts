import { describe, expect, it } from 'vitest';
import { describeMachine, machineInfo, parseCpuinfo } from './bench/machine.js';
import { emptyRecord, renderMarkdown } from './bench/report.js';

/** The start of /proc/cpuinfo on the 2-core box the README's figures come from (flags shortened). */
const XEON = `processor\t: 0
vendor_id\t: GenuineIntel
model name\t: Intel(R) Xeon(R) Processor
cpu cores\t: 2
flags\t\t: fpu vme sse4_2 avx f16c avx2 avx512f avx512dq avx512bw avx512vl avx_vnni avx512_bf16 avx512_vnni
`;

/** An older laptop CPU: AVX2 but no AVX-512 and no VNNI (int8 inference runs several times slower). */
const HASWELL = `processor\t: 0
model name\t: Intel(R) Core(TM) i5-4300U CPU @ 1.90GHz
flags\t\t: fpu sse4_2 avx avx2 fma
`;

describe('the machine every benchmark figure is recorded with', () => {
  it('reads the CPU model and the four vector features from /proc/cpuinfo', () => {
    expect(parseCpuinfo(XEON)).toEqual({ cpu: 'Intel(R) Xeon(R) Processor', vectorFeatures: ['avx2', 'avx512f', 'avx512_vnni', 'avx_vnni'] });
  });

  it('lists only the features the CPU has, and never mistakes avx512vl for avx512f', () => {
    expect(parseCpuinfo(HASWELL)).toEqual({ cpu: 'Intel(R) Core(TM) i5-4300U CPU @ 1.90GHz', vectorFeatures: ['avx2'] });
    expect(parseCpuinfo('flags\t: avx512vl avx512_vnni_x\n').vectorFeatures).toEqual([]);
  });

  it('knows nothing from an empty cpuinfo (not Linux) rather than guessing', () => {
    expect(parseCpuinfo('')).toEqual({ cpu: null, vectorFeatures: [] });
  });

  it('describes this machine with its core count, Node version and features', () => {
    const m = machineInfo();
    expect(m.cores).toBeGreaterThan(0);
    expect(m.node).toBe(process.version);
    expect(describeMachine(m)).toContain(`${m.cores} cores`);
    expect(describeMachine(m)).toContain('vector features: ');
  });

  it('says "no AVX2/AVX-512/VNNI" for a CPU without them, and prints the features on the record', () => {
    const plain = { cpu: 'Some ARM core', cores: 4, ramGiB: 8, node: 'v20.19.0', os: 'Linux 6.1 arm64', vectorFeatures: [] };
    expect(describeMachine(plain)).toBe('Some ARM core, 4 cores, 8 GiB RAM, Node v20.19.0, Linux 6.1 arm64; vector features: no AVX2/AVX-512/VNNI');
    const record = { ...emptyRecord('npm run bench'), machine: { ...plain, vectorFeatures: ['avx2' as const, 'avx512_vnni' as const] } };
    expect(renderMarkdown(record)).toContain('vector features: avx2 avx512_vnni.');
  });
});
