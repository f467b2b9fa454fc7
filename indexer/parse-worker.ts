/**
 * One parse worker thread (see parse-pool.ts): builds the tokenizer it was told to, then reads, parses and
 * tokenises each batch of files it is sent and replies with the results in order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createJiebaTokenizer } from '../core/tokenizer/jieba-tokenizer.js';
import type { SidecarFile } from './versions/apply-versions.js';
import { parseFile, type ParsedFile, type SourceFile } from './parse-sources.js';
import type { WorkerJob, WorkerReply, WorkerSetup } from './parse-pool.js';

const setup = workerData as WorkerSetup;
const tokenizer = setup.tokenizer ? createJiebaTokenizer({ userDictPath: setup.tokenizer.userDictPath }) : undefined;

/** A Buffer arrives as a plain Uint8Array (structured clone); the readers want a Buffer. */
const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

parentPort?.on('message', (job: WorkerJob) => {
  void (async () => {
    let reply: WorkerReply;
    try {
      const results: ParsedFile[] = [];
      for (const file of job.files) {
        const sidecar: SidecarFile | null = file.sidecar ? { name: file.sidecar.name, bytes: asBuffer(file.sidecar.bytes) } : null;
        const source: SourceFile = { name: file.name, bytes: asBuffer(file.bytes), sidecar };
        results.push(await parseFile(source, tokenizer));
      }
      reply = { id: job.id, results };
    } catch (error) {
      reply = { id: job.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    }
    parentPort?.postMessage(reply);
  })();
});
